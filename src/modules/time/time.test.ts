// The pure parts of the `time` module, driven through real Lua code. Expected values follow
// Go's documented time package behaviour (Time.Format/Parse, ParseDuration,
// Duration.String, Date normalisation, AddDate, Round/Truncate since the zero time).

process.env.TZ = 'UTC'; // Local is resolved at call time, so this holds for every test

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLuaState } from '../../lua/state.js';
import { all } from '../../lua/runtime/ops.js';
import { LuaTable } from '../../lua/runtime/table.js';
import type { LuaValue } from '../../lua/runtime/types.js';
import { createTimePure, parseDuration, formatDuration, toNanos } from './index.js';

const state = createLuaState({ print: () => undefined });
const timeLib = new LuaTable();
for (const [k, v] of Object.entries(createTimePure())) timeLib.setStr(k, v);
state.globals.setStr('time', timeLib);

/** All results of a Lua chunk. */
function run(src: string): LuaValue[] {
  return all(state.load(src, 'time_test.lua')());
}

/** The first result of `return <expr>`. */
function ev(expr: string): LuaValue {
  return run('return ' + expr)[0];
}

/** UTF-8 text as the Lua byte string it arrives as. */
function bytes(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

/** A Lua string literal for a byte string (bytes outside printable ASCII as \ddd). */
function lit(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += c < 32 || c > 126 || c === 34 || c === 92 ? '\\' + String(c).padStart(3, '0') : s[i];
  }
  return out + '"';
}

/** The message of the error a Lua statement raises. */
function raised(stmt: string): string {
  const [ok, msg] = run(`return pcall(function() ${stmt} end)`);
  assert.equal(ok, false, `expected an error from: ${stmt}`);
  return String(msg);
}

/** `nil, err` of a fallible call: [kind, message]. */
function failure(call: string): [string, string] {
  const [v, kind, msg] = run(`local v, err = ${call}; return v, err:kind(), err:message()`);
  assert.equal(v, undefined);
  return [kind, msg];
}

// ---- durations ------------------------------------------------------------------------------

test('parse_duration accepts Go duration strings', () => {
  const cases: [string, number, string][] = [
    ['1h30m45s500ms', 5445500000000, '1h30m45.5s'],
    ['1.5s', 1.5e9, '1.5s'],
    ['-2m', -1.2e11, '-2m0s'],
    ['0', 0, '0s'],
    ['-0', 0, '0s'],
    ['+5s', 5e9, '5s'],
    ['100ms', 1e8, '100ms'],
    ['2h', 7.2e12, '2h0m0s'],
    ['90m', 5.4e12, '1h30m0s'],
    ['.5s', 5e8, '500ms'],
    ['1.s', 1e9, '1s'],
    ['3.7h', 1.332e13, '3h42m0s'],
    ['1ns', 1, '1ns'],
    ['1us', 1000, bytes('1µs')],
    [bytes('1µs'), 1000, bytes('1µs')], // U+00B5 micro sign
    [bytes('2μs'), 2000, bytes('2µs')], // U+03BC Greek mu
    ['1.000000001s', 1000000001, '1.000000001s'],
    ['1h1m1.001001001s', 3661001001001, '1h1m1.001001001s'],
    ['1500us', 1.5e6, '1.5ms'],
    ['-9223372036854775808ns', -9223372036854775808, '-2562047h47m16.854775808s'],
  ];
  for (const [s, ns, str] of cases) {
    const [n, text] = run(`local d = time.parse_duration(${lit(s)}) return d:nanoseconds(), tostring(d)`);
    assert.equal(n, ns, s);
    assert.equal(text, str, s);
  }
});

test('parse_duration reports malformed strings as INVALID with Go messages', () => {
  const cases: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['-', 'time: invalid duration "-"'],
    ['.', 'time: invalid duration "."'],
    ['.s', 'time: invalid duration ".s"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h2', 'time: missing unit in duration "1h2"'],
    ['1x', 'time: unknown unit "x" in duration "1x"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1h-2m', 'time: unknown unit "h-" in duration "1h-2m"'], // a unit runs up to a digit or '.'
    ['1h.', 'time: invalid duration "1h."'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    [bytes('1µ'), 'time: unknown unit "\\xc2\\xb5" in duration "1\\xc2\\xb5"'],
  ];
  for (const [s, msg] of cases) {
    assert.deepEqual(failure(`time.parse_duration(${lit(s)})`), ['Invalid', msg], s);
  }
});

test('parse_duration takes numbers as nanoseconds and Durations as they are', () => {
  assert.equal(ev('tostring(time.parse_duration(1500))'), bytes('1.5µs'));
  assert.equal(ev('time.parse_duration(time.SECOND * 3):seconds()'), 3);
  assert.equal(ev('tostring(time.parse_duration(time.parse_duration("1m")))'), '1m0s');
  assert.equal(ev('time.parse_duration(2.9):nanoseconds()'), 2); // truncated toward zero
  assert.equal(failure('time.parse_duration({})')[0], 'Invalid');
});

