// The `json` module (spec lua-core §15.1): encode, decode, validate, validate_string.
//
// Encoding writes the text directly from Lua values (no intermediate JS objects: those
// would reorder integer-like keys). Rules, as the reference has them:
// - a table with only keys 1..n is an array; holes or integer keys past n are an error
//   ("sparse array"); positive integer keys together with other keys are an error
//   ("mixed-key table");
// - other tables are objects; keys are written in ascending byte order so equal tables
//   give identical text; number keys are written as numbers ("1.5", "-1"), boolean keys as
//   "true"/"false"; keys of other types are skipped;
// - an empty table is `[]` unless it ever held a non-sequence key (LuaTable.hadHash),
//   then `{}` (spec §19 #23);
// - integral numbers print as integers, others in plain decimal (Go's 'f' format: no
//   exponent); NaN and infinities print as `null`;
// - strings are byte strings: UTF-8 is decoded for the output (invalid bytes become U+FFFD);
// - Error objects print as their message; other userdata, functions and threads as `null`;
// - nesting deeper than 128 and cycles are errors.
// Failures return `nil, err` with kind INTERNAL (the reference's kind).
//
// Decoding runs V8's JSON.parse and converts the result: objects become tables with string
// keys (marked as objects, so `{}` encodes back to `{}`), arrays become sequences, `null`
// becomes nil (holes in arrays), strings become UTF-8 byte strings. Invalid JSON returns
// `nil, err` with kind INTERNAL (reference) and a message naming the byte offset, found by
// a small scanner that only runs on the error path. A non-string or empty argument gives
// kind INVALID.

import { makeLib } from '../lua/lib/args.js';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText } from '../lua/runtime/values.js';
import { ErrorValue, KIND, fail } from './errors.js';
import { validateJson } from './jsonschema.js';
import { describeSyntaxError } from './jsonsyntax.js';

const MAX_DEPTH = 128;

/** An encoding failure; caught at the top of `encode` and returned as `nil, err`. */
class EncodeError {
  constructor(public message: string) {}
}

// ---- encoding -------------------------------------------------------------------------

// Bytes that keep a string off the fast path: quote, backslash, controls, non-ASCII.
const NEEDS_ESCAPE = /["\\\u0000-\u001f\u0080-\u00ff]/;

/** A JSON string literal for a Lua byte string, itself a byte string (UTF-8 kept). */
function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return '"' + s + '"';
  return toBytes(JSON.stringify(bytesToText(s)));
}

const NON_ASCII = /[^\u0000-\u007f]/;

/** JS text -> UTF-8 byte string; a regex test is faster than a char loop on V8. */
function toBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s;
}

const TWO53 = 9007199254740992;
const TWO63 = 9223372036854775808;

/** A JSON number: integers as integers, other finite values in plain decimal. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) {
    if (n > -TWO53 && n < TWO53) return n === 0 ? '0' : String(n);
    if (n >= -TWO63 && n < TWO63) return BigInt(n).toString();
    return plainDecimal(n);
  }
  if (n !== n || n === Infinity || n === -Infinity) return 'null';
  return plainDecimal(n);
}

/** Shortest round-trip digits without an exponent (Go's FormatFloat(f, 'f', -1, 64)). */
function plainDecimal(n: number): string {
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // exponent form always has one digit before the point: d.ddde±x
  const neg = s[0] === '-';
  const mant = s.slice(neg ? 1 : 0, e).replace('.', '');
  const point = 1 + Number(s.slice(e + 1)); // where the decimal point falls in mant
  let out: string;
  if (point <= 0) out = '0.' + '0'.repeat(-point) + mant;
  else if (point >= mant.length) out = mant + '0'.repeat(point - mant.length);
  else out = mant.slice(0, point) + '.' + mant.slice(point);
  return neg ? '-' + out : out;
}

/** Text of a non-string object key, as the reference writes it. */
function keyText(k: LuaValue): string | undefined {
  if (typeof k === 'number') {
    if (k === Infinity) return '+Inf';
    if (k === -Infinity) return '-Inf';
    return Object.is(k, -0) ? '-0' : plainDecimal(k);
  }
  if (typeof k === 'boolean') return k ? 'true' : 'false';
  return undefined; // tables, functions, userdata as keys: skipped
}

