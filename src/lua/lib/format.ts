// string.format: C printf conversions as Lua 5.4 exposes them, with the reference
// dialect's rules for integers (see below), printing exactly what glibc prints.
//
// Dialect and design decisions:
// - Integer conversions (%d %i %u %c %x %X %o) accept any number and truncate toward
//   zero (`("%d"):format(3.7)` is "3"; stock 5.4 raises). Non-finite values raise
//   "number has no integer representation". Values beyond 2^53 print their exact
//   decimal/hex expansion (BigInt). Negative values with %u %x %X %o print their 64-bit
//   two's complement, like C Lua.
// - %e %f %g are correctly rounded with ties to even, as glibc does: V8's toFixed and
//   toExponential are exact but round ties away from zero, so exact ties (`("%.0f"):
//   format(2.5)`) take an exact BigInt path. Huge %f values print every digit, as C does.
// - %a/%A print glibc's hexadecimal floats (normalised `0x1.xxxp+e`, subnormals as
//   `0x0.xxxp-1022`, rounding that may give `0x2p+0`).
// - inf and nan print as "inf", "-inf", "nan" and "-nan" (the sign bit of the NaN, read
//   through a Float64Array, as glibc does); the `0` flag pads them with spaces.
// - %F is accepted (uppercase %f) although Lua 5.4 itself rejects it.
// - %s uses tostring (honours __tostring); with modifiers it pads/truncates by bytes and,
//   unlike C Lua, accepts strings with embedded zeros.
// - %q quotes strings in 5.1 style with 5.4's decimal escapes: `"` `\` and newline are
//   escaped with a backslash, \r prints as `\r`, \0 as `\0`, other control characters
//   (0-31, 127) as `\ddd` (three digits when a digit follows). Integral numbers below
//   2^63 print as integers; other finite numbers print in the shortest decimal form that
//   reads back to the same double (the dialect's lexer has no hex floats, so 5.4's `%a`
//   form is not used); inf, -inf and nan print as `1e9999`, `-1e9999` and `(0/0)`.
// - %p prints the address-like id used by tostring for tables, functions, userdata and
//   threads, and "(null)" for other values.

import { rtError } from '../runtime/errors.js';
import { addressOf, tostring } from '../runtime/ops.js';
import type { LuaValue } from '../runtime/types.js';
import { numberToString } from '../runtime/values.js';
import { argError, checkNumber } from './args.js';

const FNAME = 'format';

// flags each conversion accepts (lstrlib's L_FMTFLAGS*)
const FLAGS_F = '-+ #0';
const FLAGS_X = '-#0';
const FLAGS_I = '-+ 0';
const FLAGS_U = '-0';
const FLAGS_C = '-';

/** chars lstrlib's getformat spans before the conversion letter */
const SPAN = new Uint8Array(128);
for (const ch of '-+ #0123456789.') SPAN[ch.charCodeAt(0)] = 1;
/** getformat refuses specifications this long ("%" + flags/width/precision + letter) */
const MAX_SPEC = 21;

/** A parsed conversion specification. */
class Spec {
  left = false;
  plus = false;
  space = false;
  alt = false;
  zero = false;
  width = 0;
  /** -1: none */
  prec = -1;
  conv = 0;

  reset(conv: number): void {
    this.left = this.plus = this.space = this.alt = this.zero = false;
    this.width = 0;
    this.prec = -1;
    this.conv = conv;
  }
}

const spec = new Spec();

/**
 * string.format. `args[0]` is the format string, so a value's index in `args` plus one is
 * its Lua argument number.
 */
export function format(fmt: string, args: LuaValue[]): string {
  let out = '';
  const n = fmt.length;
  let lit = 0; // start of the pending literal text
  let argi = 0;
  let i = 0;
  while (i < n) {
    if (fmt.charCodeAt(i) !== 37) {
      i++;
      continue;
    }
    if (lit < i) out += fmt.slice(lit, i);
    i++;
    if (fmt.charCodeAt(i) === 37) {
      out += '%';
      lit = ++i;
      continue;
    }
    if (++argi >= args.length) argError(argi + 1, FNAME, 'no value');
    const start = i;
    while (i < n && SPAN[fmt.charCodeAt(i)] === 1) i++;
    if (i - start >= MAX_SPEC) rtError('invalid format (too long)');
    const conv = i < n ? fmt.charCodeAt(i) : -1;
    out += conversion(fmt, start, i, conv, args, argi);
    lit = ++i;
  }
  if (lit < n) out += fmt.slice(lit);
  return out;
}

