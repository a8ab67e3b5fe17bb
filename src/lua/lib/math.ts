// The `math` library: the Lua 5.1 set plus the 5.3 additions (tointeger, type, ult,
// maxinteger/mininteger) and the reference extras (frexp, ldexp, mod).
//
// Numbers are JS doubles, so "integers" are integral doubles: math.type(3.0) is
// "integer", maxinteger is 2^63 (the double nearest to 2^63 - 1) and mininteger -2^63.
// Rounding functions keep the sign of zero (floor(-0.0) is -0), like Lua 5.1.
//
// math.random uses a per-state xoshiro128** generator seeded from the OS. randomseed is
// accepted and ignored: in the reference dialect the generator is always randomly seeded,
// so no script can rely on a reproducible sequence.

import { randomFillSync } from 'node:crypto';
import { LuaTable } from '../runtime/table.js';
import { rtError } from '../runtime/errors.js';
import { EMPTY, type LuaValue } from '../runtime/types.js';
import { str2number } from '../runtime/values.js';
import { argError, checkInt, checkNumber, makeLib } from './args.js';

const TWO63 = 9223372036854775808;
const TWO32 = 4294967296;
const TWO53 = 9007199254740992;

function argv(a: IArguments): LuaValue[] {
  return Array.prototype.slice.call(a);
}

/** A one-number function; strings are coerced and bad arguments raise with `name`. */
function unary(name: string, f: (x: number) => number): (x?: LuaValue) => number {
  return function (x?: LuaValue): number {
    return f(typeof x === 'number' ? x : checkNumber(argv(arguments), 0, name));
  };
}

/** Both arguments as numbers (the slow path only runs for strings and errors). */
function num2(args: IArguments, name: string): [number, number] {
  const a = args[0], b = args[1];
  if (typeof a === 'number' && typeof b === 'number') return [a, b];
  const v = argv(args);
  return [checkNumber(v, 0, name), checkNumber(v, 1, name)];
}

// ---- rounding and remainders -----------------------------------------------------------

/** C fmod: the result has the sign of the dividend; fmod(x, 0) is nan (Lua 5.1). */
function fmod(a?: LuaValue, b?: LuaValue): number {
  const [x, y] = num2(arguments, 'fmod');
  return x % y;
}

/** Integral part (toward zero) and fractional part; modf(inf) = inf, 0 (Lua 5.4). */
function modf(x?: LuaValue): LuaValue[] {
  const n = typeof x === 'number' ? x : checkNumber(argv(arguments), 0, 'modf');
  const ip = n < 0 ? Math.ceil(n) : Math.floor(n);
  return [ip, n === ip ? 0 : n - ip];
}

// ---- logarithms and powers ---------------------------------------------------------------

function log(x?: LuaValue, base?: LuaValue): number {
  const args = argv(arguments);
  const n = typeof x === 'number' ? x : checkNumber(args, 0, 'log');
  if (base === undefined) return Math.log(n);
  const b = typeof base === 'number' ? base : checkNumber(args, 1, 'log');
  // exact paths, as in Lua 5.4: log(8, 2) is 3, not 2.9999999999999996
  if (b === 2) return Math.log2(n);
  if (b === 10) return Math.log10(n);
  return Math.log(n) / Math.log(b);
}

function pow(a?: LuaValue, b?: LuaValue): number {
  const [x, y] = num2(arguments, 'pow');
  return Math.pow(x, y);
}

/** x = m * 2^e with 0.5 <= |m| < 1 (C frexp); zero, inf and nan give (x, 0). */
function frexp(x?: LuaValue): LuaValue[] {
  let n = typeof x === 'number' ? x : checkNumber(argv(arguments), 0, 'frexp');
  if (n === 0 || !Number.isFinite(n)) return [n, 0];
  let e = 0;
  // bring subnormals into the normal range first so 2^-e stays finite
  if (Math.abs(n) < 2.2250738585072014e-308) { n *= TWO53 * 2; e = -54; }
  let k = Math.floor(Math.log2(Math.abs(n))) + 1;
  let m = n * Math.pow(2, -k);
  // log2 may be off by one near powers of two
  if (Math.abs(m) >= 1) { m /= 2; k++; } else if (Math.abs(m) < 0.5) { m *= 2; k--; }
  return [m, e + k];
}

/** m * 2^e without overflowing the intermediate power of two (C ldexp). */
function ldexp(m?: LuaValue, e?: LuaValue): number {
  const args = argv(arguments);
  let x = checkNumber(args, 0, 'ldexp');
  let k = checkInt(args, 1, 'ldexp');
  while (k > 1023) { x *= Math.pow(2, 1023); k -= 1023; if (!Number.isFinite(x)) return x; }
  while (k < -1022) { x *= Math.pow(2, -1022); k += 1022; if (x === 0) return x; }
  return x * Math.pow(2, k);
}

// ---- trigonometry -------------------------------------------------------------------------

function atan(y?: LuaValue, x?: LuaValue): number {
  const args = argv(arguments);
  const a = checkNumber(args, 0, 'atan');
  const b = x === undefined ? 1 : checkNumber(args, 1, 'atan');
  return Math.atan2(a, b);
}

function atan2(y?: LuaValue, x?: LuaValue): number {
  const [a, b] = num2(arguments, 'atan2');
  return Math.atan2(a, b);
}