// Tables on the current path, by depth: only read to tell a cycle from deep nesting.
const path: LuaTable[] = [];

function encodeValue(v: LuaValue, depth: number): string {
  switch (typeof v) {
    case 'string': return quote(v);
    case 'number': return formatNumber(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
  }
  if (v instanceof LuaTable) return encodeTable(v, depth);
  if (v instanceof Userdata) {
    if (v.data instanceof ErrorValue) return quote(v.data.message);
    if (typeof v.data === 'string') return quote(v.data);
  }
  return 'null';
}

function encodeTable(t: LuaTable, depth: number): string {
  if (depth > MAX_DEPTH) {
    throw new EncodeError(path.slice(0, depth).includes(t)
      ? 'cannot encode recursively nested tables to JSON'
      : 'exceeded maximum nesting depth for JSON encoding');
  }
  path[depth] = t;
  if (t.hashSize() === 0) {
    if (t.arr.length === 0) return t.hadHash ? '{}' : '[]';
    return encodeArray(t.arr, depth);
  }
  if (t.arr.length > 0) throw new EncodeError(mixedOrSparse(t));
  return encodeObject(t, depth);
}

function encodeArray(arr: LuaValue[], depth: number): string {
  let s = '[';
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (x === undefined) throw new EncodeError('cannot encode sparse array: non-contiguous numeric keys found');
    if (i > 0) s += ',';
    s += typeof x === 'string' ? quote(x) : encodeValue(x, depth + 1);
  }
  return s + ']';
}

/** With an array part, a hash is either more integer keys (past a gap) or other keys. */
function mixedOrSparse(t: LuaTable): string {
  let mixed = false;
  t.forEachHash((k) => (mixed = !isPositiveInt(k)));
  if (mixed) return 'cannot encode mixed-key table: table has both numeric and non-numeric keys';
  return 'cannot encode sparse array: non-contiguous numeric keys found';
}

function isPositiveInt(k: LuaValue): boolean {
  return typeof k === 'number' && k > 0 && Number.isInteger(k);
}

/** Byte order (code units 0..255). Insertion sort for the usual narrow object: much
 * cheaper than Array#sort's generic comparator there. */
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const k = keys[i];
    let j = i;
    while (j > 0 && keys[j - 1] > k) {
      keys[j] = keys[j - 1];
      j--;
    }
    keys[j] = k;
  }
}

function encodeObject(t: LuaTable, depth: number): string {
  const keys: string[] = [];
  let plain = true;
  t.forEachHash((k) => {
    if (typeof k === 'string') keys.push(k);
    else return !(plain = false);
  });
  if (!plain) return encodeMixedObject(t, depth);
  if (keys.length > 1) sortKeys(keys);
  let s = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    const x = t.getStr(k);
    if (i > 0) s += ',';
    s += quote(k) + ':' + (typeof x === 'string' ? quote(x) : encodeValue(x, depth + 1));
  }
  return s + '}';
}

/** Objects with number/boolean keys: sorted by written key, then string before number
 * before boolean when two keys write the same (as the reference ranks them). */
function encodeMixedObject(t: LuaTable, depth: number): string {
  const entries: { key: string; rank: number; value: LuaValue }[] = [];
  let positiveInts = 0;
  t.forEachHash((k, value) => {
    if (typeof k === 'string') { entries.push({ key: k, rank: 0, value }); return; }
    if (isPositiveInt(k)) { positiveInts++; return; }
    const key = keyText(k);
    if (key !== undefined) entries.push({ key, rank: typeof k === 'number' ? 1 : 2, value });
  });
  if (positiveInts > 0) {
    // positive integer keys: with other keys it is mixed; alone, past a gap, sparse
    throw new EncodeError(entries.length > 0 || t.hashSize() > positiveInts
      ? 'cannot encode mixed-key table: table has both numeric and non-numeric keys'
      : 'cannot encode sparse array: non-contiguous numeric keys found');
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.rank - b.rank));
  let s = '{';
  for (let i = 0; i < entries.length; i++) {
    if (i > 0) s += ',';
    s += quote(entries[i].key) + ':' + encodeValue(entries[i].value, depth + 1);
  }
  return s + '}';
}

