// The `os` library, time functions only: time, clock, date, difftime (and the reference's
// `os.platform`). Nothing here touches the machine: no execute, exit, getenv, remove,
// rename or tmpname.
//
// Dates use proleptic Gregorian calendar arithmetic on Unix seconds rather than JS Date
// getters, because Date maps years 0..99 to 1900..1999 and has a limited range. The only
// thing taken from the JS engine is the local time zone: its UTC offset at an instant
// (Date#getTimezoneOffset) and its abbreviation (Intl), both following process.env.TZ.
// os.date follows the C locale of strftime, as Lua does by default.

import { LuaTable } from '../runtime/table.js';
import { rtError } from '../runtime/errors.js';
import type { LuaValue } from '../runtime/types.js';
import { str2number } from '../runtime/values.js';
import { argError, checkInt, checkNumber, makeLib, optNumber, optString, typeError } from './args.js';
import { civilFromDays, daysFromCivil } from './calendar.js';

const DAY = 86400;
const INT_MAX = 2147483647;
const INT_MIN = -2147483648;

// ---- calendar arithmetic (day numbers: ./calendar.ts) ----------------------------------

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInYear(y: number): number {
  return isLeap(y) ? 366 : 365;
}

// ---- broken-down time (struct tm) ----------------------------------------------------------

interface Tm {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
  hour: number;
  min: number;
  sec: number;
  wday: number; // 0 = Sunday
  yday: number; // 1..366
  isdst: boolean;
  /** seconds east of UTC */
  gmtoff: number;
  zone: string;
}

/** Seconds east of UTC of the local zone at Unix time t (0 outside Date's range). */
function localOffset(t: number): number {
  const off = new Date(t * 1000).getTimezoneOffset();
  return off === off ? -off * 60 : 0;
}

/** Local standard time is the smaller of the offsets in January and July. */
function isDst(t: number, year: number): boolean {
  const jan = localOffset(daysFromCivil(year, 1, 1) * DAY);
  const jul = localOffset(daysFromCivil(year, 7, 1) * DAY);
  return jan !== jul && localOffset(t) > Math.min(jan, jul);
}

function zoneName(t: number): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(new Date(t * 1000));
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return ''; // outside Date's range
  }
}

function breakDown(t: number, utc: boolean): Tm {
  const gmtoff = utc ? 0 : localOffset(t);
  const local = t + gmtoff;
  const days = Math.floor(local / DAY);
  const secs = local - days * DAY;
  const [year, month, day] = civilFromDays(days);
  return {
    year, month, day,
    hour: Math.floor(secs / 3600),
    min: Math.floor((secs % 3600) / 60),
    sec: secs % 60,
    wday: ((days % 7) + 11) % 7, // 1970-01-01 was a Thursday
    yday: days - daysFromCivil(year, 1, 1) + 1,
    isdst: utc ? false : isDst(t, year),
    gmtoff,
    zone: utc ? 'GMT' : '',
  };
}

// ---- strftime -----------------------------------------------------------------------------

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

/** Zero- (or space-) padded to `width` characters, a minus sign included (as glibc). */
function pad(n: number, width: number, fill = '0'): string {
  if (n < 0) return '-' + pad(-n, width - 1, fill);
  const s = String(n);
  return s.length >= width ? s : fill.repeat(width - s.length) + s;
}

/** ISO 8601 week-based year and week number (%G, %g, %V). */
function isoWeek(tm: Tm): [number, number] {
  const yday0 = tm.yday - 1;
  let thursday = yday0 - ((tm.wday + 6) % 7) + 3; // the Thursday of this week, as a yday
  let year = tm.year;
  if (thursday < 0) {
    year--;
    thursday += daysInYear(year);
  } else if (thursday >= daysInYear(year)) {
    thursday -= daysInYear(year);
    year++;
  }
  return [year, Math.floor(thursday / 7) + 1];
}