test('Duration methods: integers truncate toward zero, floats split like Go', () => {
  const [ns, us, ms, s, min, h] = run(`
    local d = time.parse_duration("1h30m45.5s")
    return d:nanoseconds(), d:microseconds(), d:milliseconds(), d:seconds(), d:minutes(), d:hours()`);
  assert.deepEqual([ns, us, ms, s], [5445500000000, 5445500000, 5445500, 5445.5]);
  assert.ok(Math.abs(min - 90.758333333) < 1e-8);
  assert.ok(Math.abs(h - 1.512638888) < 1e-8);
  assert.deepEqual(run(`
    local d = time.parse_duration("-1500us")
    return d:milliseconds(), d:microseconds(), d:seconds()`), [-1, -1500, -0.0015]);
  assert.deepEqual(run('return time.parse_duration("999ns"):microseconds(), time.parse_duration("-999ns"):microseconds()'), [0, 0]);
});

test('Duration operators: + - unary minus, comparisons, tostring', () => {
  assert.deepEqual(run(`
    local a, b = time.parse_duration("1h"), time.parse_duration("30m")
    return tostring(a + b), tostring(a - b), tostring(b - a), tostring(-a),
      a == time.parse_duration("60m"), a == b, b < a, a < b, a <= a, b <= a, a > b`),
  ['1h30m0s', '30m0s', '-30m0s', '-1h0m0s', true, false, true, false, true, true, true]);
  assert.equal(ev('tostring(-time.parse_duration("0s"))'), '0s');
  assert.match(raised('local x = time.parse_duration("1s") + 5'), /attempt to perform arithmetic on a number value/);
  assert.match(raised('local x = time.parse_duration("1s") < 5'), /attempt to compare/);
});

test('toNanos: numbers, strings and Durations; errors as messages', () => {
  assert.equal(toNanos(1500), 1500);
  assert.equal(toNanos(-2.7), -2);
  assert.equal(toNanos('1s'), 1e9);
  assert.equal(toNanos(ev('time.parse_duration("2ms")')), 2e6);
  assert.equal(toNanos('bogus'), 'time: invalid duration "bogus"');
  assert.match(String(toNanos(true)), /got boolean/);
  assert.equal(parseDuration('1m30s'), 9e10);
  assert.equal(formatDuration(1), '1ns');
  assert.equal(formatDuration(-1.5e9), '-1.5s');
  assert.equal(formatDuration(3.6e12 * 100 + 1), '100h0m0.000000001s');
});

// ---- constants -------------------------------------------------------------------------------

