// Conversions between Lua values and text: type names, number formatting, tonumber.

import { LuaTable } from './table.js';
import { Userdata, type LuaValue } from './types.js';

/** Set by coroutine.ts, to avoid an import cycle. */
export const threadClass: { ctor: Function | undefined } = { ctor: undefined };

export function type(v: LuaValue): string {
  switch (typeof v) {
    case 'undefined': return 'nil';
    case 'boolean': return 'boolean';
    case 'number': return 'number';
    case 'string': return 'string';
    case 'function': return 'function';
    default:
      if (v instanceof LuaTable) return 'table';
      if (v instanceof Userdata) return 'userdata';
      if (threadClass.ctor !== undefined && v instanceof threadClass.ctor) return 'thread';
      return 'userdata';
  }
}

/**
 * Number to text as the reference prints it: integral values as integers (`3`, `-0` as
 * `-0`... see below), other values in Go's shortest `%v` form (`0.1`, `1.2345675e+06`,
 * `1e-05`), and `inf`, `-inf`, `nan` (printed as Lua on Linux does: `inf`, `-inf`, `nan`
 * or `-nan`; we print `nan`).
 */
export function numberToString(n: number): string {
  if (Number.isInteger(n)) {
    if (n >= -9007199254740992 && n <= 9007199254740992) {
      return Object.is(n, -0) ? '-0' : String(n);
    }
    if (n > -9.223372036854776e18 && n < 9.223372036854776e18) return BigInt(n).toString();
    return goShortest(n);
  }
  if (n !== n) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  return goShortest(n);
}

/** Go's `%v` for a float64 (strconv 'g' with shortest precision): the shortest digits that
 * round-trip, in exponent form when the decimal exponent is < -4 or >= 6. */
function goShortest(n: number): string {
  // JS gives us the shortest round-trip digits; only the layout differs from Go.
  const neg = n < 0;
  const s = (neg ? -n : n).toExponential(); // d.ddddde±x, shortest digits
  const eIdx = s.indexOf('e');
  const mant = s.slice(0, eIdx).replace('.', '');
  const exp = Number(s.slice(eIdx + 1));
  let out: string;
  if (exp < -4 || exp >= 6) {
    const m = mant.length > 1 ? `${mant[0]}.${mant.slice(1)}` : mant;
    const ae = Math.abs(exp);
    out = `${m}e${exp < 0 ? '-' : '+'}${ae < 10 ? '0' + ae : ae}`;
  } else if (exp < 0) {
    out = '0.' + '0'.repeat(-exp - 1) + mant;
  } else if (mant.length <= exp + 1) {
    out = mant + '0'.repeat(exp + 1 - mant.length);
  } else {
    out = mant.slice(0, exp + 1) + '.' + mant.slice(exp + 1);
  }
  return neg ? '-' + out : out;
}

const WS = /^[ \t\n\r\f\v]*$/;

/** Lua's string->number conversion (`tonumber(s)` and arithmetic coercion). */
export function str2number(s: string): number | undefined {
  let t = s.trim();
  // Lua's whitespace set is a subset of JS trim's; reject exotic JS whitespace
  if (t.length !== s.length && !WS.test(s.slice(0, s.indexOf(t[0] ?? '')))) return undefined;
  if (t === '') return undefined;
  let neg = false;
  let body = t;
  if (body[0] === '-' || body[0] === '+') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  if (/^0[xX]/.test(body)) {
    const hex = body.slice(2);
    if (/^[0-9a-fA-F]+$/.test(hex)) {
      let v = 0;
      for (let i = 0; i < hex.length; i++) v = v * 16 + parseInt(hex[i], 16);
      return neg ? -v : v;
    }
    // hex float: 0x1.8p3
    const m = /^([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(hex);
    if (m === null || (m[1] === '' && (m[2] === undefined || m[2] === ''))) return undefined;
    // Like lua_strx2number: keep at most 30 significant digits (120 bits, more than a
    // double holds) and count the rest in the binary exponent, so long digit strings
    // ('0xe03' .. 1000 zeros .. 'p-4000') neither overflow nor lose their scale.
    let v = 0, e = 0, sig = 0;
    for (const c of m[1]) {
      const d = parseInt(c, 16);
      if (sig < 30) { v = v * 16 + d; if (v !== 0) sig++; } else e += 4;
    }
    for (const c of m[2] ?? '') {
      const d = parseInt(c, 16);
      if (sig < 30) { v = v * 16 + d; if (v !== 0) sig++; e -= 4; }
    }
    if (m[3] !== undefined) e += Number(m[3]);
    v = ldexp(v, e);
    return neg ? -v : v;
  }
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(body)) {
    if (/^(inf|nan)/i.test(body)) return undefined;
    return undefined;
  }
  const v = Number(body);
  return neg ? -v : v;
}

/** v * 2^e without overflowing or underflowing in the power itself (C's ldexp). */
function ldexp(v: number, e: number): number {
  if (v === 0 || !Number.isFinite(e)) return e === Infinity && v !== 0 ? v * Infinity : v * Math.pow(2, e);
  while (e > 1000) { v *= 2 ** 1000; e -= 1000; if (!Number.isFinite(v)) return v; }
  while (e < -1000) { v *= 2 ** -1000; e += 1000; if (v === 0) return v; }
  return v * Math.pow(2, e);
}

/** tonumber(s, base) for 2 <= base <= 36: an unsigned-or-negative integer in that base. */
export function str2numberBase(s: string, base: number): number | undefined {
  let t = s.trim().toLowerCase();
  let neg = false;
  if (t[0] === '-') { neg = true; t = t.slice(1); } else if (t[0] === '+') t = t.slice(1);
  if (t === '') return undefined;
  let v = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 122 ? c - 87 : 99;
    if (d >= base) return undefined;
    v = v * base + d;
  }
  return neg ? -v : v;
}

/** Coerce for arithmetic: numbers and numeric strings; undefined otherwise. */
export function tonum(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

// ---- byte strings --------------------------------------------------------------------

/** Lua byte string -> JS (UTF-16) text, decoding UTF-8. For output boundaries. */
export function bytesToText(s: string): string {
  if (isAscii(s)) return s;
  return Buffer.from(s, 'latin1').toString('utf8');
}

/** JS text -> Lua byte string (UTF-8 encoded). For input boundaries. */
export function textToBytes(s: string): string {
  if (isAscii(s)) return s;
  return Buffer.from(s, 'utf8').toString('latin1');
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Lua byte string -> Buffer (for writing to stdout, files, sockets). */
export function bytesToBuffer(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}
