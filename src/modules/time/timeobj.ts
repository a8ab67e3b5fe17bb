// The Time and Location userdata: one shared, frozen metatable per kind; the payload is an
// immutable Time (civil.ts) or Location (zone.ts).
//
// Numbers are doubles: `unix_nano()` is exact only within ±2^53 ns of the epoch (about
// ±104 days); today's instants come back rounded to a multiple of 256 ns. Everything
// computed inside a Time (add, sub, round, format, ...) stays exact, on BigInt nanoseconds.

import { checkInt, checkString, typeError } from '../../lua/lib/args.js';
import { LuaTable } from '../../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaValue } from '../../lua/runtime/types.js';
import { makeDate, Time, ZERO_TIME_NS, floorMod } from './civil.js';
import { checkNanos, isDuration, newDuration, MAX_DURATION, MIN_DURATION } from './duration.js';
import { format } from './layout.js';
import { Local, UTC, type Location } from './zone.js';

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
/** Go's Time.String() layout (without the monotonic clock reading Go appends to now()). */
const STRING_LAYOUT = '2006-01-02 15:04:05.999999999 -0700 MST';

export const timeMeta = new LuaTable();
export const locationMeta = new LuaTable();

// ---- Location ---------------------------------------------------------------------------

// one userdata per Location, so `t:location() == time.utc` holds
const locationUds = new WeakMap<Location, Userdata>();

export function locationValue(loc: Location): Userdata {
  let ud = locationUds.get(loc);
  if (ud === undefined) {
    ud = new Userdata(loc, locationMeta);
    locationUds.set(loc, ud);
  }
  return ud;
}

export function toLocation(v: LuaValue): Location | undefined {
  return v instanceof Userdata && v.mt === locationMeta ? (v.data as Location) : undefined;
}

/** A Location argument, raising `bad argument #n to 'fname' (Location expected, got x)`. */
export function checkLocation(v: LuaValue, n: number, fname: string): Location {
  return toLocation(v) ?? typeError(n, fname, 'Location', v);
}

const locationName = (self: LuaValue): string => checkLocation(self, 1, 'string').name;

// ---- Time ---------------------------------------------------------------------------------

export function wrapTime(t: Time): Userdata {
  return new Userdata(t, timeMeta);
}

/** A Time userdata for Unix nanoseconds in a location (Local by default). */
export function newTime(ns: bigint | number, loc: Location = Local): Userdata {
  return wrapTime(new Time(BigInt(ns), loc));
}

export function toTime(v: LuaValue): Time | undefined {
  return v instanceof Userdata && v.mt === timeMeta ? (v.data as Time) : undefined;
}

export function checkTime(v: LuaValue, n: number, fname: string): Time {
  return toTime(v) ?? typeError(n, fname, 'Time', v);
}

// Wall clock in nanoseconds: Date.now() has only milliseconds, so the high-resolution
// clock supplies the rest, re-anchored whenever the two drift apart (clock adjustments).
let anchorWall = 0n;
let anchorHr = 0n;

export function nowNanos(): bigint {
  const hr = process.hrtime.bigint();
  const wallMs = Date.now();
  let ns = anchorWall + (hr - anchorHr);
  const drift = ns / 1_000_000n - BigInt(wallMs);
  if (anchorWall === 0n || drift > 20n || drift < -20n) {
    anchorWall = BigInt(wallMs) * 1_000_000n;
    anchorHr = hr;
    ns = anchorWall;
  }
  return ns;
}

/** time.now(): the current time in the local zone. */
export function nowTime(): Userdata {
  return newTime(nowNanos(), Local);
}

/** Go's saturating Time.Sub, as a double. */
function clampDuration(d: bigint): number {
  const n = Number(d);
  return Math.min(Math.max(n, MIN_DURATION), MAX_DURATION);
}

/** Round or truncate to a multiple of d since the zero time (year 1), like Go. */
function roundTo(t: Time, dv: LuaValue, fname: string, round: boolean): Userdata {
  // the spec requires a Duration object here, not a number or string
  if (!isDuration(dv)) return typeError(1, fname, 'Duration', dv);
  const d = BigInt(Math.trunc(dv.data as number));
  if (d <= 0n) return wrapTime(t);
  const r = floorMod(t.ns - ZERO_TIME_NS, d);
  // halfway rounds up
  return wrapTime(t.addNanos(round && r + r >= d ? d - r : -r));
}

