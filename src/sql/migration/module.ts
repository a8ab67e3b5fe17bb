// The `migration` module: the Lua DSL of dsl.lua.ts, instantiated once per runtime with
// the `sql` module and one host helper, `set_globals`, that installs the DSL functions in
// the calling process's own globals (the migration chunk calls them as globals, as with
// the framework library, which shares _G with the entry that imports it).

import { compileCached } from '../../lua/state.js';
import { LuaTable } from '../../lua/runtime/table.js';
import { first } from '../../lua/runtime/ops.js';
import { rtError } from '../../lua/runtime/errors.js';
import type { LuaValue } from '../../lua/runtime/types.js';
import { createProcessGlobals } from '../../system/env.js';
import type { Runtime } from '../../system/runtime.js';
import { MIGRATION_LUA } from './dsl.lua.js';

export function createMigrationModule(rt: Runtime, sql: LuaValue): LuaValue {
  const env = createProcessGlobals(rt.base);
  env.setStr('sql', sql);
  env.setStr('set_globals', (t: LuaValue) => {
    const p = rt.node.current;
    if (p === undefined || !(t instanceof LuaTable)) return rtError('migration DSL needs a process');
    let k: LuaValue = undefined;
    for (;;) {
      const n = t.next(k);
      if (n === undefined) break;
      k = n[0];
      p.env.set(k, n[1]);
    }
    return undefined;
  });
  const mod = first(compileCached(MIGRATION_LUA, '=migration').instantiate(env)());
  if (mod instanceof LuaTable) mod.frozen = true;
  return mod;
}