/** Lua value -> JSON text (a byte string), or an EncodeError. */
export function encodeJson(v: LuaValue): string | EncodeError {
  try {
    return encodeValue(v, 0);
  } catch (e) {
    if (e instanceof EncodeError) return e;
    if (e instanceof RangeError) return new EncodeError('exceeded maximum nesting depth for JSON encoding');
    throw e;
  } finally {
    path.length = 0;
  }
}

// ---- decoding -------------------------------------------------------------------------

class DecodeDepthError {}

/** Converts decoded JS strings to byte strings; the identity when the input text was
 * ASCII without \u escapes (then every decoded string is ASCII). */
let strBytes: (s: string) => string = toBytes;
const same = (s: string) => s;

function toLua(v: unknown, depth: number): LuaValue {
  switch (typeof v) {
    case 'string': return strBytes(v);
    case 'number': return v === 0 ? 0 : v; // -0 decodes as 0, like an int64
    case 'boolean': return v;
  }
  if (v === null) return undefined;
  if (depth >= MAX_DEPTH) throw new DecodeDepthError();
  if (Array.isArray(v)) {
    const a = new Array<LuaValue>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      a[i] = typeof x === 'string' ? strBytes(x) : toLua(x, depth + 1);
    }
    return new LuaTable(a); // trims trailing nils; inner nulls stay holes
  }
  const t = new LuaTable();
  t.hadHash = true; // a JSON object: `{}` encodes back as `{}`
  const o = v as Record<string, unknown>;
  for (const k in o) {
    const x = o[k];
    const lv = typeof x === 'string' ? strBytes(x) : toLua(x, depth + 1);
    if (lv !== undefined) t.setStr(strBytes(k), lv);
  }
  return t;
}

/** JSON text (a byte string) -> JS value, or why the text is not valid JSON. */
export function parseJsonBytes(s: string): { ok: true; value: unknown } | { ok: false; message: string } {
  // the SyntaxError's own stack is never used: not capturing it halves the failure cost
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { ok: true, value: JSON.parse(NON_ASCII.test(s) ? bytesToText(s) : s) };
  } catch {
    return { ok: false, message: describeSyntaxError(s) };
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// ---- the module -----------------------------------------------------------------------

function encode(v: LuaValue): LuaValue {
  const r = encodeJson(v);
  if (r instanceof EncodeError) return fail(KIND.INTERNAL, r.message, { retryable: false, context: 'encode failed' });
  return r;
}

function decode(s: LuaValue): LuaValue {
  if (typeof s !== 'string') return fail(KIND.INVALID, 'string expected', { retryable: false });
  if (s === '') return fail(KIND.INVALID, 'empty string is not valid JSON', { retryable: false });
  const p = parseJsonBytes(s);
  if (!p.ok) return fail(KIND.INTERNAL, p.message, { retryable: false, context: 'decode failed' });
  strBytes = NON_ASCII.test(s) || s.includes('\\u') ? toBytes : same;
  try {
    return toLua(p.value, 0);
  } catch (e) {
    if (e instanceof DecodeDepthError) {
      return fail(KIND.INTERNAL, 'json: maximum nesting depth exceeded', { retryable: false, context: 'decode failed' });
    }
    throw e;
  }
}

let jsonModule: LuaTable | undefined;

/** The `json` module: one frozen table shared by every process. */
export function createJsonModule(): LuaTable {
  if (jsonModule === undefined) {
    jsonModule = makeLib({
      encode,
      decode,
      validate: (schema: LuaValue, data: LuaValue) => validateJson(schema, data, false),
      validate_string: (schema: LuaValue, data: LuaValue) => validateJson(schema, data, true),
    });
    jsonModule.frozen = true;
  }
  return jsonModule;
}