type Method = (t: Time, args: LuaValue[]) => LuaValue;

const timeMethods: Record<string, Method> = {
  add: (t, a) => wrapTime(t.addNanos(checkNanos(a[0], 1, 'add'))),
  sub: (t, a) => newDuration(clampDuration(t.ns - checkTime(a[0], 1, 'sub').ns)),
  add_date: (t, a) => {
    const c = t.civil();
    return wrapTime(makeDate(c.year + checkInt(a, 0, 'add_date'), c.month + checkInt(a, 1, 'add_date'),
      c.day + checkInt(a, 2, 'add_date'), c.hour, c.minute, c.second, c.nsec, t.loc));
  },
  before: (t, a) => t.ns < checkTime(a[0], 1, 'before').ns,
  after: (t, a) => t.ns > checkTime(a[0], 1, 'after').ns,
  equal: (t, a) => t.ns === checkTime(a[0], 1, 'equal').ns, // the instant; the location is ignored
  format: (t, a) => format(t, checkString(a, 0, 'format')),
  format_rfc3339: (t) => format(t, RFC3339),
  unix: (t) => t.unixSec(),
  unix_nano: (t) => Number(t.ns),
  date: (t) => {
    const c = t.civil();
    return [c.year, c.month, c.day];
  },
  clock: (t) => {
    const c = t.civil();
    return [c.hour, c.minute, c.second];
  },
  year: (t) => t.civil().year,
  month: (t) => t.civil().month,
  day: (t) => t.civil().day,
  hour: (t) => t.civil().hour,
  minute: (t) => t.civil().minute,
  second: (t) => t.civil().second,
  nanosecond: (t) => t.civil().nsec,
  weekday: (t) => t.civil().weekday,
  year_day: (t) => t.civil().yday,
  is_zero: (t) => t.ns === ZERO_TIME_NS,
  utc: (t) => wrapTime(t.withLoc(UTC)),
  in_local: (t) => wrapTime(t.withLoc(Local)),
  in_location: (t, a) => wrapTime(t.withLoc(checkLocation(a[0], 1, 'in_location'))),
  location: (t) => locationValue(t.loc),
  round: (t, a) => roundTo(t, a[0], 'round', true),
  truncate: (t, a) => roundTo(t, a[0], 'truncate', false),
};

const timeIndex = new LuaTable();
for (const [name, m] of Object.entries(timeMethods)) {
  // a method: `self` is the Time; argument numbers in errors count from the first
  // argument after it, as Lua does for `t:add(x)`
  const fn: LuaFunction = (self: LuaValue, ...args: LuaValue[]) => m(checkTime(self, 1, name), args);
  fn.$name = name;
  timeIndex.setStr(name, fn);
}

/** An operand of a comparison metamethod: Lua only calls them with two Times. */
const ns = (v: LuaValue): bigint => checkTime(v, 1, 'compare').ns;

const timeMetamethods: Record<string, LuaValue> = {
  __index: timeIndex,
  __tostring: (self: LuaValue) => format(checkTime(self, 1, 'tostring'), STRING_LAYOUT),
  __eq: (a: LuaValue, b: LuaValue) => ns(a) === ns(b),
  __lt: (a: LuaValue, b: LuaValue) => ns(a) < ns(b),
  __le: (a: LuaValue, b: LuaValue) => ns(a) <= ns(b),
  __name: 'Time',
};
for (const [k, v] of Object.entries(timeMetamethods)) timeMeta.setStr(k, v);

const locationIndex = new LuaTable();
const stringMethod: LuaFunction = locationName;
stringMethod.$name = 'string';
locationIndex.setStr('string', stringMethod);
locationMeta.setStr('__index', locationIndex);
locationMeta.setStr('__tostring', locationName);
locationMeta.setStr('__name', 'Location');

// shared by every process: Lua code must not be able to change them
for (const t of [timeIndex, timeMeta, locationIndex, locationMeta]) t.frozen = true;
