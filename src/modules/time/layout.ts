// Go reference-time layouts ("2006-01-02T15:04:05Z07:00"): Time.Format and time.Parse
// with Go's tokens, parsing rules and error messages.
//
// A layout is scanned left to right for the first token (Go's nextStdChunk); everything
// else is literal text. Values are Lua byte strings, compared byte by byte.

import { goQuote } from './duration.js';
import { daysBefore, daysIn, isLeap, makeDate, Time, NS_PER_SEC } from './civil.js';
import { FixedZone, UTC, type Location } from './zone.js';

type Std =
  | 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth'
  | 'LongWeekDay' | 'WeekDay'
  | 'Day' | 'UnderDay' | 'ZeroDay' | 'UnderYearDay' | 'ZeroYearDay'
  | 'Hour' | 'Hour12' | 'ZeroHour12' | 'Minute' | 'ZeroMinute' | 'Second' | 'ZeroSecond'
  | 'LongYear' | 'Year' | 'PM' | 'pm'
  | 'TZ' // MST
  | 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ' | 'ISO8601ColonTZ' | 'ISO8601ColonSecondsTZ' // Z0700 ...
  | 'NumTZ' | 'NumSecondsTZ' | 'NumShortTZ' | 'NumColonTZ' | 'NumColonSecondsTZ' // -0700 ...
  | 'Frac0' | 'Frac9'; // .000 / .999 (or with a comma)

interface Chunk {
  prefix: string;
  std: Std | undefined; // undefined: the rest of the layout is literal
  suffix: string;
  /** Frac0/Frac9: number of digits and the separator */
  digits: number;
  sep: string;
}

const ZERO_X: Std[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year']; // 01..06

// longest first, so "-07:00:00" wins over "-07:00" and "-07"
const NUM_TZ: [string, Std][] = [
  ['-070000', 'NumSecondsTZ'], ['-07:00:00', 'NumColonSecondsTZ'], ['-0700', 'NumTZ'],
  ['-07:00', 'NumColonTZ'], ['-07', 'NumShortTZ'],
];
const ISO_TZ: [string, Std][] = [
  ['Z070000', 'ISO8601SecondsTZ'], ['Z07:00:00', 'ISO8601ColonSecondsTZ'], ['Z0700', 'ISO8601TZ'],
  ['Z07:00', 'ISO8601ColonTZ'], ['Z07', 'ISO8601ShortTZ'],
];

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i); // NaN past the end
  return c >= 48 && c <= 57;
}

function startsWithLower(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 97 && c <= 122;
}