// As in lstrlib, numeric arguments are checked before the specification, except for %c.
function conversion(fmt: string, start: number, end: number, conv: number, args: LuaValue[], k: number): string {
  switch (conv) {
    case 100: case 105: { // d i
      const v = intArg(args, k);
      parseSpec(fmt, start, end, conv, FLAGS_I, true);
      return fmtInt(v);
    }
    case 117: { // u
      const v = intArg(args, k);
      parseSpec(fmt, start, end, conv, FLAGS_U, true);
      return fmtUnsigned(v, 10);
    }
    case 120: case 88: case 111: { // x X o
      const v = intArg(args, k);
      parseSpec(fmt, start, end, conv, FLAGS_X, true);
      return fmtUnsigned(v, conv === 111 ? 8 : 16);
    }
    case 99: { // c
      parseSpec(fmt, start, end, conv, FLAGS_C, false);
      const v = intArg(args, k) % 256;
      return pad('', '', String.fromCharCode(v < 0 ? v + 256 : v), false);
    }
    case 101: case 69: case 102: case 70: case 103: case 71: case 97: case 65: { // e E f F g G a A
      const v = checkNumber(args, k, FNAME);
      parseSpec(fmt, start, end, conv, FLAGS_F, true);
      return fmtFloat(v);
    }
    case 115: { // s
      // (tostring may run a __tostring that formats too: fill `spec` only after it)
      const s = tostring(args[k]);
      if (start === end) return s;
      parseSpec(fmt, start, end, conv, FLAGS_C, true);
      return pad('', '', spec.prec >= 0 && spec.prec < s.length ? s.slice(0, spec.prec) : s, false);
    }
    case 113: // q
      if (start !== end) rtError("specifier '%q' cannot have modifiers");
      return quoteLiteral(args, k);
    case 112: { // p
      parseSpec(fmt, start, end, conv, FLAGS_C, false);
      const v = args[k];
      const isObj = (typeof v === 'object' && v !== null) || typeof v === 'function';
      return pad('', '', isObj ? addressOf(v) : '(null)', false);
    }
    default:
      return rtError(`invalid conversion '%${fmt.slice(start, end + 1)}' to '${FNAME}'`);
  }
}

/**
 * lstrlib's checkformat, filling `spec`: allowed flags, then a width and (when allowed) a
 * precision of at most two digits each, then the conversion letter.
 */
function parseSpec(fmt: string, start: number, end: number, conv: number, flags: string, precision: boolean): void {
  spec.reset(conv);
  let k = start;
  for (; k < end; k++) {
    const c = fmt.charCodeAt(k);
    if (flags.indexOf(fmt[k]) < 0) break;
    if (c === 45) spec.left = true;
    else if (c === 43) spec.plus = true;
    else if (c === 32) spec.space = true;
    else if (c === 35) spec.alt = true;
    else spec.zero = true;
  }
  if (fmt.charCodeAt(k) !== 48) { // a width cannot start with '0'
    let w = 0;
    for (let d = 0; d < 2 && isDigit(fmt.charCodeAt(k)); d++) w = w * 10 + fmt.charCodeAt(k++) - 48;
    spec.width = w;
    if (fmt.charCodeAt(k) === 46 && precision) {
      k++;
      let p = 0;
      for (let d = 0; d < 2 && isDigit(fmt.charCodeAt(k)); d++) p = p * 10 + fmt.charCodeAt(k++) - 48;
      spec.prec = p;
    }
  }
  if (k !== end) rtError(`invalid conversion specification: '%${fmt.slice(start, end + 1)}'`);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Lay out sign, prefix (0x) and digits in the field width. */
function pad(sign: string, prefix: string, body: string, zeroPad: boolean): string {
  const len = sign.length + prefix.length + body.length;
  const w = spec.width;
  if (len >= w) return sign === '' && prefix === '' ? body : sign + prefix + body;
  if (spec.left) return sign + prefix + body + ' '.repeat(w - len);
  if (zeroPad && spec.zero) return sign + prefix + '0'.repeat(w - len) + body;
  return ' '.repeat(w - len) + sign + prefix + body;
}

// ---- integers -----------------------------------------------------------------------------

/** An integer argument, truncated toward zero (the reference dialect's rule). */
function intArg(args: LuaValue[], k: number): number {
  const v = args[k];
  const x = typeof v === 'number' ? v : checkNumber(args, k, FNAME);
  if (x - x !== 0) argError(k + 1, FNAME, 'number has no integer representation');
  return Math.trunc(x);
}

function decimalDigits(a: number): string {
  return a < 9007199254740992 ? String(a) : BigInt(a).toString();
}

/** Apply a precision (minimum digit count) to integer digits. */
function withPrecision(digits: string): string {
  const p = spec.prec;
  if (p < 0) return digits;
  if (p === 0 && digits === '0') return '';
  return digits.length < p ? '0'.repeat(p - digits.length) + digits : digits;
}

function fmtInt(x: number): string {
  const neg = x < 0;
  const digits = withPrecision(decimalDigits(neg ? -x : x));
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign, '', digits, spec.prec < 0);
}

