// Argument checks for library functions, with Lua's wording:
//   bad argument #1 to 'insert' (table expected, got nil)

import { rtError } from '../runtime/errors.js';
import { LuaTable } from '../runtime/table.js';
import type { LuaFunction, LuaValue } from '../runtime/types.js';
import { numberToString, str2number, type } from '../runtime/values.js';

export function argError(n: number, fname: string, msg: string): never {
  return rtError(`bad argument #${n} to '${fname}' (${msg})`);
}

function typeName(v: LuaValue, present: boolean): string {
  return present ? type(v) : 'no value';
}

export function typeError(n: number, fname: string, expected: string, v: LuaValue, present = true): never {
  return argError(n, fname, `${expected} expected, got ${typeName(v, present)}`);
}

export function checkTable(args: LuaValue[], i: number, fname: string): LuaTable {
  const v = args[i];
  if (v instanceof LuaTable) return v;
  return typeError(i + 1, fname, 'table', v, i < args.length);
}

export function checkString(args: LuaValue[], i: number, fname: string): string {
  const v = args[i];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return typeError(i + 1, fname, 'string', v, i < args.length);
}

export function optString(args: LuaValue[], i: number, fname: string, dflt: string): string {
  const v = args[i];
  if (v === undefined) return dflt;
  return checkString(args, i, fname);
}

export function checkNumber(args: LuaValue[], i: number, fname: string): number {
  const v = args[i];
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = str2number(v);
    if (n !== undefined) return n;
  }
  return typeError(i + 1, fname, 'number', v, i < args.length);
}

export function optNumber(args: LuaValue[], i: number, fname: string, dflt: number): number {
  const v = args[i];
  if (v === undefined) return dflt;
  return checkNumber(args, i, fname);
}

/** An integer argument: floats are truncated toward zero like Lua 5.1's luaL_checkint. */
export function checkInt(args: LuaValue[], i: number, fname: string): number {
  const n = checkNumber(args, i, fname);
  if (!Number.isFinite(n)) return n > 0 ? Number.MAX_SAFE_INTEGER : n < 0 ? -Number.MAX_SAFE_INTEGER : 0;
  return Math.trunc(n);
}

export function optInt(args: LuaValue[], i: number, fname: string, dflt: number): number {
  const v = args[i];
  if (v === undefined) return dflt;
  return checkInt(args, i, fname);
}

export function checkFunction(args: LuaValue[], i: number, fname: string): LuaFunction {
  const v = args[i];
  if (typeof v === 'function') return v;
  return typeError(i + 1, fname, 'function', v, i < args.length);
}

export function checkAny(args: LuaValue[], i: number, fname: string): LuaValue {
  if (i >= args.length) return argError(i + 1, fname, 'value expected');
  return args[i];
}

/** Build a library table from JS functions; each gets `$name` for messages. */
export function makeLib(fns: Record<string, LuaFunction | LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(fns)) {
    if (typeof v === 'function' && (v as LuaFunction).$name === undefined) (v as LuaFunction).$name = k;
    t.setStr(k, v);
  }
  return t;
}