/** Go's nextStdChunk: the text before the first token, the token, the text after. */
function nextChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, digits = 0, sep = '.'): Chunk =>
    ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + len), digits, sep });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J': // January, Jan ("Jant" is literal: a lower-case letter must not follow)
        if (rest.startsWith('January')) return at(i, 'LongMonth', 7);
        if (rest.startsWith('Jan') && !startsWithLower(rest.slice(3))) return at(i, 'Month', 3);
        break;
      case 'M': // Monday, Mon, MST
        if (rest.startsWith('Monday')) return at(i, 'LongWeekDay', 6);
        if (rest.startsWith('Mon') && !startsWithLower(rest.slice(3))) return at(i, 'WeekDay', 3);
        if (rest.startsWith('MST')) return at(i, 'TZ', 3);
        break;
      case '0': // 01..06, 002
        if (rest.length >= 2 && rest[1] >= '1' && rest[1] <= '6') return at(i, ZERO_X[rest.charCodeAt(1) - 49], 2);
        if (rest.startsWith('002')) return at(i, 'ZeroYearDay', 3);
        break;
      case '1': // 15, 1
        return rest.startsWith('15') ? at(i, 'Hour', 2) : at(i, 'NumMonth', 1);
      case '2': // 2006, 2
        return rest.startsWith('2006') ? at(i, 'LongYear', 4) : at(i, 'Day', 1);
      case '_': // _2, _2006 (a literal _ then the year), __2
        if (rest.length >= 2 && rest[1] === '2') {
          if (rest.startsWith('_2006')) return at(i + 1, 'LongYear', 4);
          return at(i, 'UnderDay', 2);
        }
        if (rest.startsWith('__2')) return at(i, 'UnderYearDay', 3);
        break;
      case '3':
        return at(i, 'Hour12', 1);
      case '4':
        return at(i, 'Minute', 1);
      case '5':
        return at(i, 'Second', 1);
      case 'P':
        if (rest.startsWith('PM')) return at(i, 'PM', 2);
        break;
      case 'p':
        if (rest.startsWith('pm')) return at(i, 'pm', 2);
        break;
      case '-':
        for (const [tok, std] of NUM_TZ) if (rest.startsWith(tok)) return at(i, std, tok.length);
        break;
      case 'Z':
        for (const [tok, std] of ISO_TZ) if (rest.startsWith(tok)) return at(i, std, tok.length);
        break;
      case '.':
      case ',': // .000 .999 ,000 ,999: a run of one digit that ends the number
        if (rest[1] === '0' || rest[1] === '9') {
          let j = 1;
          while (rest[j] === rest[1]) j++;
          if (!isDigit(rest, j)) return at(i, rest[1] === '0' ? 'Frac0' : 'Frac9', j, j - 1, layout[i]);
        }
        break;
    }
  }
  return { prefix: layout, std: undefined, suffix: '', digits: 0, sep: '.' };
}

const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const SHORT_DAYS = LONG_DAYS.map((d) => d.slice(0, 3));
const LONG_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];
const SHORT_MONTHS = LONG_MONTHS.map((m) => m.slice(0, 3));

/** Go's appendInt: optional '-', then the magnitude zero-padded to width. */
function pad(x: number, width: number): string {
  const s = String(Math.abs(x)).padStart(width, '0');
  return x < 0 ? '-' + s : s;
}

function isoZ(std: Std): boolean {
  return std.startsWith('ISO8601');
}

/** A numeric zone offset for the -0700 / Z07:00 families. */
function formatOffset(offset: number, std: Std): string {
  if (offset === 0 && isoZ(std)) return 'Z';
  let zone = Math.trunc(offset / 60); // minutes
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  const colon = std.includes('Colon');
  out += pad(Math.floor(zone / 60), 2);
  if (colon) out += ':';
  if (!std.includes('Short')) out += pad(zone % 60, 2);
  if (std.includes('Seconds')) {
    if (colon) out += ':';
    out += pad(abs % 60, 2);
  }
  return out;
}

/** Fractional seconds: fixed digits (Frac0) or with trailing zeros removed (Frac9). */
function formatFrac(nsec: number, std: Std, digits: number, sep: string): string {
  const trim = std === 'Frac9';
  if (trim && (digits === 0 || nsec === 0)) return '';
  let s = pad(nsec, 9);
  if (digits < 9) s = s.slice(0, digits);
  if (trim) s = s.replace(/0+$/, '');
  return s === '' ? '' : sep + s;
}