function fmtUnsigned(x: number, radix: number): string {
  let digits: string;
  if (x < 0) digits = BigInt.asUintN(64, BigInt(x)).toString(radix);
  else digits = x < 9007199254740992 ? x.toString(radix) : BigInt(x).toString(radix);
  const upper = spec.conv === 88;
  if (upper) digits = digits.toUpperCase();
  digits = withPrecision(digits);
  let prefix = '';
  if (spec.alt) {
    if (radix === 16 && x !== 0) prefix = upper ? '0X' : '0x';
    else if (radix === 8 && digits.charCodeAt(0) !== 48) digits = '0' + digits;
  }
  return pad('', prefix, digits, spec.prec < 0);
}

// ---- floats -------------------------------------------------------------------------------

const f64 = new Float64Array(1);
const f64view = new DataView(f64.buffer);

/** byte order of typed arrays on this machine (DataView reads need it spelled out) */
const LITTLE_ENDIAN = new Uint8Array(new Float64Array([-1]).buffer)[7] === 0xbf;

function fmtFloat(x: number): string {
  const conv = spec.conv;
  const upper = conv < 97;
  const neg = x < 0 || (x === 0 && 1 / x < 0) || (x !== x && nanSign(x));
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  if (x - x !== 0) { // inf or nan
    const body = x !== x ? 'nan' : 'inf';
    return pad(sign, '', upper ? body.toUpperCase() : body, false);
  }
  const a = Math.abs(x);
  switch (conv | 32) {
    case 102: return pad(sign, '', fixed(a, spec.prec < 0 ? 6 : spec.prec, spec.alt), true);
    case 101: return pad(sign, '', expo(a, spec.prec < 0 ? 6 : spec.prec, spec.alt, upper), true);
    case 103: return pad(sign, '', general(a, spec.prec, spec.alt, upper), true);
    default: return pad(sign, upper ? '0X' : '0x', hexFloat(a, spec.prec, spec.alt, upper), true);
  }
}

function nanSign(x: number): boolean {
  f64[0] = x;
  return f64view.getUint8(LITTLE_ENDIAN ? 7 : 0) >= 128;
}

/** `%.{p}f` of a >= 0. */
export function fixed(a: number, p: number, alt: boolean): string {
  let s: string;
  if (a < 1e21 && !tieAt(a, p)) {
    s = a.toFixed(p);
  } else {
    s = exactFixed(a, p);
  }
  return alt && p === 0 ? s + '.' : s;
}

/** `%.{p}e` of a >= 0. */
export function expo(a: number, p: number, alt: boolean, upper: boolean): string {
  const digits = expDigits(a, p);
  const mant = p > 0 || alt ? digits[0] + '.' + digits.slice(1) : digits;
  return mant + expSuffix(lastExp, upper);
}

