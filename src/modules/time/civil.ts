// The Time value and its calendar: Unix nanoseconds plus a Location, with Go's
// proleptic Gregorian calendar arithmetic and normalisation (time.Date).
//
// Nanoseconds are a BigInt so that every instant Go can represent is exact; calendar
// fields are computed from whole seconds as doubles (exact for ±285 million years).

import { UTC, type Location } from './zone.js';
import { civilFromDays, daysFromCivil } from '../../lua/lib/calendar.js';
export { civilFromDays, daysFromCivil };

export const NS_PER_SEC = 1_000_000_000n;

/** Go's zero Time, January 1, year 1, 00:00:00 UTC, in Unix nanoseconds. */
export const ZERO_TIME_NS = -62135596800n * NS_PER_SEC;

/** Calendar fields of a Time in its location. */
export interface Civil {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  yday: number; // 1..366
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  offset: number; // seconds east of UTC
}

/** floor division and modulo for BigInt (BigInt `/` truncates toward zero) */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

export function floorMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

export class Time {
  private civilCache: Civil | undefined;

  constructor(readonly ns: bigint, readonly loc: Location) {}

  /** whole seconds since the Unix epoch (floor) */
  unixSec(): number {
    return Number(floorDiv(this.ns, NS_PER_SEC));
  }

  /** nanoseconds within the second, 0..999999999 */
  nsec(): number {
    return Number(floorMod(this.ns, NS_PER_SEC));
  }

  offset(): number {
    return this.civil().offset;
  }

  abbr(): string {
    return this.loc.abbrAt(this.unixSec());
  }

  civil(): Civil {
    if (this.civilCache !== undefined) return this.civilCache;
    const unix = this.unixSec();
    const offset = this.loc.offsetAt(unix);
    const local = unix + offset;
    const days = Math.floor(local / 86400);
    let secs = local - days * 86400;
    const [year, month, day] = civilFromDays(days);
    const hour = Math.floor(secs / 3600);
    secs -= hour * 3600;
    const minute = Math.floor(secs / 60);
    this.civilCache = {
      year, month, day,
      yday: days - daysFromCivil(year, 1, 1) + 1,
      weekday: mod(days + 4, 7), // 1970-01-01 was a Thursday
      hour, minute, second: secs - minute * 60,
      nsec: this.nsec(),
      offset,
    };
    return this.civilCache;
  }

  withLoc(loc: Location): Time {
    return loc === this.loc ? this : new Time(this.ns, loc);
  }

  addNanos(d: number | bigint): Time {
    return new Time(this.ns + BigInt(d), this.loc);
  }
}

function mod(a: number, b: number): number {
  const r = a % b;
  return r < 0 ? r + b : r;
}

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/** days before month m (1..13) in year y */
export function daysBefore(m: number, y: number): number {
  return DAYS_BEFORE[m - 1] + (m > 2 && isLeap(y) ? 1 : 0);
}

export function daysIn(m: number, y: number): number {
  return m === 2 && isLeap(y) ? 29 : DAYS_BEFORE[m] - DAYS_BEFORE[m - 1];
}


/** Go's norm: hi*base + lo == nhi*base + nlo with 0 <= nlo < base. */
function norm(hi: number, lo: number, base: number): [number, number] {
  const n = Math.floor(lo / base);
  return [hi + n, lo - n * base];
}

/** A double that BigInt accepts: non-finite values (absurd inputs) saturate. */
function int(n: number): bigint {
  if (Number.isFinite(n)) return BigInt(Math.trunc(n));
  return n > 0 ? BigInt(Number.MAX_VALUE) : n < 0 ? -BigInt(Number.MAX_VALUE) : 0n;
}

/**
 * Go's time.Date: the fields may be out of range and are normalised (month 13 is January
 * of the next year, October 32 is November 1, ...). In a zone transition the offset is
 * looked up at the local wall time first, then at the resulting instant, like Go.
 */
export function makeDate(year: number, month: number, day: number, hour: number, min: number,
  sec: number, nsec: number, loc: Location = UTC): Time {
  let m0: number;
  [year, m0] = norm(year, month - 1, 12);
  [sec, nsec] = norm(sec, nsec, 1e9);
  [min, sec] = norm(min, sec, 60);
  [hour, min] = norm(hour, min, 60);
  [day, hour] = norm(day, hour, 24);
  const days = daysFromCivil(year, m0 + 1, 1) + (day - 1);
  let unix = days * 86400 + hour * 3600 + min * 60 + sec;
  const offset = loc.offsetAt(unix);
  if (offset !== 0) {
    const utc = unix - offset;
    const real = loc.offsetAt(utc);
    unix -= real === offset ? offset : real;
  }
  return new Time(int(unix) * NS_PER_SEC + int(nsec), loc);
}

/** Go's time.Unix: nsec outside [0, 1e9) carries into the seconds. */
export function fromUnix(sec: number, nsec: number, loc: Location): Time {
  return new Time(int(sec) * NS_PER_SEC + int(nsec), loc);
}