// ---- min / max ------------------------------------------------------------------------------

function min(a?: LuaValue, b?: LuaValue): number {
  if (arguments.length === 2 && typeof a === 'number' && typeof b === 'number') return b < a ? b : a;
  const args = argv(arguments);
  let m = checkNumber(args, 0, 'min');
  for (let i = 1; i < args.length; i++) {
    const v = checkNumber(args, i, 'min');
    if (v < m) m = v;
  }
  return m;
}

function max(a?: LuaValue, b?: LuaValue): number {
  if (arguments.length === 2 && typeof a === 'number' && typeof b === 'number') return a < b ? b : a;
  const args = argv(arguments);
  let m = checkNumber(args, 0, 'max');
  for (let i = 1; i < args.length; i++) {
    const v = checkNumber(args, i, 'max');
    if (m < v) m = v;
  }
  return m;
}

// ---- integers -----------------------------------------------------------------------------

/** An integral double that a 64-bit Lua integer could hold. */
function fitsInteger(n: number): boolean {
  return Number.isInteger(n) && n >= -TWO63 && n < TWO63;
}

function tointeger(x?: LuaValue): LuaValue {
  if (arguments.length === 0) argError(1, 'tointeger', 'value expected');
  const n = typeof x === 'number' ? x : typeof x === 'string' ? str2number(x) : undefined;
  if (n === undefined || !fitsInteger(n)) return undefined;
  return n + 0; // integers have no negative zero
}

function mathType(x?: LuaValue): LuaValue {
  if (arguments.length === 0) argError(1, 'type', 'value expected');
  if (typeof x !== 'number') return undefined;
  return fitsInteger(x) ? 'integer' : 'float';
}

/** Unsigned 64-bit comparison: a negative integer is above every non-negative one. */
function ult(a?: LuaValue, b?: LuaValue): boolean {
  const args = argv(arguments);
  const m = checkInt(args, 0, 'ult');
  const n = checkInt(args, 1, 'ult');
  if ((m < 0) === (n < 0)) return m < n;
  return m >= 0;
}

// ---- random -----------------------------------------------------------------------------------

/** xoshiro128** (Blackman & Vigna): fast, 32-bit state words, good statistical quality. */
class Xoshiro128 {
  private s = new Uint32Array(4);

  constructor() {
    do randomFillSync(this.s); while ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0);
  }

  /** Next 32-bit output as an unsigned number. */
  next(): number {
    const s = this.s;
    const r = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r;
  }

  /** A float in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.next() >>> 5) * 67108864 + (this.next() >>> 6)) / TWO53;
  }

  /** A uniform integer in [0, range) for 1 <= range, without modulo bias. */
  below(range: number): number {
    if (range <= TWO32) {
      const limit = TWO32 - (TWO32 % range);
      let x: number;
      do x = this.next(); while (x >= limit);
      return x % range;
    }
    if (range <= TWO53) {
      const limit = TWO53 - (TWO53 % range);
      let x: number;
      do x = (this.next() >>> 5) * 67108864 + (this.next() >>> 6); while (x >= limit);
      return x % range;
    }
    // wider than a double's integer precision: the best a double can do
    return Math.min(Math.floor(this.float() * range), range - 1);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function makeRandom(rng: Xoshiro128): (m?: LuaValue, n?: LuaValue) => number {
  return function random(m?: LuaValue, n?: LuaValue): number {
    let lo: number, up: number;
    switch (arguments.length) {
      case 0:
        return rng.float();
      case 1:
        lo = 1;
        up = typeof m === 'number' && Number.isInteger(m) ? m : checkInt(argv(arguments), 0, 'random');
        break;
      case 2: {
        const args = argv(arguments);
        lo = checkInt(args, 0, 'random');
        up = checkInt(args, 1, 'random');
        break;
      }
      default:
        return rtError('wrong number of arguments');
    }
    if (lo > up) argError(1, 'random', 'interval is empty');
    return lo + rng.below(up - lo + 1);
  };
}

export function createMathLib(): LuaTable {
  const rng = new Xoshiro128();
  return makeLib({
    pi: Math.PI,
    huge: Infinity,
    maxinteger: TWO63, // 2^63 - 1 is not a double; its nearest double is 2^63
    mininteger: -TWO63,
    abs: unary('abs', Math.abs),
    ceil: unary('ceil', Math.ceil),
    floor: unary('floor', Math.floor),
    sqrt: unary('sqrt', Math.sqrt),
    exp: unary('exp', Math.exp),
    log10: unary('log10', Math.log10),
    sin: unary('sin', Math.sin),
    cos: unary('cos', Math.cos),
    tan: unary('tan', Math.tan),
    asin: unary('asin', Math.asin),
    acos: unary('acos', Math.acos),
    sinh: unary('sinh', Math.sinh),
    cosh: unary('cosh', Math.cosh),
    tanh: unary('tanh', Math.tanh),
    // same expressions as lmathlib.c, so the results round the same way
    deg: unary('deg', (x) => x * (180 / Math.PI)),
    rad: unary('rad', (x) => x * (Math.PI / 180)),
    fmod,
    mod: fmod,
    modf,
    log,
    pow,
    frexp,
    ldexp,
    atan,
    atan2,
    min,
    max,
    tointeger,
    type: mathType,
    ult,
    random: makeRandom(rng),
    randomseed: () => EMPTY,
  });
}