/** Time.Format */
export function format(t: Time, layout: string): string {
  const c = t.civil();
  let out = '';
  while (layout !== '') {
    const ch = nextChunk(layout);
    out += ch.prefix;
    const std = ch.std;
    if (std === undefined) break;
    layout = ch.suffix;
    switch (std) {
      case 'Year': out += pad(Math.abs(c.year) % 100, 2); break;
      case 'LongYear': out += pad(c.year, 4); break;
      case 'Month': out += SHORT_MONTHS[c.month - 1]; break;
      case 'LongMonth': out += LONG_MONTHS[c.month - 1]; break;
      case 'NumMonth': out += c.month; break;
      case 'ZeroMonth': out += pad(c.month, 2); break;
      case 'WeekDay': out += SHORT_DAYS[c.weekday]; break;
      case 'LongWeekDay': out += LONG_DAYS[c.weekday]; break;
      case 'Day': out += c.day; break;
      case 'UnderDay': out += (c.day < 10 ? ' ' : '') + c.day; break;
      case 'ZeroDay': out += pad(c.day, 2); break;
      case 'UnderYearDay': out += String(c.yday).padStart(3, ' '); break;
      case 'ZeroYearDay': out += pad(c.yday, 3); break;
      case 'Hour': out += pad(c.hour, 2); break;
      case 'Hour12': out += c.hour % 12 === 0 ? 12 : c.hour % 12; break; // noon is 12PM, midnight 12AM
      case 'ZeroHour12': out += pad(c.hour % 12 === 0 ? 12 : c.hour % 12, 2); break;
      case 'Minute': out += c.minute; break;
      case 'ZeroMinute': out += pad(c.minute, 2); break;
      case 'Second': out += c.second; break;
      case 'ZeroSecond': out += pad(c.second, 2); break;
      case 'PM': out += c.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += c.hour >= 12 ? 'pm' : 'am'; break;
      case 'TZ': {
        // a zone without a name prints as -0700
        const name = t.abbr();
        out += name !== '' ? name : formatOffset(c.offset, 'NumTZ');
        break;
      }
      case 'Frac0':
      case 'Frac9':
        out += formatFrac(c.nsec, std, ch.digits, ch.sep);
        break;
      default:
        out += formatOffset(c.offset, std);
    }
  }
  return out;
}

// ---- parsing ------------------------------------------------------------------------------

/** Go's atoi: optional sign, digits only; undefined when not a number. */
function atoi(s: string): number | undefined {
  let i = 0;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    i = 1;
  }
  let x = 0;
  for (; i < s.length; i++) {
    if (!isDigit(s, i)) return undefined;
    x = x * 10 + (s.charCodeAt(i) - 48);
  }
  return neg ? -x : x;
}

/** One or two digits (fixed: exactly two). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [s.charCodeAt(0) - 48, s.slice(1)];
  return [(s.charCodeAt(0) - 48) * 10 + (s.charCodeAt(1) - 48), s.slice(2)];
}

/** One to three digits (fixed: exactly three). */
function getnum3(s: string, fixed: boolean): [number, string] | undefined {
  let n = 0, i = 0;
  for (; i < 3 && isDigit(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 48);
  if (i === 0 || (fixed && i !== 3)) return undefined;
  return [n, s.slice(i)];
}

/** Case-insensitive prefix match against a name table: [index, rest]. */
function lookup(tab: string[], val: string): [number, string] | undefined {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i];
    if (val.length >= v.length && val.slice(0, v.length).toLowerCase() === v.toLowerCase()) {
      return [i, val.slice(v.length)];
    }
  }
  return undefined;
}

/** Remove a literal prefix from value; runs of spaces match runs of spaces. */
function skip(value: string, prefix: string): string | undefined {
  while (prefix.length > 0) {
    if (prefix[0] === ' ') {
      if (value.length > 0 && value[0] !== ' ') return undefined;
      prefix = prefix.replace(/^ +/, '');
      value = value.replace(/^ +/, '');
      continue;
    }
    if (value.length === 0 || value[0] !== prefix[0]) return undefined;
    prefix = prefix.slice(1);
    value = value.slice(1);
  }
  return value;
}

/** "+03" / "-4": a signed hour offset up to 23; the length consumed, 0 if none. */
function signedOffsetLen(value: string): number {
  if (value[0] !== '-' && value[0] !== '+') return 0;
  let i = 1;
  let x = 0;
  while (isDigit(value, i)) x = x * 10 + (value.charCodeAt(i++) - 48);
  if (i === 1 || x > 23) return 0;
  return i;
}

