// The `env` module (lua-core §15.7, services §6.2): variables declared by env.variable
// entries, read and written through their storages (src/kinds/env.ts).
//
//   env.get(key)        -> value | nil, err   key: public name or entry id; NOT_FOUND when
//                                             neither the storage nor a default has a value
//   env.set(key, value) -> true | nil, err    read-only variable or storage: PERMISSION_DENIED
//   env.get_all()       -> {NAME = value}     public variables that have a value
// An empty key is INVALID.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { makeLib } from '../lua/lib/args.js';
import { numberToString } from '../lua/runtime/values.js';
import type { EnvSystem } from '../kinds/env.js';
import { KIND, fail } from './errors.js';
import type { Node } from '../kernel/process.js';
import { refusal } from '../security/guard.js';

function keyOf(v: LuaValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return undefined;
}

export function createEnvModule(env: () => EnvSystem | undefined, node?: Node): LuaTable {
  /** env.get / env.set on the variable (src/security/); undefined when allowed */
  const denied = (action: string, key: string) => {
    const no = node && refusal(node, action, key);
    return no === undefined ? undefined : fail(KIND.PERMISSION_DENIED, no);
  };
  const mod = makeLib({
    get: (...args: LuaValue[]) => {
      const key = keyOf(args[0]);
      if (key === undefined || key === '') return fail(KIND.INVALID, 'variable name is required');
      const no = denied('env.get', key);
      if (no) return no;
      const sys = env();
      if (sys === undefined) return fail(KIND.NOT_FOUND, `variable ${key} not found`);
      const r = sys.get(key);
      if ('error' in r) return fail(r.error.kind, r.error.message);
      return r.value;
    },
    set: (...args: LuaValue[]) => {
      const key = keyOf(args[0]);
      if (key === undefined || key === '') return fail(KIND.INVALID, 'variable name is required');
      const v = args[1];
      let value: string;
      if (typeof v === 'string') value = v;
      else if (typeof v === 'number') value = numberToString(v);
      else if (typeof v === 'boolean') value = v ? 'true' : 'false';
      else return fail(KIND.INVALID, 'value must be a string');
      const no = denied('env.set', key);
      if (no) return no;
      const sys = env();
      if (sys === undefined) return fail(KIND.NOT_FOUND, `variable ${key} not found`);
      const err = sys.set(key, value);
      if (err !== undefined) return fail(err.kind, err.message);
      return true;
    },
    get_all: () => {
      const t = new LuaTable();
      const sys = env();
      if (sys !== undefined) for (const [k, v] of sys.all()) if (denied('env.get', k) === undefined) t.setStr(k, v);
      return t;
    },
  });
  mod.frozen = true;
  return mod;
}