test('constants: durations, months, weekdays, layouts, locations', () => {
  assert.deepEqual(run('return time.NANOSECOND, time.MICROSECOND, time.MILLISECOND, time.SECOND, time.MINUTE, time.HOUR'),
    [1, 1e3, 1e6, 1e9, 6e10, 3.6e12]);
  assert.deepEqual(run('return time.JANUARY, time.JUNE, time.DECEMBER, time.SUNDAY, time.WEDNESDAY, time.SATURDAY'),
    [1, 6, 12, 0, 3, 6]);
  const layouts: Record<string, string> = {
    RFC3339: '2006-01-02T15:04:05Z07:00',
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
  for (const [k, v] of Object.entries(layouts)) assert.equal(ev('time.' + k), v, k);
  assert.deepEqual(run('return time.utc:string(), tostring(time.utc), time.localtz:string()'), ['UTC', 'UTC', 'UTC']);
});

// ---- format ----------------------------------------------------------------------------------

// Go's reference time, Mon Jan 2 15:04:05 MST 2006, with nanoseconds
const REF = 'time.date(2006, 1, 2, 15, 4, 5, 123456789, time.fixed_zone("MST", -7 * 3600))';

test('format: every layout token on the reference time', () => {
  const cases: [string, string][] = [
    ['2006', '2006'], ['06', '06'], ['01', '01'], ['1', '1'], ['Jan', 'Jan'], ['January', 'January'],
    ['02', '02'], ['2', '2'], ['_2', ' 2'], ['002', '002'], ['__2', '  2'], ['Mon', 'Mon'], ['Monday', 'Monday'],
    ['15', '15'], ['03', '03'], ['3', '3'], ['04', '04'], ['4', '4'], ['05', '05'], ['5', '5'],
    ['PM', 'PM'], ['pm', 'pm'],
    ['.0', '.1'], ['.000', '.123'], ['.000000', '.123456'], ['.000000000', '.123456789'],
    ['.999', '.123'], ['.999999999', '.123456789'], [',000', ',123'], [',999', ',123'],
    ['MST', 'MST'],
    ['Z07:00', '-07:00'], ['Z0700', '-0700'], ['Z07', '-07'], ['Z070000', '-070000'], ['Z07:00:00', '-07:00:00'],
    ['-07:00', '-07:00'], ['-0700', '-0700'], ['-07', '-07'], ['-070000', '-070000'], ['-07:00:00', '-07:00:00'],
    ["01/02 03:04:05PM '06 -0700", "01/02 03:04:05PM '06 -0700"],
    ['Mon Jan _2 15:04:05 MST 2006', 'Mon Jan  2 15:04:05 MST 2006'],
    // literal text: "Jan"/"Mon" followed by a lower-case letter are not tokens
    ['Jant Monthly', 'Jant Monthly'],
    ['_2006', '_2006'],
    ['at 15h04', 'at 15h04'],
  ];
  for (const [layout, want] of cases) {
    assert.equal(ev(`${REF}:format(${lit(layout)})`), want, layout);
  }
});

test('format: the layout constants on the reference time', () => {
  const cases: [string, string][] = [
    ['RFC3339', '2006-01-02T15:04:05-07:00'],
    ['RFC3339NANO', '2006-01-02T15:04:05.123456789-07:00'],
    ['RFC822', '02 Jan 06 15:04 MST'],
    ['RFC822Z', '02 Jan 06 15:04 -0700'],
    ['RFC850', 'Monday, 02-Jan-06 15:04:05 MST'],
    ['RFC1123', 'Mon, 02 Jan 2006 15:04:05 MST'],
    ['RFC1123Z', 'Mon, 02 Jan 2006 15:04:05 -0700'],
    ['DATE_TIME', '2006-01-02 15:04:05'],
    ['DATE_ONLY', '2006-01-02'],
    ['TIME_ONLY', '15:04:05'],
    ['KITCHEN', '3:04PM'],
    ['STAMP', 'Jan  2 15:04:05'],
    ['STAMP_MILLI', 'Jan  2 15:04:05.123'],
    ['STAMP_MICRO', 'Jan  2 15:04:05.123456'],
    ['STAMP_NANO', 'Jan  2 15:04:05.123456789'],
  ];
  for (const [k, want] of cases) assert.equal(ev(`${REF}:format(time.${k})`), want, k);
  assert.equal(ev(`${REF}:format_rfc3339()`), '2006-01-02T15:04:05-07:00');
  assert.equal(ev(`tostring(${REF})`), '2006-01-02 15:04:05.123456789 -0700 MST');
});

test('format: padding, AM/PM, trimmed fractions, UTC and unnamed zones', () => {
  const t = 'time.date(2024, 11, 5, 0, 7, 9, 500000000, time.utc)';
  const cases: [string, string][] = [
    ['3:04:05 PM', '12:07:09 AM'], ['03:4:5 pm', '12:7:9 am'], ['_2|2|02', ' 5|5|05'], ['002|__2', '310|310'],
    ['.999', '.5'], ['.000', '.500'], ['.9', '.5'], ['Monday Mon', 'Tuesday Tue'], ['January 1', 'November 11'],
    ['Z07:00 Z0700 Z07', 'Z Z Z'], ['-07:00 -0700 -07', '+00:00 +0000 +00'], ['MST', 'UTC'],
  ];
  for (const [layout, want] of cases) assert.equal(ev(`${t}:format(${lit(layout)})`), want, layout);
  assert.equal(ev(`tostring(${t})`), '2024-11-05 00:07:09.5 +0000 UTC');
  assert.equal(ev('time.date(2024, 1, 1, 12, 30, 0, 0, time.utc):format(time.KITCHEN)'), '12:30PM');
  assert.equal(ev('time.date(2024, 1, 1, 0, 0, 0, 0, time.utc):format(".999 .000")'), ' .000');
  assert.equal(ev('time.date(2024, 1, 9, 0, 0, 0, 0, time.utc):format("002 __2")'), '009   9');
  assert.equal(ev('time.date(-1, 3, 1, 0, 0, 0, 0, time.utc):format("2006 06")'), '-0001 01');
  assert.equal(ev('time.date(12345, 3, 1, 0, 0, 0, 0, time.utc):format("2006")'), '12345');
  assert.equal(ev('time.date(2024, 1, 1, 0, 0, 0, 0, time.fixed_zone("", 19800)):format("MST Z07:00")'), '+0530 +05:30');
  assert.equal(ev('tostring(time.date(2024, 1, 1, 0, 0, 0, 0, time.fixed_zone("", -12600)))'), '2024-01-01 00:00:00 -0330 -0330');
  assert.equal(ev('time.date(2024, 1, 1, 0, 0, 0, 0, time.fixed_zone("X", 3723)):format("-07:00:00 Z070000")'), '+01:02:03 +010203');
});

// ---- parse -----------------------------------------------------------------------------------

test('parse: RFC 3339 with Z, offsets and fractions', () => {
  assert.deepEqual(run(`
    local t = time.parse(time.RFC3339, "2024-01-15T10:30:00Z")
    return tostring(t), t:unix(), t:location() == time.utc`), ['2024-01-15 10:30:00 +0000 UTC', 1705314600, true]);
  // an offset that is not Local's makes a fixed zone without a name
  assert.deepEqual(run(`
    local t = time.parse(time.RFC3339, "2024-01-15T10:30:00+02:00")
    return tostring(t), t:unix(), t:location():string()`), ['2024-01-15 10:30:00 +0200 +0200', 1705307400, '']);
  // an offset Local has at that instant gives Local (TZ=UTC here)
  assert.equal(ev('time.parse(time.RFC3339, "2024-01-15T10:30:00+00:00"):location() == time.localtz'), true);
  assert.deepEqual(run(`
    local t = time.parse(time.RFC3339NANO, "2024-01-15T10:30:00.5Z")
    local u = time.parse(time.RFC3339NANO, "2024-01-15T10:30:00Z")
    return t:nanosecond(), u:nanosecond()`), [500000000, 0]);
});

test('parse: fractional seconds after seconds even when the layout has none', () => {
  assert.equal(ev('time.parse("2006-01-02 15:04:05", "2024-01-15 10:30:00.123456"):nanosecond()'), 123456000);
  assert.equal(ev('time.parse("15:04:05", "10:30:00,25"):nanosecond()'), 250000000);
  assert.equal(ev('time.parse("15:04:05", "10:30:00.1234567891"):nanosecond()'), 123456789);
  assert.equal(ev('time.parse("15:04:05,000", "10:00:00,250"):nanosecond()'), 250000000);
  assert.equal(ev('time.parse("15:04:05.999", "10:00:00.123456"):nanosecond()'), 123456000);
});

test('parse: elements missing from the layout default to year 0, January 1, UTC', () => {
  assert.equal(ev('tostring(time.parse(time.KITCHEN, "3:04PM"))'), '0000-01-01 15:04:00 +0000 UTC');
  assert.deepEqual(run('return time.parse("3:04PM", "12:00AM"):hour(), time.parse("3:04PM", "12:30PM"):hour()'), [0, 12]);
  assert.deepEqual(run('return time.parse(time.STAMP, "Jan  5 10:00:00"):date()'), [0, 1, 5]);
  assert.deepEqual(run('return time.parse(time.STAMP, "Feb 15 10:00:00"):date()'), [0, 2, 15]);
});

test('parse: names, two-digit years, days of the year', () => {
  assert.deepEqual(run('return time.parse("Jan 2 2006", "FEB 3 2024"):date()'), [2024, 2, 3]);
  assert.deepEqual(run('return time.parse("January 2, 2006", "march 5, 2024"):date()'), [2024, 3, 5]);
  // the weekday is checked for syntax only
  assert.deepEqual(run('return time.parse("Mon Jan 2 2006", "Fri Jan 2 2024"):date()'), [2024, 1, 2]);
  assert.deepEqual(run('return time.parse("Monday 2006", "wednesday 2024"):year()'), [2024]);
  assert.equal(ev('time.parse("02 Jan 06", "05 Mar 69"):year()'), 1969);
  assert.equal(ev('time.parse("02 Jan 06", "05 Mar 68"):year()'), 2068);
  assert.deepEqual(run('return time.parse("2006-002", "2024-060"):date()'), [2024, 2, 29]);
  assert.deepEqual(run('return time.parse("2006-002", "2023-060"):date()'), [2023, 3, 1]);
  assert.deepEqual(run('return time.parse("2006-002", "2024-366"):date()'), [2024, 12, 31]);
  assert.deepEqual(run('return time.parse("2006 __2", "2024   5"):date()'), [2024, 1, 5]);
  assert.deepEqual(run('return time.parse("2006-01-02 002", "2024-03-01 061"):date()'), [2024, 3, 1]);
});

test('parse: errors with Go messages, kind INVALID', () => {
  const cases: [string, string, string][] = [
    ['2006-01-02', 'x', 'parsing time "x" as "2006-01-02": cannot parse "x" as "2006"'],
    ['2006-01-02', '2024/01/15', 'parsing time "2024/01/15" as "2006-01-02": cannot parse "/01/15" as "-"'],
    ['2006-01-02', '2024-13-01', 'parsing time "2024-13-01": month out of range'],
    ['2006-01-02', '2024-02-30', 'parsing time "2024-02-30": day out of range'],
    ['2006-01-02', '2023-02-29', 'parsing time "2023-02-29": day out of range'],
    ['2006-01-02', '2024-01-15 extra', 'parsing time "2024-01-15 extra": extra text: " extra"'],
    ['15:04', '25:00', 'parsing time "25:00": hour out of range'],
    ['15:04', '10:60', 'parsing time "10:60": minute out of range'],
    ['15:04:05', '10:00:61', 'parsing time "10:00:61": second out of range'],
    ['15:04:05.000', '10:30:00.12', 'parsing time "10:30:00.12" as "15:04:05.000": cannot parse ".12" as ".000"'],
    ['Mon Jan 2 2006', 'Xyz Jan 2 2024', 'parsing time "Xyz Jan 2 2024" as "Mon Jan 2 2006": cannot parse "Xyz Jan 2 2024" as "Mon"'],
    ['2006-002', '2023-366', 'parsing time "2023-366": day-of-year out of range'],
    ['2006-01-02 002', '2024-03-02 061', 'parsing time "2024-03-02 061": day-of-year does not match day'],
    ['2006-01-02 002', '2024-04-01 061', 'parsing time "2024-04-01 061": day-of-year does not match month'],
    ['3PM', '3XM', 'parsing time "3XM" as "3PM": cannot parse "XM" as "PM"'],
    ['15:04 -0700', '10:00 +0x00', 'parsing time "10:00 +0x00" as "15:04 -0700": cannot parse "+0x00" as "-0700"'],
    ['15:04 -07:00', '10:00 +25:00', 'parsing time "10:00 +25:00": time zone offset hour out of range'],
    ['15:04 MST', '10:00 Ab', 'parsing time "10:00 Ab" as "15:04 MST": cannot parse "Ab" as "MST"'],
    ['2006-01-02T15:04:05Z07:00', '2024-01-15T10:30:00', 'parsing time "2024-01-15T10:30:00" as "2006-01-02T15:04:05Z07:00": cannot parse "" as "Z07:00"'],
    ['2006', bytes('20é4'), 'parsing time "20\\xc3\\xa94" as "2006": cannot parse "20\\xc3\\xa94" as "2006"'],
  ];
  for (const [layout, value, msg] of cases) {
    assert.deepEqual(failure(`time.parse(${lit(layout)}, ${lit(value)})`), ['Invalid', msg], value);
  }
});

test('parse: zone abbreviations and numeric offsets against the location', () => {
  // UTC is recognised anywhere; other abbreviations unknown to the location keep the wall
  // clock as UTC under a fixed zone of that name (Go's documented behaviour)
  assert.equal(ev('tostring(time.parse(time.RFC1123, "Mon, 02 Jan 2006 15:04:05 UTC"))'), '2006-01-02 15:04:05 +0000 UTC');
  assert.equal(ev('tostring(time.parse(time.RFC1123, "Mon, 02 Jan 2006 15:04:05 MST"))'), '2006-01-02 15:04:05 +0000 MST');
  // GMT+h records h hours without moving the instant
  assert.equal(ev('tostring(time.parse("15:04 MST", "10:00 GMT+3"))'), '0000-01-01 13:00:00 +0300 GMT+3');
  assert.equal(ev('time.parse("15:04 MST", "10:00 ChST"):location():string()'), 'ChST');
  // in a location: its abbreviations and offsets are used
  assert.deepEqual(run(`
    local ny = time.load_location("America/New_York")
    local a = time.parse(time.RFC1123, "Mon, 15 Jan 2024 10:00:00 EST", ny)
    local b = time.parse("2006-01-02 15:04", "2024-07-04 12:00", ny)
    local c = time.parse(time.RFC3339, "2024-07-04T12:00:00-04:00", ny)
    local d = time.parse(time.RFC1123Z, "Mon, 15 Jan 2024 10:00:00 -0800", ny)
    return tostring(a), a:unix(), a:location() == ny, tostring(b), b:unix(), c:location() == ny, tostring(d)`),
  ['2024-01-15 10:00:00 -0500 EST', 1705330800, true, '2024-07-04 12:00:00 -0400 EDT', 1720108800, true,
    '2024-01-15 10:00:00 -0800 -0800']);
  // a daylight-time name outside daylight time: Go falls back to the plain name match
  assert.equal(ev('tostring(time.parse(time.RFC1123, "Mon, 15 Jan 2024 10:00:00 EDT", time.load_location("America/New_York")))'),
    '2024-01-15 09:00:00 -0500 EST');
  // a layout with both an offset and a name
  assert.equal(ev('tostring(time.parse("2006-01-02 15:04 -0700 MST", "2024-01-15 10:00 -0500 EST", time.load_location("America/New_York")))'),
    '2024-01-15 10:00:00 -0500 EST');
  assert.equal(ev('time.parse("2006-01-02 15:04 -0700 MST", "2024-01-15 10:00 -0500 XST"):location():string()'), 'XST');
});

test('parse: every offset form and round trips through format', () => {
  const cases: [string, string, number][] = [
    ['15:04 Z07:00', '10:00 +05:30', -19800], ['15:04 Z0700', '10:00 -0130', 5400], ['15:04 Z07', '10:00 +03', -10800],
    ['15:04 Z070000', '10:00 +010203', -3723], ['15:04 Z07:00:00', '10:00 -01:02:03', 3723],
    ['15:04 -07:00', '10:00 +05:30', -19800], ['15:04 -0700', '10:00 -0130', 5400], ['15:04 -07', '10:00 +03', -10800],
    ['15:04 -070000', '10:00 +010203', -3723], ['15:04 -07:00:00', '10:00 -01:02:03', 3723],
  ];
  for (const [layout, value, shift] of cases) {
    const [unix, again] = run(`local t = time.parse(${lit(layout)}, ${lit(value)}) return t:unix(), t:format(${lit(layout)})`);
    assert.equal(unix, -62167219200 + 36000 + shift, layout);
    assert.equal(again, value, layout);
  }
  const layouts = ['RFC3339', 'RFC3339NANO', 'RFC822Z', 'RFC1123Z', 'DATE_TIME', 'STAMP_NANO'];
  for (const l of layouts) {
    assert.equal(ev(`(function()
      local t = time.date(2024, 2, 29, 23, 59, 58, 987654321, time.fixed_zone("", -9000))
      local u = time.parse(time.${l}, t:format(time.${l}))
      return u:format(time.${l}) == t:format(time.${l})
    end)()`), true, l);
  }
});

// ---- construction and normalisation ----------------------------------------------------------

test('date normalises out-of-range fields like Go', () => {
  const cases: [string, string][] = [
    ['2024, 13, 1', '2025-01-01 00:00:00 +0000 UTC'],
    ['2024, 0, 1', '2023-12-01 00:00:00 +0000 UTC'],
    ['2024, -1, 1', '2023-11-01 00:00:00 +0000 UTC'],
    ['2024, 25, 1', '2026-01-01 00:00:00 +0000 UTC'],
    ['2024, 10, 32', '2024-11-01 00:00:00 +0000 UTC'],
    ['2024, 3, 0', '2024-02-29 00:00:00 +0000 UTC'],
    ['2023, 2, 29', '2023-03-01 00:00:00 +0000 UTC'],
    ['2024, 1, 1, 25, 61, 61, 1000000005', '2024-01-02 02:02:02.000000005 +0000 UTC'],
    ['2024, 1, 1, -1, 0, 0, 0', '2023-12-31 23:00:00 +0000 UTC'],
    ['2024, 1, 1, 0, 0, 0, -1', '2023-12-31 23:59:59.999999999 +0000 UTC'],
    ['2024, 1, 366', '2024-12-31 00:00:00 +0000 UTC'],
  ];
  for (const [args, want] of cases) {
    const full = args.split(',').length === 3 ? args + ', 0, 0, 0, 0' : args;
    assert.equal(ev(`tostring(time.date(${full}, time.utc))`), want, args);
  }
  // defaults: hour..nsec 0, the local zone
  assert.deepEqual(run('local t = time.date(2024, 5, 6) return tostring(t), t:location() == time.localtz'),
    ['2024-05-06 00:00:00 +0000 UTC', true]);
  assert.match(raised('time.date(2024, 1, 1, 0, 0, 0, 0, "UTC")'), /bad argument #8 to 'date' \(Location expected, got string\)/);
  assert.match(raised('time.date(2024)'), /bad argument #2 to 'date' \(number expected, got no value\)/);
});

test('unix builds local times, normalising nanoseconds', () => {
  assert.equal(ev('tostring(time.unix(1700000000, 0):utc())'), '2023-11-14 22:13:20 +0000 UTC');
  assert.deepEqual(run('local t = time.unix(0, -1) return t:unix(), t:nanosecond(), tostring(t)'),
    [-1, 999999999, '1969-12-31 23:59:59.999999999 +0000 UTC']);
  assert.deepEqual(run('local t = time.unix(1, 1500000000) return t:unix(), t:nanosecond()'), [2, 500000000]);
  assert.equal(ev('time.unix(5):location() == time.localtz'), true);
  assert.equal(ev('time.unix(1700000000, 123):unix_nano() == 1700000000000000123'), true);
});

test('accessors: date, clock, fields, weekday, year_day, is_zero', () => {
  const t = 'time.date(2024, 2, 29, 13, 45, 30, 250, time.fixed_zone("X", 3600))';
  assert.deepEqual(run(`local t = ${t} return t:date()`), [2024, 2, 29]);
  assert.deepEqual(run(`local t = ${t} return t:clock()`), [13, 45, 30]);
  assert.deepEqual(run(`local t = ${t}
    return t:year(), t:month(), t:day(), t:hour(), t:minute(), t:second(), t:nanosecond(), t:weekday(), t:year_day(), t:unix()`),
  [2024, 2, 29, 13, 45, 30, 250, 4, 60, 1709210730]);
  assert.deepEqual(run('return time.date(2023, 12, 31, 0, 0, 0, 0, time.utc):year_day(), time.date(2024, 12, 31, 0, 0, 0, 0, time.utc):year_day()'), [365, 366]);
  assert.equal(ev('time.date(2006, 1, 1, 0, 0, 0, 0, time.utc):weekday()'), 0); // a Sunday
  assert.deepEqual(run('return time.date(1, 1, 1, 0, 0, 0, 0, time.utc):is_zero(), time.unix(0, 0):is_zero(), time.date(1, 1, 1, 0, 0, 0, 0, time.fixed_zone("A", 60)):is_zero()'),
    [true, false, false]);
  assert.equal(ev('tostring(time.date(1, 1, 1, 0, 0, 0, 0, time.utc))'), '0001-01-01 00:00:00 +0000 UTC');
  assert.deepEqual(run('return time.date(1969, 12, 31, 23, 59, 59, 0, time.utc):weekday(), time.date(1600, 3, 1, 0, 0, 0, 0, time.utc):weekday()'), [3, 3]);
});

// ---- arithmetic ------------------------------------------------------------------------------

test('add accepts nanoseconds, duration strings and Durations', () => {
  const t = 'time.date(2024, 1, 1, 12, 0, 0, 0, time.utc)';
  assert.deepEqual(run(`local t = ${t}
    return tostring(t:add(1e9)), tostring(t:add("1h30m")), tostring(t:add(time.parse_duration("-30m"))), tostring(t:add(-1))`),
  ['2024-01-01 12:00:01 +0000 UTC', '2024-01-01 13:30:00 +0000 UTC', '2024-01-01 11:30:00 +0000 UTC',
    '2024-01-01 11:59:59.999999999 +0000 UTC']);
  assert.match(raised(`${t}:add("soon")`), /bad argument #1 to 'add' \(time: invalid duration "soon"\)/);
  assert.match(raised(`${t}:add({})`), /bad argument #1 to 'add'/);
});

test('sub returns a Duration, negative when earlier', () => {
  assert.deepEqual(run(`
    local a = time.date(2024, 1, 1, 12, 0, 0, 0, time.utc)
    local b = time.date(2024, 1, 1, 10, 30, 0, 0, time.utc)
    local c = b:in_location(time.fixed_zone("X", 7200))
    return tostring(a:sub(b)), tostring(b:sub(a)), b:sub(a):seconds(), a:sub(b):milliseconds(), tostring(c:sub(b))`),
  ['1h30m0s', '-1h30m0s', -5400, 5400000, '0s']);
  assert.match(raised('time.unix(0):sub(5)'), /bad argument #1 to 'sub' \(Time expected, got number\)/);
});

test('add_date normalises like Date and keeps the wall clock', () => {
  assert.equal(ev('tostring(time.date(2024, 10, 31, 8, 0, 0, 0, time.utc):add_date(0, 1, 0))'), '2024-12-01 08:00:00 +0000 UTC');
  assert.equal(ev('tostring(time.date(2011, 1, 1, 0, 0, 0, 0, time.utc):add_date(-1, 2, 3))'), '2010-03-04 00:00:00 +0000 UTC');
  assert.equal(ev('tostring(time.date(2024, 2, 29, 0, 0, 0, 0, time.utc):add_date(1, 0, 0))'), '2025-03-01 00:00:00 +0000 UTC');
  assert.equal(ev('tostring(time.date(2024, 1, 31, 0, 0, 0, 5, time.utc):add_date(0, 0, -31))'), '2023-12-31 00:00:00.000000005 +0000 UTC');
  // across a daylight saving change the wall clock is kept, unlike add(24h)
  assert.deepEqual(run(`
    local ny = time.load_location("America/New_York")
    local t = time.date(2024, 3, 9, 12, 0, 0, 0, ny)
    return tostring(t:add_date(0, 0, 1)), tostring(t:add("24h"))`),
  ['2024-03-10 12:00:00 -0400 EDT', '2024-03-10 13:00:00 -0400 EDT']);
});

test('round and truncate work since the zero time and require a Duration', () => {
  const t = 'time.date(2024, 1, 15, 10, 37, 45, 500000000, time.utc)';
  const d = (s: string) => `time.parse_duration("${s}")`;
  assert.deepEqual(run(`local t = ${t}
    return tostring(t:truncate(${d('1h')})), tostring(t:round(${d('1h')})), tostring(t:round(${d('1m')})),
      tostring(t:truncate(${d('1s')})), tostring(t:round(${d('1s')})), tostring(t:round(${d('0s')})),
      tostring(t:truncate(${d('-1s')})), tostring(t:truncate(${d('24h')}))`),
  ['2024-01-15 10:00:00 +0000 UTC', '2024-01-15 11:00:00 +0000 UTC', '2024-01-15 10:38:00 +0000 UTC',
    '2024-01-15 10:37:45 +0000 UTC', '2024-01-15 10:37:46 +0000 UTC', '2024-01-15 10:37:45.5 +0000 UTC',
    '2024-01-15 10:37:45.5 +0000 UTC', '2024-01-15 00:00:00 +0000 UTC']);
  // 7h does not divide a day: multiples count from January 1, year 1, not from 1970
  assert.equal(ev(`tostring(time.unix(0):utc():truncate(${d('7h')}))`), '1969-12-31 22:00:00 +0000 UTC');
  assert.equal(ev(`tostring(time.unix(0):utc():round(${d('7h')}))`), '1969-12-31 22:00:00 +0000 UTC');
  assert.equal(ev(`tostring(time.unix(5 * 3600 + 1):utc():round(${d('7h')}))`), '1970-01-01 05:00:00 +0000 UTC');
  // the location is kept; the rounding is on the absolute time
  assert.equal(ev(`tostring(time.date(2024, 1, 15, 10, 37, 0, 0, time.fixed_zone("H", 1800)):truncate(${d('1h')}))`),
    '2024-01-15 10:30:00 +0030 H');
  // before year 1 the remainder is still taken toward the past
  assert.equal(ev(`tostring(time.date(0, 12, 31, 23, 59, 59, 0, time.utc):truncate(${d('1m')}))`), '0000-12-31 23:59:00 +0000 UTC');
  assert.match(raised(`${t}:round(1000)`), /bad argument #1 to 'round' \(Duration expected, got number\)/);
  assert.match(raised(`${t}:truncate("1h")`), /bad argument #1 to 'truncate' \(Duration expected, got string\)/);
});

test('comparisons: before, after, equal and operators compare instants', () => {
  assert.deepEqual(run(`
    local a = time.date(2024, 1, 1, 12, 0, 0, 0, time.utc)
    local b = a:add(1)
    local a2 = a:in_location(time.fixed_zone("X", 3600))
    return a:before(b), a:after(b), b:after(a), a:equal(a2), a == a2, a ~= b, a < b, b <= a, a <= a2, a > b`),
  [true, false, true, true, true, true, true, false, true, false]);
  assert.match(raised('time.unix(0):before("x")'), /bad argument #1 to 'before' \(Time expected, got string\)/);
  assert.match(raised('local x = time.unix(0) < 5'), /attempt to compare/);
});

// ---- locations -------------------------------------------------------------------------------

test('locations: utc, in_local, in_location, location, fixed_zone', () => {
  assert.deepEqual(run(`
    local t = time.date(2024, 6, 1, 12, 0, 0, 0, time.fixed_zone("CEST", 7200))
    return tostring(t:utc()), t:utc():location() == time.utc, tostring(t:in_local()), t:in_local():location() == time.localtz,
      t:location():string(), tostring(t:location()), tostring(t:in_location(time.fixed_zone("IST", 19800)))`),
  ['2024-06-01 10:00:00 +0000 UTC', true, '2024-06-01 10:00:00 +0000 UTC', true, 'CEST', 'CEST',
    '2024-06-01 15:30:00 +0530 IST']);
  assert.match(raised('time.unix(0):in_location("UTC")'), /bad argument #1 to 'in_location' \(Location expected, got string\)/);
  assert.equal(ev('time.now():location() == time.localtz'), true);
});

test('load_location: IANA zones with daylight time, errors as INVALID / NOT_FOUND', () => {
  assert.deepEqual(run(`
    local ny = time.load_location("America/New_York")
    local t = time.date(2024, 1, 15, 15, 0, 0, 0, time.utc)
    return ny:string(), tostring(t:in_location(ny)), tostring(t:add_date(0, 6, 0):in_location(ny)),
      time.date(2024, 7, 4, 9, 30, 0, 0, ny):unix()`),
  ['America/New_York', '2024-01-15 10:00:00 -0500 EST', '2024-07-15 11:00:00 -0400 EDT', 1720099800]);
  assert.deepEqual(run(`
    local function show(zone, m) return time.date(2024, m, 15, 12, 0, 0, 0, time.load_location(zone)):format("-0700 MST") end
    return show("Europe/Berlin", 1), show("Europe/Berlin", 7), show("Asia/Tokyo", 1), show("Asia/Kolkata", 1),
      show("Australia/Sydney", 1), show("Australia/Sydney", 7), show("Europe/London", 1), show("Europe/London", 7)`),
  ['+0100 CET', '+0200 CEST', '+0900 JST', '+0530 IST', '+1100 AEDT', '+1000 AEST', '+0000 GMT', '+0100 BST']);
  // a wall time skipped by the spring-forward change resolves like Go's Date
  assert.equal(ev('tostring(time.date(2024, 3, 10, 2, 30, 0, 0, time.load_location("America/New_York")))'),
    '2024-03-10 01:30:00 -0500 EST');
  assert.equal(ev('tostring(time.date(2024, 11, 3, 1, 30, 0, 0, time.load_location("America/New_York")))'),
    '2024-11-03 01:30:00 -0400 EDT');
  assert.deepEqual(run('return time.load_location("UTC") == time.utc, time.load_location("Local") == time.localtz'), [true, true]);
  assert.deepEqual(failure('time.load_location("")'), ['Invalid', 'time: empty location name']);
  assert.deepEqual(failure('time.load_location("Nowhere/City")'), ['NotFound', 'unknown time zone Nowhere/City']);
  assert.deepEqual(failure('time.load_location("america/new_york")'), ['NotFound', 'unknown time zone america/new_york']);
  assert.equal(failure('time.load_location("../etc/passwd")')[0], 'Invalid');
  assert.match(raised('time.load_location()'), /bad argument #1 to 'load_location' \(string expected, got no value\)/);
});

test('Local follows TZ: name and zone as Go derives them', () => {
  try {
    process.env.TZ = 'America/New_York';
    assert.deepEqual(run('return time.localtz:string(), time.date(2024, 7, 4, 12, 0, 0, 0):format("-0700 MST"), time.unix(0):hour()'),
      ['America/New_York', '-0400 EDT', 19]);
    // Parse matches offsets against Local
    assert.equal(ev('time.parse(time.RFC3339, "2024-07-04T12:00:00-04:00"):location() == time.localtz'), true);
    assert.equal(ev('time.parse(time.RFC1123, "Thu, 04 Jul 2024 12:00:00 EDT"):unix()'), 1720108800);
    process.env.TZ = '';
    assert.deepEqual(run('return time.localtz:string(), time.unix(0):hour()'), ['UTC', 0]);
    process.env.TZ = 'Not/AZone';
    assert.equal(ev('time.localtz:string()'), 'UTC');
  } finally {
    process.env.TZ = 'UTC';
  }
});

test('now is a Time near the wall clock, in the local zone', () => {
  const [unix, nanos] = run('local t = time.now() return t:unix(), t:unix_nano()');
  assert.ok(Math.abs(unix - Date.now() / 1000) < 5);
  assert.ok(Math.abs(nanos / 1e6 - Date.now()) < 5000);
  assert.equal(ev('time.now():before(time.now():add("1s"))'), true);
});

test('userdata metatables are shared and read-only', () => {
  assert.equal(ev('getmetatable(time.unix(0)) == getmetatable(time.unix(1))'), true);
  assert.match(raised('getmetatable(time.unix(0)).__index.add = nil'), /read-only/);
  assert.match(raised('getmetatable(time.parse_duration("1s")).__tostring = nil'), /read-only/);
  assert.equal(ev('type(time.unix(0))'), 'userdata');
});
