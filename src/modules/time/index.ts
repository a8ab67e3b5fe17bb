// The pure members of the `time` module (spec lua-core §7): constants, Time and Duration
// constructors, parsing, locations. The timers, which need the scheduler, are added by
// ../time.ts on top of these.

import { checkInt, checkString, optInt } from '../../lua/lib/args.js';
import type { LuaFunction, LuaValue } from '../../lua/runtime/types.js';
import { fail, KIND } from '../errors.js';
import { fromUnix, makeDate } from './civil.js';
import { HOUR, MICROSECOND, MILLISECOND, MINUTE, NANOSECOND, SECOND, newDuration, toNanos } from './duration.js';
import { parse } from './layout.js';
import { checkLocation, locationValue, nowTime, RFC3339, wrapTime } from './timeobj.js';
import { FixedZone, Local, loadLocation, UTC } from './zone.js';

export { toNanos, checkNanos, newDuration, isDuration, parseDuration, formatDuration, durationMeta } from './duration.js';
export { newTime, nowTime, nowNanos, wrapTime, toTime, checkTime, locationValue, toLocation, timeMeta, locationMeta } from './timeobj.js';
export { Time, makeDate } from './civil.js';
export { format, parse } from './layout.js';
export { Local, UTC, FixedZone, loadLocation, type Location } from './zone.js';

/** Layout constants: Go's reference-time layouts under the module's names. */
export const LAYOUTS: Readonly<Record<string, string>> = {
  RFC3339,
  RFC3339NANO: '2006-01-02T15:04:05.999999999Z07:00',
  RFC822: '02 Jan 06 15:04 MST',
  RFC822Z: '02 Jan 06 15:04 -0700',
  RFC850: 'Monday, 02-Jan-06 15:04:05 MST',
  RFC1123: 'Mon, 02 Jan 2006 15:04:05 MST',
  RFC1123Z: 'Mon, 02 Jan 2006 15:04:05 -0700',
  DATE_TIME: '2006-01-02 15:04:05',
  DATE_ONLY: '2006-01-02',
  TIME_ONLY: '15:04:05',
  KITCHEN: '3:04PM',
  STAMP: 'Jan _2 15:04:05',
  STAMP_MILLI: 'Jan _2 15:04:05.000',
  STAMP_MICRO: 'Jan _2 15:04:05.000000',
  STAMP_NANO: 'Jan _2 15:04:05.000000000',
};

const MONTHS = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST',
  'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];
const WEEKDAYS = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];

/** An optional Location argument: nil gives `dflt`, anything else must be a Location. */
function optLocation(args: LuaValue[], i: number, fname: string, dflt = Local) {
  return args[i] === undefined ? dflt : checkLocation(args[i], i + 1, fname);
}

const functions: Record<string, (...args: LuaValue[]) => LuaValue> = {
  now: () => nowTime(),

  /** time.date(y, mon, d, h?, min?, s?, ns?, loc?): out-of-range fields normalise. */
  date: (...a) => {
    const f = 'date';
    return wrapTime(makeDate(checkInt(a, 0, f), checkInt(a, 1, f), checkInt(a, 2, f), optInt(a, 3, f, 0),
      optInt(a, 4, f, 0), optInt(a, 5, f, 0), optInt(a, 6, f, 0), optLocation(a, 7, f)));
  },

  unix: (...a) => wrapTime(fromUnix(checkInt(a, 0, 'unix'), optInt(a, 1, 'unix', 0), Local)),

  /**
   * time.parse(layout, value, loc?): without loc, Go's time.Parse (UTC when the value has
   * no zone, offsets matched against Local); with loc, time.ParseInLocation.
   */
  parse: (...a) => {
    const layout = checkString(a, 0, 'parse');
    const value = checkString(a, 1, 'parse');
    const loc = a[2] === undefined ? undefined : checkLocation(a[2], 3, 'parse');
    const r = loc === undefined ? parse(layout, value, UTC, Local) : parse(layout, value, loc, loc);
    return 'error' in r ? fail(KIND.INVALID, r.error) : wrapTime(r);
  },

  /** time.parse_duration(v): a number is nanoseconds, a string Go syntax. */
  parse_duration: (v) => {
    const ns = toNanos(v);
    return typeof ns === 'string' ? fail(KIND.INVALID, ns) : newDuration(ns);
  },

  load_location: (...a) => {
    const r = loadLocation(checkString(a, 0, 'load_location'));
    return 'kind' in r ? fail(r.kind === 'Invalid' ? KIND.INVALID : KIND.NOT_FOUND, r.message) : locationValue(r);
  },

  fixed_zone: (...a) =>
    locationValue(new FixedZone(checkString(a, 0, 'fixed_zone'), checkInt(a, 1, 'fixed_zone'))),
};
for (const [name, fn] of Object.entries(functions)) (fn as LuaFunction).$name = name;

/** Every pure member of the `time` module: constants, locations and functions. */
export function createTimePure(): Record<string, LuaValue> {
  const m: Record<string, LuaValue> = {
    NANOSECOND, MICROSECOND, MILLISECOND, SECOND, MINUTE, HOUR,
    ...LAYOUTS,
    utc: locationValue(UTC),
    localtz: locationValue(Local),
    ...functions,
  };
  MONTHS.forEach((name, i) => (m[name] = i + 1));
  WEEKDAYS.forEach((name, i) => (m[name] = i));
  return m;
}
