// The `utf8` library (Lua 5.4). Lua strings are byte strings here (char codes 0..255), so
// this works on the UTF-8 bytes exactly as lutf8lib.c does, including its extended
// sequences of up to six bytes (code points up to 0x7FFFFFFF) and the optional `lax`
// argument that accepts surrogates and values above 0x10FFFF.

import { LuaTable } from '../runtime/table.js';
import { rtError } from '../runtime/errors.js';
import type { LuaValue } from '../runtime/types.js';
import { argError, checkInt, checkString, makeLib, optInt } from './args.js';

const MAXUNICODE = 0x10ffff;
const MAXUTF = 0x7fffffff;
const MSG_INVALID = 'invalid UTF-8 code';

/** Smallest code point that needs each number of continuation bytes (rejects overlongs). */
const LIMITS = [Infinity, 0x80, 0x800, 0x10000, 0x200000, 0x4000000];

function argv(a: IArguments): LuaValue[] {
  return Array.prototype.slice.call(a);
}

/** A continuation byte? (A position past the end reads as NaN, which is not.) */
function iscont(s: string, i: number): boolean {
  return (s.charCodeAt(i) & 0xc0) === 0x80;
}

/** Negative positions count from the end; too negative becomes 0 (u_posrelat). */
function posrelat(pos: number, len: number): number {
  if (pos >= 0) return pos;
  if (-pos > len) return 0;
  return len + pos + 1;
}

/**
 * Decode one sequence starting at byte i. Returns the index after it and sets `decoded`,
 * or returns -1 for an invalid sequence (utf8_decode).
 */
let decoded = 0;
function decode(s: string, i: number, strict: boolean): number {
  let c = s.charCodeAt(i);
  let res: number;
  if (!(c >= 0)) return -1; // past the end
  if (c < 0x80) {
    res = c;
  } else {
    let count = 0;
    res = 0;
    for (; c & 0x40; c <<= 1) {
      const cc = s.charCodeAt(i + ++count);
      if ((cc & 0xc0) !== 0x80) return -1;
      res = res * 64 + (cc & 0x3f);
    }
    if (count > 5) return -1;
    res += (c & 0x7f) * 2 ** (count * 5);
    if (res > MAXUTF || res < LIMITS[count]) return -1;
    i += count;
  }
  if (strict && (res > MAXUNICODE || (res >= 0xd800 && res <= 0xdfff))) return -1;
  decoded = res;
  return i + 1;
}

/** UTF-8 bytes of one code point, as a byte string (luaO_utf8esc). */
function encode(x: number): string {
  if (x < 0x80) return String.fromCharCode(x);
  const bytes: number[] = [];
  let mfb = 0x3f; // largest value that still fits in the first byte
  do {
    bytes.push(0x80 | (x & 0x3f));
    x = Math.floor(x / 64);
    mfb >>= 1;
  } while (x > mfb);
  bytes.push(((~mfb << 1) | x) & 0xff);
  return String.fromCharCode(...bytes.reverse());
}

function char(...codes: LuaValue[]): string {
  let out = '';
  for (let i = 0; i < codes.length; i++) {
    const c = checkInt(codes, i, 'char');
    if (c < 0 || c > MAXUTF) argError(i + 1, 'char', 'value out of range');
    out += encode(c);
  }
  return out;
}

function codepoint(s?: LuaValue, i?: LuaValue, j?: LuaValue, lax?: LuaValue): LuaValue[] {
  const args = argv(arguments);
  const str = checkString(args, 0, 'codepoint');
  const len = str.length;
  const posi = posrelat(optInt(args, 1, 'codepoint', 1), len);
  const pose = posrelat(optInt(args, 2, 'codepoint', posi), len);
  const strict = lax === undefined || lax === false;
  if (posi < 1) argError(2, 'codepoint', 'out of bounds');
  if (pose > len) argError(3, 'codepoint', 'out of bounds');
  // Lua's luaL_checkstack bound, as string.byte has: no multi-million result arrays
  if (pose - posi >= 1000000) rtError('string slice too long');
  const out: LuaValue[] = [];
  for (let p = posi - 1; p < pose;) {
    p = decode(str, p, strict);
    if (p < 0) rtError(MSG_INVALID);
    out.push(decoded);
  }
  return out;
}

/** Number of characters in s[i..j], or nil (fail) and the position of the first bad byte. */
function len(s?: LuaValue, i?: LuaValue, j?: LuaValue, lax?: LuaValue): LuaValue {
  const args = argv(arguments);
  const str = checkString(args, 0, 'len');
  const n = str.length;
  let posi = posrelat(optInt(args, 1, 'len', 1), n);
  let posj = posrelat(optInt(args, 2, 'len', -1), n);
  const strict = lax === undefined || lax === false;
  if (!(posi >= 1 && --posi <= n)) argError(2, 'len', 'initial position out of bounds');
  if (!(--posj < n)) argError(3, 'len', 'final position out of bounds');
  let count = 0;
  while (posi <= posj) {
    const next = decode(str, posi, strict);
    if (next < 0) return [undefined, posi + 1];
    posi = next;
    count++;
  }
  return count;
}

/** Byte position where the n-th character (counting from byte i) starts, or nil. */
function offset(s?: LuaValue, n?: LuaValue, i?: LuaValue): LuaValue {
  const args = argv(arguments);
  const str = checkString(args, 0, 'offset');
  const size = str.length;
  let k = checkInt(args, 1, 'offset');
  let posi = posrelat(optInt(args, 2, 'offset', k >= 0 ? 1 : size + 1), size);
  if (!(posi >= 1 && --posi <= size)) argError(3, 'offset', 'position out of bounds');
  if (k === 0) {
    // start of the character that contains byte i
    while (posi > 0 && iscont(str, posi)) posi--;
    return posi + 1;
  }
  if (iscont(str, posi)) rtError('initial position is a continuation byte');
  if (k < 0) {
    while (k < 0 && posi > 0) {
      do posi--; while (posi > 0 && iscont(str, posi));
      k++;
    }
  } else {
    k--; // the first character is the one at posi
    while (k > 0 && posi < size) {
      do posi++; while (iscont(str, posi));
      k--;
    }
  }
  return k === 0 ? posi + 1 : undefined;
}

function codesIterator(strict: boolean): (s: LuaValue, i: LuaValue) => LuaValue {
  return function (s: LuaValue, i: LuaValue): LuaValue {
    const str = typeof s === 'string' ? s : checkString([s], 0, 'for iterator');
    const size = str.length;
    let n = typeof i === 'number' ? i : 0;
    if (n < 0) return undefined;
    // i is the position of the previous character: skip its continuation bytes (on the
    // first call there is none, so a leading continuation byte is an invalid code)
    if (n > 0) while (n < size && iscont(str, n)) n++;
    if (n >= size) return undefined;
    const next = decode(str, n, strict);
    if (next < 0 || iscont(str, next)) rtError(MSG_INVALID);
    return [n + 1, decoded];
  };
}

const iterStrict = codesIterator(true);
const iterLax = codesIterator(false);

function codes(s?: LuaValue, lax?: LuaValue): LuaValue[] {
  const str = checkString(argv(arguments), 0, 'codes');
  const strict = lax === undefined || lax === false;
  return [strict ? iterStrict : iterLax, str, 0];
}

export function createUtf8Lib(): LuaTable {
  return makeLib({
    char,
    charpattern: '[\0-\x7F\xC2-\xFD][\x80-\xBF]*',
    codes,
    codepoint,
    len,
    offset,
  });
}
