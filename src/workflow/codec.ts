// Lua values <-> JSON text, for what a workflow store keeps: start arguments, step outputs,
// signal payloads, results and errors.
//
// Plain data stays readable (`wippy workflow show` prints it): a sequence is a JSON array, a
// table with string keys a JSON object. Everything else is tagged with a `$` key:
//   {"$t": [[k, v], ...]}        a table with other keys (numbers, booleans) or `$` keys
//   {"$error": {kind, message, retryable?, details?}}   an Error object
//   {"$time": "<unix ns>", "zone": "..."}                a Time value
//   {"$duration": ns}                                   a Duration value
//   {"$num": "inf" | "-inf" | "nan"}                    numbers JSON cannot hold
// Strings are Lua byte strings (char codes 0-255); JSON keeps them exactly.
// Functions, coroutines and process-local userdata (channels) cannot be recorded: encoding
// them is an error the caller reports (a workflow cannot depend on them across a restart).

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { type as luaType } from '../lua/runtime/values.js';
import { errorOf, ErrorValue, luaError, KIND } from '../modules/errors.js';
import { toTime, newTime, isDuration, newDuration, loadLocation, UTC } from '../modules/time/index.js';

export class CodecError extends Error {}

/** JSON text of a Lua value; throws CodecError for values that cannot be recorded. */
export function encodeValue(v: LuaValue): string {
  return JSON.stringify(toJson(v, 0));
}

/** The Lua value of JSON text made by encodeValue (or any JSON). */
export function decodeValue(text: string | null | undefined): LuaValue {
  if (text === null || text === undefined || text === '') return undefined;
  return fromJson(JSON.parse(text));
}

export function toJson(v: LuaValue, depth: number): unknown {
  if (depth > 100) throw new CodecError('value nested too deeply to record');
  switch (typeof v) {
    case 'undefined': return null;
    case 'boolean': case 'string': return v;
    case 'number':
      if (Number.isFinite(v)) return Object.is(v, -0) ? 0 : v;
      return { $num: Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf' };
  }
  if (v instanceof LuaTable) return tableJson(v, depth);
  const e = errorOf(v);
  if (e !== undefined) return { $error: errorJson(e, depth) };
  const t = toTime(v);
  if (t !== undefined) return { $time: t.ns.toString(), zone: t.loc.name };
  if (isDuration(v)) return { $duration: v.data as number };
  throw new CodecError(`a ${luaType(v)} value cannot be recorded in a workflow (only data: nil, booleans, numbers, strings, tables, errors, times)`);
}

function errorJson(e: ErrorValue, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = { kind: e.kind, message: e.message };
  if (e.retryable !== undefined) o.retryable = e.retryable;
  if (e.details !== undefined) o.details = toJson(e.details, depth + 1);
  return o;
}

function tableJson(t: LuaTable, depth: number): unknown {
  if (t.hashSize() === 0) {
    if (t.arr.length === 0) return t.hadHash ? {} : [];
    return t.arr.map((x) => toJson(x, depth + 1));
  }
  let plain = t.arr.length === 0;
  if (plain) t.forEachHash((k) => (plain = typeof k === 'string' && !k.startsWith('$')) === false);
  if (plain) {
    // no prototype: a Lua key "__proto__" is an own property like any other
    const o: Record<string, unknown> = Object.create(null);
    t.forEachHash((k, x) => { o[k as string] = toJson(x, depth + 1); });
    return o;
  }
  const pairs: unknown[] = [];
  t.arr.forEach((x, i) => { if (x !== undefined) pairs.push([i + 1, toJson(x, depth + 1)]); });
  t.forEachHash((k, x) => { pairs.push([toJson(k, depth + 1), toJson(x, depth + 1)]); });
  return { $t: pairs };
}

export function fromJson(j: unknown): LuaValue {
  if (j === null || j === undefined) return undefined;
  if (typeof j === 'string' || typeof j === 'number' || typeof j === 'boolean') return j;
  if (Array.isArray(j)) return new LuaTable(j.map(fromJson));
  const o = j as Record<string, unknown>;
  if ('$t' in o && Array.isArray(o.$t)) {
    const t = new LuaTable();
    for (const p of o.$t as unknown[][]) {
      const k = fromJson(p[0]);
      if (k !== undefined) t.set(k, fromJson(p[1]));
    }
    return t;
  }
  if ('$error' in o) return errorFromJson(o.$error as Record<string, unknown>);
  if ('$time' in o) {
    const l = typeof o.zone === 'string' ? loadLocation(o.zone) : UTC;
    return newTime(BigInt(o.$time as string), 'kind' in l ? UTC : l);
  }
  if ('$duration' in o) return newDuration(Number(o.$duration));
  if ('$num' in o) return o.$num === 'nan' ? NaN : o.$num === 'inf' ? Infinity : -Infinity;
  const t = new LuaTable();
  for (const [k, x] of Object.entries(o)) {
    const v = fromJson(x);
    if (v !== undefined) t.setStr(k, v);
  }
  t.hadHash = true;
  return t;
}

export function errorFromJson(o: Record<string, unknown>): Userdata {
  const details = o.details === undefined ? undefined : fromJson(o.details);
  return luaError(new ErrorValue(typeof o.kind === 'string' ? o.kind : KIND.UNKNOWN, String(o.message ?? ''), {
    retryable: typeof o.retryable === 'boolean' ? o.retryable : undefined,
    details: details instanceof LuaTable ? details : undefined,
  }));
}

/** JSON text of an error value (any Lua value a failed run or activity reports). */
export function encodeError(v: LuaValue): string {
  const e = errorOf(v);
  if (e !== undefined) return JSON.stringify(errorJson(e, 0));
  return JSON.stringify({ kind: KIND.UNKNOWN, message: typeof v === 'string' ? v : String(luaType(v)) });
}

export function decodeError(text: string): Userdata {
  return errorFromJson(JSON.parse(text) as Record<string, unknown>);
}

/** A plain JS view of stored JSON for display (CLI): tags are shown as they are. */
export function jsonText(text: string | null | undefined): string {
  return text === null || text === undefined ? 'nil' : text;
}

/** Plain JSON (CLI input, start arguments from YAML) -> Lua; strings stay text (UTF-8 bytes). */
export function isTag(o: unknown): boolean {
  return typeof o === 'object' && o !== null && Object.keys(o).some((k) => k.startsWith('$'));
}