/** One conversion of the C locale's strftime; `c` is the letter after any E/O modifier. */
function convert(c: string, tm: Tm, t: number): string {
  switch (c) {
    case 'a': return DAYS[tm.wday].slice(0, 3);
    case 'A': return DAYS[tm.wday];
    case 'b': case 'h': return MONTHS[tm.month - 1].slice(0, 3);
    case 'B': return MONTHS[tm.month - 1];
    case 'c': return `${convert('a', tm, t)} ${convert('b', tm, t)} ${pad(tm.day, 2, ' ')} ${convert('T', tm, t)} ${tm.year}`;
    case 'C': return pad(Math.floor(tm.year / 100), 2);
    case 'd': return pad(tm.day, 2);
    case 'D': case 'x': return `${pad(tm.month, 2)}/${pad(tm.day, 2)}/${convert('y', tm, t)}`;
    case 'e': return pad(tm.day, 2, ' ');
    case 'F': return `${tm.year}-${pad(tm.month, 2)}-${pad(tm.day, 2)}`;
    case 'g': return pad(((isoWeek(tm)[0] % 100) + 100) % 100, 2);
    case 'G': return String(isoWeek(tm)[0]);
    case 'H': return pad(tm.hour, 2);
    case 'I': return pad(tm.hour % 12 || 12, 2);
    case 'j': return pad(tm.yday, 3);
    case 'm': return pad(tm.month, 2);
    case 'M': return pad(tm.min, 2);
    case 'n': return '\n';
    case 'p': return tm.hour < 12 ? 'AM' : 'PM';
    case 'r': return `${convert('I', tm, t)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)} ${convert('p', tm, t)}`;
    case 'R': return `${pad(tm.hour, 2)}:${pad(tm.min, 2)}`;
    case 'S': return pad(tm.sec, 2);
    case 't': return '\t';
    case 'T': case 'X': return `${pad(tm.hour, 2)}:${pad(tm.min, 2)}:${pad(tm.sec, 2)}`;
    case 'u': return String(tm.wday || 7);
    case 'U': return pad(Math.floor((tm.yday - 1 + 7 - tm.wday) / 7), 2);
    case 'V': return pad(isoWeek(tm)[1], 2);
    case 'w': return String(tm.wday);
    case 'W': return pad(Math.floor((tm.yday - 1 + 7 - ((tm.wday + 6) % 7)) / 7), 2);
    case 'y': return pad(((tm.year % 100) + 100) % 100, 2);
    case 'Y': return String(tm.year);
    case 'z': {
      const off = Math.floor(Math.abs(tm.gmtoff) / 60);
      return (tm.gmtoff < 0 ? '-' : '+') + pad(Math.floor(off / 60), 2) + pad(off % 60, 2);
    }
    case 'Z': return tm.zone !== '' ? tm.zone : zoneName(t);
    case '%': return '%';
  }
  return '';
}

// The conversions Lua 5.4 accepts with C99 (LUA_STRFTIMEOPTIONS): anything else raises.
const SINGLE = 'aAbBcCdDeFgGhHIjmMnprRStTuUVwWxXyYzZ%';
const WITH_E = 'cCxXyY';
const WITH_O = 'deHImMSuUVwWy';

function strftime(fmt: string, tm: Tm, t: number): string {
  let out = '';
  let i = 0;
  while (i < fmt.length) {
    const pct = fmt.indexOf('%', i);
    if (pct < 0) {
      out += fmt.slice(i);
      break;
    }
    out += fmt.slice(i, pct);
    let c = fmt[pct + 1] ?? '';
    let len = 1;
    if ((c === 'E' && WITH_E.includes(fmt[pct + 2] ?? '\0')) || (c === 'O' && WITH_O.includes(fmt[pct + 2] ?? '\0'))) {
      // the E and O modifiers select alternative forms, which the C locale does not have
      c = fmt[pct + 2];
      len = 2;
    } else if (c === '' || !SINGLE.includes(c)) {
      argError(1, 'date', `invalid conversion specifier '${fmt.slice(pct)}'`);
    }
    out += convert(c, tm, t);
    i = pct + 1 + len;
  }
  return out;
}

// ---- os.date ----------------------------------------------------------------------------

function dateTable(tm: Tm): LuaTable {
  const r = new LuaTable();
  setAllFields(r, tm);
  return r;
}

function setAllFields(r: LuaTable, tm: Tm): void {
  r.setStr('year', tm.year);
  r.setStr('month', tm.month);
  r.setStr('day', tm.day);
  r.setStr('hour', tm.hour);
  r.setStr('min', tm.min);
  r.setStr('sec', tm.sec);
  r.setStr('yday', tm.yday);
  r.setStr('wday', tm.wday + 1);
  r.setStr('isdst', tm.isdst);
}

