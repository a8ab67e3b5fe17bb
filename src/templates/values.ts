// What a template value can be, and the operations Jet applies to values: truth, printing,
// field/index access, length, iteration, comparison. Data arrives as Lua tables and byte
// strings and is read in place (no copy); values a template makes itself (`slice`, `map`)
// are JS arrays and Maps. A Lua table whose keys are exactly 1..n reads as a list indexed
// from 0, as the reference's Lua -> Go conversion makes it a slice; any other table is a map.

import { LuaTable } from '../lua/runtime/table.js';

/** A builtin function as a template value (e.g. `{{ f := upper }}`). */
export class Builtin {
  constructor(readonly name: string, readonly fn: (...args: unknown[]) => unknown) {}
}

export type TValue = unknown;

export const isNil = (v: TValue): boolean => v === undefined || v === null;

export function isList(v: TValue): boolean {
  if (Array.isArray(v)) return true;
  if (!(v instanceof LuaTable)) return false;
  const n = v.length();
  return n > 0 && v.count() === n;
}

export function isMap(v: TValue): boolean {
  return v instanceof Map || (v instanceof LuaTable && !isList(v));
}

export function length(v: TValue): number | undefined {
  if (typeof v === 'string') return v.length; // byte strings: bytes, as Go's len
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map) return v.size;
  if (v instanceof LuaTable) return v.count();
  if (isNil(v)) return 0;
  return undefined;
}

/** Jet's truth: zero values (nil, false, 0, "", empty list or map) are false. */
export function truthy(v: TValue): boolean {
  if (isNil(v)) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const n = length(v);
  return n === undefined ? true : n > 0;
}

/** `x.name`, `x["name"]`, `x[0]`; undefined when absent. `invalid` names a value without fields. */
export function access(base: TValue, key: TValue): { value: TValue } | { invalid: string } {
  if (base instanceof LuaTable) {
    if (typeof key === 'number' && isList(base)) return { value: base.get(key + 1) };
    return { value: base.get(key) };
  }
  if (Array.isArray(base)) {
    if (typeof key !== 'number') return { invalid: `a list has no field ${JSON.stringify(key)}` };
    return { value: base[key] };
  }
  if (base instanceof Map) return { value: base.get(key) };
  if (typeof base === 'string' && typeof key === 'number') {
    if (key < 0 || key >= base.length) return { invalid: `index ${key} out of range (length ${base.length})` };
    return { value: base.charCodeAt(key) };
  }
  if (isNil(base)) return { value: undefined };
  return { invalid: `${typeName(base)} has no fields or index` };
}

export function typeName(v: TValue): string {
  if (isNil(v)) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (isList(v)) return 'list';
  if (isMap(v) || v instanceof LuaTable) return 'map';
  if (v instanceof Builtin || typeof v === 'function') return 'function';
  return 'value';
}

/** Keys in a stable order: numbers ascending, then strings by bytes. */
function sortedKeys(keys: unknown[]): unknown[] {
  return keys.sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
}

/** The (key, value) pairs `range` visits, or undefined when the value cannot be ranged. */
export function entries(v: TValue): [TValue, TValue][] | undefined {
  if (isNil(v)) return [];
  if (Array.isArray(v)) return v.map((x, i) => [i, x]);
  if (v instanceof LuaTable) {
    if (isList(v)) {
      const n = v.length();
      const out: [TValue, TValue][] = [];
      for (let i = 1; i <= n; i++) out.push([i - 1, v.get(i)]);
      return out;
    }
    const keys: unknown[] = [];
    for (let kv = v.next(undefined); kv !== undefined; kv = v.next(kv[0])) keys.push(kv[0]);
    return sortedKeys(keys).map((k) => [k, v.get(k)]);
  }
  if (v instanceof Map) return sortedKeys([...v.keys()]).map((k) => [k, v.get(k)]);
  if (typeof v === 'number' && Number.isInteger(v)) return Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
  return undefined;
}

/** Numbers print as Go prints a float64 with %v: integers plainly, tiny and huge ones with an exponent. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [m, e] = n.toExponential().split('e');
    const exp = Number(e);
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** The text of a value as `{{ x }}` prints it (before escaping). A table met again inside
 * itself prints as `<cycle>` (Lua data may contain itself). */
export function toText(v: TValue, seen?: Set<unknown>): string {
  if (typeof v === 'string') return v;
  if (isNil(v)) return '';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof LuaTable || v instanceof Map || Array.isArray(v)) {
    const inside = seen ?? new Set<unknown>();
    if (inside.has(v)) return '<cycle>';
    inside.add(v);
    const text = isList(v)
      ? `[${entries(v)!.map(([, x]) => toText(x, inside)).join(' ')}]`
      : `map[${entries(v)!.map(([k, x]) => `${toText(k, inside)}:${toText(x, inside)}`).join(' ')}]`;
    inside.delete(v);
    return text;
  }
  if (v instanceof Builtin) return `<function ${v.name}>`;
  return '';
}

export function equal(a: TValue, b: TValue): boolean {
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  return a === b;
}