/** Go's parseTimeZone: the length of a zone abbreviation at the start of value, 0 if none. */
function zoneLen(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + (value.length > 3 ? signedOffsetLen(value.slice(3)) : 0);
  if (value[0] === '+' || value[0] === '-') return signedOffsetLen(value);
  let n = 0;
  while (n < 6 && n < value.length && value[n] >= 'A' && value[n] <= 'Z') n++;
  if (n === 3) return 3;
  if (n === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (n === 5 && value[4] === 'T') return 5;
  return 0;
}

/**
 * ".123" / ",5": fraction digits scaled to nanoseconds (only the first nine count);
 * undefined on a syntax error, 'range' for a negative fraction (".-5").
 */
function parseNanos(value: string, nbytes: number): number | 'range' | undefined {
  if (value[0] !== '.' && value[0] !== ',') return undefined;
  if (nbytes > 10) nbytes = 10;
  const ns = atoi(value.slice(1, nbytes));
  if (ns === undefined) return undefined;
  if (ns < 0) return 'range';
  return ns * 10 ** (10 - nbytes);
}

export interface ParseError {
  error: string;
}

function parseError(layout: string, value: string, elem: string, valueElem: string, message = ''): ParseError {
  if (message === '') {
    return {
      error: `parsing time ${goQuote(value)} as ${goQuote(layout)}: cannot parse ${goQuote(valueElem)} as ${goQuote(elem)}`,
    };
  }
  return { error: `parsing time ${goQuote(value)}${message}` };
}

/**
 * time.Parse / time.ParseInLocation: values without a zone are in `defaultLoc`; a zone
 * offset or abbreviation found in the value is matched against `local` (Go uses Local
 * for Parse and the given location for ParseInLocation).
 */
export function parse(layout: string, value: string, defaultLoc: Location = UTC, local: Location = defaultLoc): Time | ParseError {
  const alayout = layout, avalue = value;
  let rangeErr = '';
  let amSet = false, pmSet = false;
  let year = 0, month = -1, day = -1, yday = -1;
  let hour = 0, min = 0, sec = 0, nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';

  for (;;) {
    const ch = nextChunk(layout);
    const stdstr = layout.slice(ch.prefix.length, layout.length - ch.suffix.length);
    const skipped = skip(value, ch.prefix);
    if (skipped === undefined) return parseError(alayout, avalue, ch.prefix, value);
    value = skipped;
    const std = ch.std;
    if (std === undefined) {
      if (value.length !== 0) return parseError(alayout, avalue, '', value, ': extra text: ' + goQuote(value));
      break;
    }
    layout = ch.suffix;
    const hold = value;
    let ok = true;
    // n: a parsed number and the rest of the value, or undefined on a syntax error
    const take = (r: [number, string] | undefined): number => {
      if (r === undefined) {
        ok = false;
        return 0;
      }
      value = r[1];
      return r[0];
    };
    switch (std) {
      case 'Year': {
        const y = value.length < 2 ? undefined : atoi(value.slice(0, 2));
        if (y === undefined) { ok = false; break; }
        value = value.slice(2);
        year = y >= 69 ? y + 1900 : y + 2000; // Unix time starts Dec 31 1969 in some zones
        break;
      }
      case 'LongYear': {
        const y = value.length < 4 || !isDigit(value, 0) ? undefined : atoi(value.slice(0, 4));
        if (y === undefined) { ok = false; break; }
        value = value.slice(4);
        year = y;
        break;
      }
      case 'Month':
      case 'LongMonth': {
        const r = lookup(std === 'Month' ? SHORT_MONTHS : LONG_MONTHS, value);
        month = take(r) + 1;
        break;
      }
      case 'NumMonth':
      case 'ZeroMonth':
        month = take(getnum(value, std === 'ZeroMonth'));
        if (ok && (month <= 0 || month > 12)) rangeErr = 'month';
        break;
      case 'WeekDay':
      case 'LongWeekDay': // checked for syntax, otherwise ignored
        take(lookup(std === 'WeekDay' ? SHORT_DAYS : LONG_DAYS, value));
        break;
      case 'Day':
      case 'UnderDay':
      case 'ZeroDay':
        if (std === 'UnderDay' && value[0] === ' ') value = value.slice(1);
        // any one- or two-digit day: checked against the month once everything is parsed
        day = take(getnum(value, std === 'ZeroDay'));
        break;
      case 'UnderYearDay':
      case 'ZeroYearDay':
        if (std === 'UnderYearDay') value = value.replace(/^ {1,2}/, '');
        yday = take(getnum3(value, std === 'ZeroYearDay'));
        break;
      case 'Hour':
        hour = take(getnum(value, false));
        if (hour >= 24) rangeErr = 'hour';
        break;
      case 'Hour12':
      case 'ZeroHour12':
        hour = take(getnum(value, std === 'ZeroHour12'));
        if (hour > 12) rangeErr = 'hour';
        break;
      case 'Minute':
      case 'ZeroMinute':
        min = take(getnum(value, std === 'ZeroMinute'));
        if (min >= 60) rangeErr = 'minute';
        break;
      case 'Second':
      case 'ZeroSecond': {
        sec = take(getnum(value, std === 'ZeroSecond'));
        if (!ok) break;
        if (sec >= 60) { rangeErr = 'second'; break; }
        // a fractional second right after the seconds is accepted even when the layout
        // has none
        if (value.length >= 2 && (value[0] === '.' || value[0] === ',') && isDigit(value, 1)) {
          const next = nextChunk(layout).std;
          if (next === 'Frac0' || next === 'Frac9') break;
          let n = 2;
          while (isDigit(value, n)) n++;
          const ns = parseNanos(value, n);
          if (ns === undefined) ok = false;
          else if (ns === 'range') rangeErr = 'fractional second';
          else nsec = ns;
          value = value.slice(n);
        }
        break;
      }
      case 'PM':
      case 'pm': {
        const p = value.slice(0, 2);
        const [am, pm] = std === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
        if (value.length < 2 || (p !== am && p !== pm)) { ok = false; break; }
        value = value.slice(2);
        if (p === pm) pmSet = true;
        else amSet = true;
        break;
      }
      case 'TZ': {
        if (value.startsWith('UTC')) {
          z = UTC;
          value = value.slice(3);
          break;
        }
        const n = zoneLen(value);
        if (n === 0) { ok = false; break; }
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case 'Frac0': {
        // exactly as many digits as the layout has
        const ndigit = 1 + ch.digits;
        const ns = value.length < ndigit ? undefined : parseNanos(value, ndigit);
        if (ns === undefined) { ok = false; break; }
        value = value.slice(ndigit);
        if (ns === 'range') rangeErr = 'fractional second';
        else nsec = ns;
        break;
      }
      case 'Frac9': {
        if (value.length < 2 || (value[0] !== '.' && value[0] !== ',') || !isDigit(value, 1)) break; // omitted
        // any number of digits, even more than the layout shows
        let i = 0;
        while (isDigit(value, i + 1)) i++;
        const ns = parseNanos(value, 1 + i);
        if (ns === undefined) { ok = false; break; }
        value = value.slice(1 + i);
        if (ns === 'range') rangeErr = 'fractional second';
        else nsec = ns;
        break;
      }
      default: {
        // numeric offsets; the Z forms also accept a plain "Z"
        if (isoZ(std) && value[0] === 'Z') {
          value = value.slice(1);
          z = UTC;
          break;
        }
        const r = parseOffset(value, std);
        if (r === undefined) { ok = false; break; }
        const [hh, mm, ss, sign, rest] = r;
        value = rest;
        // > rather than >=: people do write offsets of 24 hours or 60 minutes
        if (hh > 24) rangeErr = 'time zone offset hour';
        if (mm > 60) rangeErr = 'time zone offset minute';
        if (ss > 60) rangeErr = 'time zone offset second';
        zoneOffset = (hh * 60 + mm) * 60 + ss;
        if (sign === '-') zoneOffset = -zoneOffset;
        else if (sign !== '+') ok = false;
      }
    }
    if (rangeErr !== '') return parseError(alayout, avalue, stdstr, value, `: ${rangeErr} out of range`);
    if (!ok) return parseError(alayout, avalue, stdstr, hold);
  }

  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    let d = 0, m = 0;
    if (isLeap(year)) {
      if (yday === 31 + 29) [m, d] = [2, 29];
      else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) return parseError(alayout, avalue, '', value, ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (daysBefore(m + 1, 1) < yday) m++; // a non-leap year: the leap day was taken out
      d = yday - daysBefore(m, 1);
    }
    if (month >= 0 && month !== m) return parseError(alayout, avalue, '', value, ': day-of-year does not match month');
    month = m;
    if (day >= 0 && day !== d) return parseError(alayout, avalue, '', value, ': day-of-year does not match day');
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }

  if (day < 1 || day > daysIn(month, year)) return parseError(alayout, avalue, '', value, ': day out of range');

  if (z !== undefined) return makeDate(year, month, day, hour, min, sec, nsec, z);

  if (zoneOffset !== -1) {
    const t = makeDate(year, month, day, hour, min, sec, nsec, UTC).addNanos(BigInt(-zoneOffset) * NS_PER_SEC);
    // the local zone, if it had this offset (and name) at that instant
    const u = t.unixSec();
    if (local.offsetAt(u) === zoneOffset && (zoneName === '' || local.abbrAt(u) === zoneName)) return t.withLoc(local);
    return t.withLoc(new FixedZone(zoneName, zoneOffset));
  }

  if (zoneName !== '') {
    const t = makeDate(year, month, day, hour, min, sec, nsec, UTC);
    const offset = local.lookupName(zoneName, t.unixSec());
    if (offset !== undefined) return t.addNanos(BigInt(-offset) * NS_PER_SEC).withLoc(local);
    // An unknown abbreviation: Go keeps the wall clock as UTC and records the name with
    // a zero offset (GMT+h gets h hours), so the value reformats losslessly.
    const gmt = zoneName.length > 3 && zoneName.startsWith('GMT') ? (atoi(zoneName.slice(3)) ?? 0) * 3600 : 0;
    return t.withLoc(new FixedZone(zoneName, gmt));
  }

  return makeDate(year, month, day, hour, min, sec, nsec, defaultLoc);
}

/** The fields of a numeric zone offset: hours, minutes, seconds, sign, rest. */
function parseOffset(value: string, std: Std): [number, number, number, string, string] | undefined {
  let hh: string, mm = '00', ss = '00', rest: string;
  if (std === 'ISO8601ColonTZ' || std === 'NumColonTZ') {
    if (value.length < 6 || value[3] !== ':') return undefined;
    [hh, mm, rest] = [value.slice(1, 3), value.slice(4, 6), value.slice(6)];
  } else if (std === 'NumShortTZ' || std === 'ISO8601ShortTZ') {
    if (value.length < 3) return undefined;
    [hh, rest] = [value.slice(1, 3), value.slice(3)];
  } else if (std === 'ISO8601ColonSecondsTZ' || std === 'NumColonSecondsTZ') {
    if (value.length < 9 || value[3] !== ':' || value[6] !== ':') return undefined;
    [hh, mm, ss, rest] = [value.slice(1, 3), value.slice(4, 6), value.slice(7, 9), value.slice(9)];
  } else if (std === 'ISO8601SecondsTZ' || std === 'NumSecondsTZ') {
    if (value.length < 7) return undefined;
    [hh, mm, ss, rest] = [value.slice(1, 3), value.slice(3, 5), value.slice(5, 7), value.slice(7)];
  } else {
    if (value.length < 5) return undefined;
    [hh, mm, rest] = [value.slice(1, 3), value.slice(3, 5), value.slice(5)];
  }
  const h = getnum(hh, true), m = getnum(mm, true), s = getnum(ss, true);
  if (h === undefined || m === undefined || s === undefined) return undefined;
  return [h[0], m[0], s[0], value[0], rest];
}
