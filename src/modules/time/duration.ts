// Durations: Go's duration strings and the Duration userdata of the `time` module.
//
// A duration is a JS number of nanoseconds. Go uses int64, so values beyond 2^53 ns
// (about 104 days) lose precision here; parsing is exact (BigInt) up to the final
// conversion, so "1h30m" and friends are always exact, and only very long durations are
// rounded to the nearest representable double.
//
// Strings are Lua byte strings: "µs" arrives as its UTF-8 bytes "\xC2\xB5s" (or
// "\xCE\xBCs" for the Greek mu), and String() produces "\xC2\xB5s" as Go does.

import { argError, typeError } from '../../lua/lib/args.js';
import { rtError } from '../../lua/runtime/errors.js';
import { LuaTable } from '../../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaValue } from '../../lua/runtime/types.js';
import { type } from '../../lua/runtime/values.js';

export const NANOSECOND = 1;
export const MICROSECOND = 1e3;
export const MILLISECOND = 1e6;
export const SECOND = 1e9;
export const MINUTE = 6e10;
export const HOUR = 3.6e12;

/** Go's min/max Duration (int64 bounds), as doubles. */
export const MAX_DURATION = 9223372036854775807;
export const MIN_DURATION = -9223372036854775808;

const MICRO_SIGN = '\xC2\xB5'; // U+00B5 in UTF-8 bytes
const GREEK_MU = '\xCE\xBC'; // U+03BC in UTF-8 bytes

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1000n],
  [MICRO_SIGN + 's', 1000n],
  [GREEK_MU + 's', 1000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const I64_LIMIT = 1n << 63n;

/** Go's strconv-free quote used in time error messages: non-printable bytes as \xNN. */
export function goQuote(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || c < 0x20) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0x22 || c === 0x5c) out += '\\' + s[i];
    else out += s[i];
  }
  return out + '"';
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Go's time.ParseDuration: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or "0".
 * Returns nanoseconds (a number), or an error message with Go's wording (a string).
 */
export function parseDuration(orig: string): number | string {
  const invalid = 'time: invalid duration ' + goQuote(orig);
  let s = orig;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return invalid;
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const c0 = s.charCodeAt(i);
    if (!(c0 === 46 || isDigitCode(c0))) return invalid;
    // integer part, with Go's overflow limit
    const intStart = i;
    let v = 0n;
    while (i < s.length && isDigitCode(s.charCodeAt(i))) {
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > I64_LIMIT) return invalid;
      i++;
    }
    const pre = i !== intStart;
    // fraction: digits past int64 precision are consumed but ignored, as in Go
    let f = 0n;
    let scale = 1;
    let post = false;
    if (i < s.length && s[i] === '.') {
      i++;
      const fracStart = i;
      let overflow = false;
      while (i < s.length && isDigitCode(s.charCodeAt(i))) {
        if (!overflow) {
          const y = f * 10n + BigInt(s.charCodeAt(i) - 48);
          if (y > I64_LIMIT) overflow = true;
          else {
            f = y;
            scale *= 10;
          }
        }
        i++;
      }
      post = i !== fracStart;
    }
    if (!pre && !post) return invalid;
    const unitStart = i;
    while (i < s.length && !(s[i] === '.' || isDigitCode(s.charCodeAt(i)))) i++;
    if (i === unitStart) return 'time: missing unit in duration ' + goQuote(orig);
    const u = s.slice(unitStart, i);
    const unit = UNITS.get(u);
    if (unit === undefined) {
      return 'time: unknown unit ' + goQuote(u) + ' in duration ' + goQuote(orig);
    }
    if (v > I64_LIMIT / unit) return invalid;
    v *= unit;
    if (f > 0n) {
      // Go computes the fraction in float64 (exact enough for fractions of an hour)
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > I64_LIMIT) return invalid;
    }
    total += v;
    if (total > I64_LIMIT) return invalid;
  }
  if (neg) return total === 0n ? 0 : -Number(total);
  if (total > I64_LIMIT - 1n) return invalid;
  return Number(total);
}