function expSuffix(x: number, upper: boolean): string {
  const ax = x < 0 ? -x : x;
  return (upper ? 'E' : 'e') + (x < 0 ? '-' : '+') + (ax < 10 ? '0' + ax : String(ax));
}

/** `%.{prec}g` of a >= 0 (C's rules for choosing %e or %f style and trimming zeros). */
export function general(a: number, prec: number, alt: boolean, upper: boolean): string {
  const P = prec < 0 ? 6 : prec === 0 ? 1 : prec;
  let digits: string;
  let x: number;
  if (a === 0) {
    digits = '0'.repeat(P);
    x = 0;
  } else {
    digits = expDigits(a, P - 1);
    x = lastExp;
  }
  if (x < P && x >= -4) {
    let intPart: string, frac: string;
    if (x >= 0) {
      intPart = digits.slice(0, x + 1);
      frac = digits.slice(x + 1);
    } else {
      intPart = '0';
      frac = '0'.repeat(-x - 1) + digits;
    }
    if (!alt) frac = stripZeros(frac);
    return frac.length > 0 || alt ? intPart + '.' + frac : intPart;
  }
  let frac = digits.slice(1);
  if (!alt) frac = stripZeros(frac);
  return digits[0] + (frac.length > 0 || alt ? '.' + frac : '') + expSuffix(x, upper);
}

function stripZeros(s: string): string {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 48) e--;
  return e === s.length ? s : s.slice(0, e);
}

/** decimal exponent of the last expDigits result */
let lastExp = 0;

/**
 * The p+1 significant digits of a > 0 rounded half to even, with the decimal exponent in
 * `lastExp`. toExponential is exact except that it rounds exact ties up.
 */
function expDigits(a: number, p: number): string {
  if (a === 0) {
    lastExp = 0;
    return '0'.repeat(p + 1);
  }
  const s = a.toExponential(p);
  const ei = s.indexOf('e');
  const e = Number(s.slice(ei + 1));
  if (!tieAt(a, p - e)) {
    lastExp = e;
    return p === 0 ? s.slice(0, ei) : s[0] + s.slice(2, ei);
  }
  return exactExpDigits(a, p);
}

/**
 * Is a * 10^k exactly halfway between two integers? For k >= 0 that means a * 2^(k+1) is
 * an odd integer (multiplying by a power of two is exact); for k < 0, a must be an odd
 * multiple of 10^-k / 2, which only integers can be.
 */
function tieAt(a: number, k: number): boolean {
  if (k >= 0) {
    const y = a * Math.pow(2, k + 1);
    return y % 2 === 1;
  }
  if (a % 1 !== 0) return false;
  if (a >= 9007199254740992) return true; // rare: let the exact path decide
  const j = -k;
  if (j > 22) return false; // 10^j / 2 > 2^53 > a
  const d = Math.pow(5, j) * Math.pow(2, j - 1);
  const q = a / d;
  return q % 2 === 1;
}

// ---- exact decimal conversion (BigInt) -------------------------------------------------------

/** a = m * 2^e exactly, with m < 2^53. */
function decompose(a: number): [bigint, number] {
  f64[0] = a;
  const le = LITTLE_ENDIAN;
  const hi = f64view.getUint32(le ? 4 : 0, le);
  const lo = f64view.getUint32(le ? 0 : 4, le);
  const bexp = (hi >>> 20) & 0x7ff;
  const frac = (hi & 0xfffff) * 4294967296 + lo;
  if (bexp === 0) return [BigInt(frac), -1074];
  return [BigInt(frac + 4503599627370496), bexp - 1075];
}

/** m * 2^e * 10^t as a fraction num/den */
function scaled(m: bigint, e: number, t: number): [bigint, bigint] {
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (t >= 0) num *= 10n ** BigInt(t);
  else den *= 10n ** BigInt(-t);
  return [num, den];
}

/** num/den rounded to an integer, ties to even */
function roundHalfEven(num: bigint, den: bigint): bigint {
  let q = num / den;
  const r2 = (num - q * den) * 2n;
  if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n;
  return q;
}

function exactFixed(a: number, p: number): string {
  const [m, e] = decompose(a);
  const [num, den] = scaled(m, e, p);
  let s = roundHalfEven(num, den).toString();
  if (p === 0) return s;
  if (s.length <= p) s = '0'.repeat(p + 1 - s.length) + s;
  return s.slice(0, s.length - p) + '.' + s.slice(s.length - p);
}

