// Value representation shared by the compiler, the runtime and every host module.
//
//   Lua        JavaScript
//   nil        undefined (never null)
//   boolean    boolean
//   number     number (a double: the reference dialect is Lua 5.1 numbers)
//   string     string whose char codes are all 0..255 (a byte string)
//   table      LuaTable
//   function   JS function (see LuaFunction)
//   userdata   Userdata
//   thread     Coroutine (defined in coroutine.ts)
//
// Calling convention. A Lua function is a JS function taking its arguments positionally.
// It returns a LuaResult:
//   - a single Lua value (the common case, no allocation),
//   - a JS array for zero or several values (`[]` = no values),
//   - a TailCall for `return f(args)`, which the caller runs in a trampoline loop so
//     that tail recursion never grows the JS stack.
// Use `first`, `all` (and their generator twins in coroutine code) to normalise a result.
//
// A function that may suspend (yield) also carries a generator twin in `$g`, with the
// same parameters. Generator code calls `f.$g` with `yield*` when it exists and the plain
// function otherwise; plain code always calls the plain function.

import { LuaTable } from './table.js';

export type LuaValue = any; // undefined | boolean | number | string | LuaTable | LuaFunction | Userdata | object

export type LuaResult = LuaValue | LuaValue[] | TailCall;

export type LuaGen = Generator<unknown, LuaResult, any>;

export interface LuaFunction {
  (...args: LuaValue[]): LuaResult;
  /** generator twin: present when the function may yield */
  $g?: (...args: LuaValue[]) => LuaGen;
  /** name shown in tracebacks and argument errors */
  $name?: string;
}

export class TailCall {
  constructor(public f: LuaValue, public args: LuaValue[]) {}
}

/** Host object visible to Lua: identity, a per-kind metatable and a JS payload. */
export class Userdata {
  constructor(public data: any, public mt: LuaTable | undefined) {
    // The metatable and its `__index` table belong to the host and are usually shared by
    // every process: read-only to Lua, or `getmetatable(ch).__index.send = f` would change
    // the channels of all processes. (Host code still fills them with setStr.)
    if (mt !== undefined) {
      mt.frozen = true;
      const idx = mt.getStr('__index');
      if (idx instanceof LuaTable) idx.frozen = true;
    }
  }
}

export const EMPTY: LuaValue[] = Object.freeze([]) as unknown as LuaValue[];

export { LuaTable };