/** Go's Duration.String(): "1h30m0s", "1.5s", "100ms", "1µs" (UTF-8 bytes), "0s". */
export function formatDuration(d: number): string {
  let u = BigInt(Math.trunc(d));
  const neg = u < 0n;
  if (neg) u = -u;
  let out: string;
  if (u < 1_000_000_000n) {
    if (u === 0n) return '0s';
    let unit: string, prec: number;
    if (u < 1000n) [unit, prec] = ['ns', 0];
    else if (u < 1_000_000n) [unit, prec] = [MICRO_SIGN + 's', 3];
    else [unit, prec] = ['ms', 6];
    out = fracAndInt(u, prec) + unit;
  } else {
    const secs = fracAndInt(u % 60_000_000_000n, 9);
    let rest = u / 60_000_000_000n; // whole minutes
    out = secs + 's';
    if (rest > 0n) {
      out = (rest % 60n).toString() + 'm' + out;
      rest /= 60n;
      if (rest > 0n) out = rest.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** v / 10^prec as decimal, trailing fraction zeros (and a bare point) dropped. */
function fracAndInt(v: bigint, prec: number): string {
  const p = 10n ** BigInt(prec);
  const whole = (v / p).toString();
  if (prec === 0) return whole;
  const frac = (v % p).toString().padStart(prec, '0').replace(/0+$/, '');
  return frac === '' ? whole : whole + '.' + frac;
}

/** Truncating integer division that stays exact for doubles (no rounding of d / m). */
function quo(d: number, m: number): number {
  return (d - (d % m)) / m;
}

// ---- the Duration userdata ------------------------------------------------------------

export const durationMeta = new LuaTable();

export function newDuration(ns: number): Userdata {
  return new Userdata(ns, durationMeta);
}

export function isDuration(v: LuaValue): v is Userdata {
  return v instanceof Userdata && v.mt === durationMeta;
}

/** The nanoseconds of a Duration userdata `self`, raising a method-call error otherwise. */
function self(v: LuaValue, fname: string): number {
  if (isDuration(v)) return v.data as number;
  return typeError(1, fname, 'Duration', v);
}

/** Operand of a Duration metamethod: only Durations mix with Durations. */
function operand(v: LuaValue): number {
  if (isDuration(v)) return v.data as number;
  return rtError(`attempt to perform arithmetic on a ${type(v)} value`);
}

/**
 * A Lua duration argument: integer nanoseconds (floats are truncated toward zero), a Go
 * duration string, or a Duration userdata. Returns nanoseconds (a number), or an error
 * message (a string).
 */
export function toNanos(v: LuaValue): number | string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'time: invalid duration NaN';
    return Math.trunc(Math.min(Math.max(v, MIN_DURATION), MAX_DURATION));
  }
  if (typeof v === 'string') return parseDuration(v);
  if (isDuration(v)) return v.data as number;
  return `time: invalid duration: number, string or Duration expected, got ${type(v)}`;
}

/** Like toNanos, raising `bad argument #n to 'fname' (...)` on bad input. */
export function checkNanos(v: LuaValue, n: number, fname: string): number {
  const r = toNanos(v);
  if (typeof r === 'number') return r;
  return argError(n, fname, r);
}

function method(name: string, f: (ns: number, ...args: LuaValue[]) => LuaValue): LuaFunction {
  const fn: LuaFunction = (s: LuaValue, ...args: LuaValue[]) => f(self(s, name), ...args);
  fn.$name = name;
  return fn;
}

const durationMethods = new LuaTable();
const methods: Record<string, LuaFunction> = {
  nanoseconds: method('nanoseconds', (d) => d),
  microseconds: method('microseconds', (d) => quo(d, 1e3)),
  milliseconds: method('milliseconds', (d) => quo(d, 1e6)),
  // Go splits whole units and remainder so that the float rounds like integer division
  seconds: method('seconds', (d) => quo(d, SECOND) + (d % SECOND) / 1e9),
  minutes: method('minutes', (d) => quo(d, MINUTE) + (d % MINUTE) / 6e10),
  hours: method('hours', (d) => quo(d, HOUR) + (d % HOUR) / 3.6e12),
};
for (const [k, f] of Object.entries(methods)) durationMethods.setStr(k, f);

const metamethods: Record<string, LuaFunction> = {
  __index: durationMethods as unknown as LuaFunction,
  __tostring: (d: LuaValue) => formatDuration(self(d, '__tostring')),
  __eq: (a: LuaValue, b: LuaValue) => operand(a) === operand(b),
  __lt: (a: LuaValue, b: LuaValue) => operand(a) < operand(b),
  __le: (a: LuaValue, b: LuaValue) => operand(a) <= operand(b),
  __add: (a: LuaValue, b: LuaValue) => newDuration(operand(a) + operand(b)),
  __sub: (a: LuaValue, b: LuaValue) => newDuration(operand(a) - operand(b)),
  __unm: (a: LuaValue) => newDuration(0 - operand(a)), // 0 - x: never a -0 duration
};
for (const [k, f] of Object.entries(metamethods)) durationMeta.setStr(k, f);
durationMeta.setStr('__name', 'Duration');
// shared by every process: Lua code must not be able to change it
durationMethods.frozen = true;
durationMeta.frozen = true;
