// The `ctx` module (lua-core §10): read-only access to the context values of the running
// process or function call, set by `process.with_context(...)`, `funcs.new():with_context`
// (and inherited by function calls from their caller).
//
//   ctx.get(key) -> value | nil, err   empty key: INVALID; missing key: NOT_FOUND;
//                                      no context at all: INTERNAL
//   ctx.all()    -> table              a copy of every value (empty without a context)
//
// Values are copies: a table read from the context can be changed without affecting it.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { makeLib } from '../lua/lib/args.js';
import { copyValue } from '../kernel/copy.js';
import type { Node } from '../kernel/process.js';
import { KIND, fail } from './errors.js';

export function createCtxModule(node: Node): LuaTable {
  const context = (): LuaTable | undefined | null => {
    const p = node.current;
    if (p === undefined) return null;
    const c = p.ctx.context;
    return c instanceof LuaTable ? c : undefined;
  };
  const mod = makeLib({
    get: (...args: LuaValue[]) => {
      const key = args[0];
      if (key === undefined || key === '') return fail(KIND.INVALID, 'context key is required');
      if (typeof key !== 'string' && typeof key !== 'number') return fail(KIND.INVALID, 'context key must be a string');
      const c = context();
      if (c === null) return fail(KIND.INTERNAL, 'no process context');
      if (c === undefined) return fail(KIND.INTERNAL, 'no context values available');
      const v = c.get(key);
      if (v === undefined) return fail(KIND.NOT_FOUND, `context key '${key}' not found`);
      return copyValue(v);
    },
    all: () => {
      const c = context();
      if (c === null) return fail(KIND.INTERNAL, 'no process context');
      if (c === undefined) return new LuaTable();
      return copyValue(c);
    },
  });
  mod.frozen = true;
  return mod;
}