function exactExpDigits(a: number, p: number): string {
  const [m, e] = decompose(a);
  const lo = 10n ** BigInt(p);
  const hi = lo * 10n;
  // find the exponent from the exact value (10^x <= a < 10^(x+1)), then round
  let x = Math.floor(Math.log10(a));
  for (;;) {
    const [num, den] = scaled(m, e, p - x);
    const t = num / den;
    if (t >= hi) x++;
    else if (t < lo) x--;
    else {
      const q = roundHalfEven(num, den);
      if (q === hi) { // 9.99.. rounded up to 10.0..
        lastExp = x + 1;
        return lo.toString();
      }
      lastExp = x;
      return q.toString();
    }
  }
}

// ---- %a ---------------------------------------------------------------------------------------

/** glibc's `%a` digits for a >= 0, without the 0x prefix. */
function hexFloat(a: number, prec: number, alt: boolean, upper: boolean): string {
  let lead: number, frac: number, exp: number;
  if (a === 0) {
    lead = 0; frac = 0; exp = 0;
  } else {
    const [m, e] = decompose(a);
    const mant = Number(m);
    if (mant < 4503599627370496) { // subnormal: glibc keeps the 0x0.xxx form
      lead = 0; frac = mant; exp = -1022;
    } else {
      lead = 1; frac = mant - 4503599627370496; exp = e + 52;
    }
  }
  let fracDigits: string;
  if (prec < 0) {
    fracDigits = stripZeros(frac.toString(16).padStart(13, '0'));
    if (frac === 0) fracDigits = '';
  } else if (prec >= 13) {
    fracDigits = frac.toString(16).padStart(13, '0') + '0'.repeat(prec - 13);
  } else {
    // round lead.frac to prec hex digits, ties to even
    const full = lead * 4503599627370496 + frac;
    const unit = Math.pow(2, 4 * (13 - prec));
    let q = Math.floor(full / unit);
    const r = full - q * unit;
    if (r > unit / 2 || (r === unit / 2 && q % 2 === 1)) q++;
    const scale = Math.pow(16, prec);
    lead = Math.floor(q / scale);
    fracDigits = prec === 0 ? '' : (q - lead * scale).toString(16).padStart(prec, '0');
  }
  let s = String(lead) + (fracDigits !== '' || alt ? '.' + fracDigits : '') + 'p' + (exp < 0 ? '-' : '+') + Math.abs(exp);
  if (upper) s = s.toUpperCase();
  return s;
}

// ---- %q ---------------------------------------------------------------------------------------

function quoteLiteral(args: LuaValue[], k: number): string {
  const v = args[k];
  switch (typeof v) {
    case 'string': return quoteString(v);
    case 'number': return quoteNumber(v);
    case 'undefined': case 'boolean': return tostring(v);
  }
  return argError(k + 1, FNAME, 'value has no literal form');
}

export function quoteString(s: string): string {
  let out = '"';
  let run = 0;
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    let esc: string;
    if (c === 34) esc = '\\"';
    else if (c === 92) esc = '\\\\';
    else if (c === 10) esc = '\\\n';
    else if (c === 13) esc = '\\r';
    else if (c < 32 || c === 127) {
      const nextDigit = i + 1 < n && isDigit(s.charCodeAt(i + 1));
      esc = '\\' + (nextDigit ? String(c).padStart(3, '0') : String(c));
    } else continue;
    if (run < i) out += s.slice(run, i);
    out += esc;
    run = i + 1;
  }
  if (run < n) out += s.slice(run);
  return out + '"';
}

function quoteNumber(x: number): string {
  if (x !== x) return '(0/0)';
  if (x === Infinity) return '1e9999';
  if (x === -Infinity) return '-1e9999';
  if (Number.isInteger(x) && Math.abs(x) < 9223372036854775808) {
    if (x === 0) return 1 / x < 0 ? '-0' : '0';
    return Math.abs(x) < 9007199254740992 ? String(x) : BigInt(x).toString();
  }
  return numberToString(x);
}