function date(format?: LuaValue, time?: LuaValue): LuaValue {
  const args = Array.prototype.slice.call(arguments) as LuaValue[];
  let fmt = optString(args, 0, 'date', '%c');
  const t = time === undefined ? Math.floor(Date.now() / 1000) : checkInt(args, 1, 'date');
  let utc = false;
  if (fmt.startsWith('!')) {
    utc = true;
    fmt = fmt.slice(1);
  }
  const tm = breakDown(t, utc);
  // C keeps tm_year = year - 1900 in an int
  if (!(tm.year - 1900 <= INT_MAX && tm.year - 1900 >= INT_MIN)) {
    rtError('date result cannot be represented in this installation');
  }
  if (fmt === '*t') return dateTable(tm);
  return strftime(fmt, tm, t);
}

// ---- os.time ------------------------------------------------------------------------------

/**
 * An integer field of a date table (Lua 5.4's getfield); `dflt` for a missing one. C
 * stores `value - delta` in an int (tm_year = year - 1900), hence the bounds.
 */
function field(t: LuaTable, key: string, dflt: number, delta = 0): number {
  const v = t.getStr(key);
  if (v === undefined) return dflt;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? str2number(v) : undefined;
  if (n === undefined || !Number.isInteger(n)) return rtError(`field '${key}' is not an integer`);
  if (!(n >= 0 ? n - delta <= INT_MAX : INT_MIN + delta <= n)) return rtError(`field '${key}' is out-of-bound`);
  return n;
}

/** Unix time of a local date whose fields may be out of range (mktime without isdst). */
function localTime(year: number, month: number, day: number, hour: number, min: number, sec: number): number {
  // Date's setters normalise like mktime and resolve DST gaps the way glibc does
  const d = new Date(0);
  d.setFullYear(year, month - 1, day);
  d.setHours(hour, min, sec, 0);
  const r = d.getTime() / 1000;
  if (Number.isFinite(r)) return r;
  // beyond Date's range (about 275000 years) there is no zone data: count in UTC
  const y = year + Math.floor((month - 1) / 12);
  const m = ((((month - 1) % 12) + 12) % 12) + 1;
  return (daysFromCivil(y, m, 1) + day - 1) * DAY + hour * 3600 + min * 60 + sec;
}

/**
 * mktime: local time from a table whose fields may be out of range (month 13, sec -1...).
 * Missing year/month/day default to today (the reference's documented behaviour; stock
 * Lua raises), hour to 12.
 */
function mktime(t: LuaTable): number {
  const today = breakDown(Math.floor(Date.now() / 1000), false);
  const year = field(t, 'year', today.year, 1900);
  const month = field(t, 'month', today.month, 1);
  const day = field(t, 'day', today.day);
  const hour = field(t, 'hour', 12);
  const min = field(t, 'min', 0);
  const sec = field(t, 'sec', 0);
  let r = localTime(year, month, day, hour, min, sec);
  // an explicit isdst that disagrees with the zone's rules shifts by an hour, like glibc
  const isdst = t.getStr('isdst');
  if (typeof isdst === 'boolean') {
    const actual = breakDown(r, false).isdst;
    if (isdst && !actual) r -= 3600;
    else if (!isdst && actual) r += 3600;
  }
  return r;
}

function time(t?: LuaValue): number {
  if (t === undefined) return Math.floor(Date.now() / 1000);
  if (!(t instanceof LuaTable)) return typeError(1, 'time', 'table', t);
  const r = mktime(t);
  // Lua 5.3+ writes the normalised fields back into the table
  if (!t.frozen) setAllFields(t, breakDown(r, false));
  return r;
}

// ---- clock / difftime ---------------------------------------------------------------------

/** CPU time used by this process, in seconds. */
function clock(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function difftime(t2?: LuaValue, t1?: LuaValue): number {
  const args = Array.prototype.slice.call(arguments) as LuaValue[];
  return checkNumber(args, 0, 'difftime') - optNumber(args, 1, 'difftime', 0);
}

export function createOsLib(): LuaTable {
  return makeLib({ time, clock, date, difftime, platform: 'wippy' });
}
