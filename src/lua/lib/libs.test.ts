// Tests for the table, math, os and utf8 libraries, called directly from JS. Expected
// values were printed by the real interpreters (lua5.4 / lua5.1, TZ=UTC) and hard-coded.

process.env.TZ = 'UTC'; // os.date/os.time read the zone at call time

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTableLib } from './table.js';
import { createMathLib } from './math.js';
import { createOsLib } from './os.js';
import { createUtf8Lib } from './utf8.js';
import { LuaTable } from '../runtime/table.js';
import { LuaError } from '../runtime/errors.js';
import type { LuaFunction, LuaValue } from '../runtime/types.js';

const T = createTableLib();
const M = createMathLib();
const OS = createOsLib();
const U = createUtf8Lib();

function fn(lib: LuaTable, name: string): LuaFunction {
  const f = lib.getStr(name);
  assert.equal(typeof f, 'function', name);
  return f as LuaFunction;
}

const insert = fn(T, 'insert'), remove = fn(T, 'remove'), concat = fn(T, 'concat');
const sort = fn(T, 'sort'), unpack = fn(T, 'unpack'), pack = fn(T, 'pack'), move = fn(T, 'move');

/** All results of a library call as an array. */
function res(r: LuaValue): LuaValue[] {
  return Array.isArray(r) ? r : [r];
}

function tbl(...vals: LuaValue[]): LuaTable {
  return new LuaTable(vals);
}

function items(t: LuaTable): LuaValue[] {
  const out: LuaValue[] = [];
  for (let i = 1; i <= t.length(); i++) out.push(t.get(i));
  return out;
}

/** Runs f and returns the Lua error message it raises. */
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof LuaError) return String(e.value);
    throw e;
  }
  assert.fail('expected a Lua error');
}

// ---- table ----------------------------------------------------------------------------

test('table.insert appends and inserts, with 5.4 position checks', () => {
  const t = tbl(1, 2, 3);
  assert.deepEqual(res(insert(t, 4)), []);
  insert(t, 1, 0);
  insert(t, 3, 'x');
  insert(t, 7, 'end');
  assert.deepEqual(items(t), [0, 1, 'x', 2, 3, 4, 'end']);
  assert.equal(errorOf(() => insert(tbl(1, 2), 5, 1)), "bad argument #2 to 'insert' (position out of bounds)");
  assert.equal(errorOf(() => insert(tbl(1, 2), 0, 1)), "bad argument #2 to 'insert' (position out of bounds)");
  assert.equal(errorOf(() => insert(tbl(1, 2))), "wrong number of arguments to 'insert'");
  assert.equal(errorOf(() => insert(tbl(1, 2), 1, 2, 3)), "wrong number of arguments to 'insert'");
  assert.equal(errorOf(() => insert(tbl(1, 2), 'x', 2)), "bad argument #2 to 'insert' (number expected, got string)");
  assert.equal(errorOf(() => insert(undefined, 2)), "bad argument #1 to 'insert' (table expected, got nil)");
  assert.equal(errorOf(() => insert()), "bad argument #1 to 'insert' (table expected, got no value)");
});

test('table.insert pulls following keys over from the hash part', () => {
  const t = tbl(1, 2);
  t.set(4, 'four'); // in the hash: 3 is missing
  insert(t, 1, 0); // 0,1,2 then t[4] joins the array part
  assert.deepEqual(items(t), [0, 1, 2, 'four']);
  insert(t, 'five');
  assert.equal(t.length(), 5);
  const u = tbl(1);
  insert(u, undefined); // appending nil is a no-op
  assert.equal(u.length(), 1);
});

test('table.remove follows Lua 5.4', () => {
  const t = tbl(1, 2, 3);
  assert.equal(remove(t, 4), undefined);
  assert.equal(t.length(), 3);
  assert.equal(remove(t, 1), 1);
  assert.deepEqual(items(t), [2, 3]);
  assert.equal(remove(t), 3);
  assert.deepEqual(items(t), [2]);
  // on an empty table: one nil result, and t[0] is removed
  assert.deepEqual(res(remove(tbl())), [undefined]);
  const z = new LuaTable();
  z.set(0, 7);
  assert.equal(remove(z, 0), 7);
  assert.equal(z.get(0), undefined);
  assert.equal(remove(tbl(), 1), undefined);
  // 5.4.4 reports the bounds check against argument #1
  assert.equal(errorOf(() => remove(tbl(1, 2, 3), 5)), "bad argument #1 to 'remove' (position out of bounds)");
  assert.equal(errorOf(() => remove(tbl(1, 2, 3), 0)), "bad argument #1 to 'remove' (position out of bounds)");
  assert.equal(errorOf(() => remove(tbl(), -1)), "bad argument #1 to 'remove' (position out of bounds)");
});

test('table.remove keeps the array invariant over holes', () => {
  const t = tbl(1, undefined, 3);
  assert.equal(remove(t), 3);
  assert.equal(t.length(), 1); // the trailing hole is dropped: #t is a border
  const u = tbl('a', 'b', 'c', 'd');
  assert.equal(remove(u, 2), 'b');
  assert.deepEqual(items(u), ['a', 'c', 'd']);
});

test('table.concat', () => {
  assert.equal(concat(tbl(1, 2, 3), ', '), '1, 2, 3');
  assert.equal(concat(tbl(1, 2.5, 'x')), '12.5x');
  assert.equal(concat(tbl(1, 2, 3), '-', 2), '2-3');
  assert.equal(concat(tbl(1, 2, 3), '-', 2, 3), '2-3');
  assert.equal(concat(tbl(), 'x'), '');
  assert.equal(concat(tbl(1, 2), 'x', 3), '');
  assert.equal(concat(tbl(1, 2), 3), '132'); // a number separator is coerced
  assert.equal(errorOf(() => concat(tbl(1, new LuaTable(), 3))), "invalid value (table) at index 2 in table for 'concat'");
  assert.equal(errorOf(() => concat(tbl(1, 2, 3), ',', 1, 5)), "invalid value (nil) at index 4 in table for 'concat'");
  assert.equal(errorOf(() => concat(tbl(true))), "invalid value (boolean) at index 1 in table for 'concat'");
});

test('table.unpack and table.pack', () => {
  assert.deepEqual(res(unpack(tbl(1, 2, 3), 2)), [2, 3]);
  assert.deepEqual(res(unpack(tbl(1, 2, 3), 2, 5)), [2, 3, undefined, undefined]);
  assert.deepEqual(res(unpack(tbl(), 1, 0)), []);
  assert.deepEqual(res(unpack(tbl(1, 2), 3)), []);
  const h = new LuaTable();
  h.set(0, 'zero');
  h.set(-1, 'm1');
  assert.deepEqual(res(unpack(h, -1, 1)), ['m1', 'zero', undefined]);
  assert.equal(errorOf(() => unpack(tbl(), 1, 1e7)), 'too many results to unpack');
  assert.equal(errorOf(() => unpack(tbl(), -(2 ** 31), 2 ** 31)), 'too many results to unpack');
  const p = pack(1, undefined, 3) as LuaTable;
  assert.equal(p.getStr('n'), 3);
  assert.deepEqual(items(p), [1, undefined, 3]);
  const q = pack(1, undefined) as LuaTable;
  assert.equal(q.getStr('n'), 2);
  assert.equal(q.length(), 1);
});

test('table.unpack and table.move honour metamethods (Lua 5.4) on tables with a metatable', () => {
  const proxy = new LuaTable();
  proxy.mt = new LuaTable();
  proxy.mt.setStr('__index', (_t: LuaValue, k: number) => 'v' + k);
  proxy.mt.setStr('__len', () => 2);
  assert.deepEqual(res(unpack(proxy, 1, 3)), ['v1', 'v2', 'v3']);
  assert.deepEqual(res(unpack(proxy)), ['v1', 'v2']);
  const f = move(proxy, 1, 3, 1, new LuaTable()) as LuaTable;
  assert.deepEqual(items(f), ['v1', 'v2', 'v3']);
  const log: LuaValue[] = [];
  const sink = new LuaTable();
  sink.mt = new LuaTable();
  sink.mt.setStr('__newindex', (_t: LuaValue, k: LuaValue, v: LuaValue) => { log.push(k, v); });
  move(tbl('a', 'b'), 1, 2, 5, sink);
  assert.deepEqual(log, [5, 'a', 6, 'b']);
  assert.equal(sink.length(), 0);
  const badLen = new LuaTable();
  badLen.mt = new LuaTable();
  badLen.mt.setStr('__len', () => 'x');
  assert.equal(errorOf(() => unpack(badLen)), 'object length is not an integer');
});

test('table.move', () => {
  const a = tbl(1, 2, 3);
  assert.equal(move(a, 1, 3, 2), a);
  assert.deepEqual(items(a), [1, 1, 2, 3]);
  const b = move(tbl(1, 2, 3), 1, 3, 3, new LuaTable()) as LuaTable;
  assert.equal(concat(b, ',', 3, 5), '1,2,3');
  const c = tbl(1, 2, 3, 4, 5);
  move(c, 2, 5, 1); // overlapping, moving down
  assert.deepEqual(items(c), [2, 3, 4, 5, 5]);
  assert.equal(errorOf(() => move(tbl(1, 2, 3), 1, 3)), "bad argument #4 to 'move' (number expected, got no value)");
});

test('table extras: getn, maxn, create, freeze, isfrozen', () => {
  const t = tbl(1, 2, 3);
  t.set(10, 'x');
  t.set(2.5, 'y');
  assert.equal(fn(T, 'getn')(t), 3);
  assert.equal(fn(T, 'maxn')(t), 10);
  assert.equal(fn(T, 'maxn')(new LuaTable()), 0);
  const c = fn(T, 'create')(10, 4);
  assert.ok(c instanceof LuaTable && c.length() === 0);
  const f = tbl(3, 1, 2);
  assert.equal(fn(T, 'isfrozen')(f), false);
  assert.equal(fn(T, 'freeze')(f), f);
  assert.equal(fn(T, 'isfrozen')(f), true);
  assert.equal(errorOf(() => insert(f, 4)), 'attempt to modify a read-only table');
  assert.equal(errorOf(() => remove(f)), 'attempt to modify a read-only table');
  assert.equal(errorOf(() => sort(f)), 'attempt to modify a read-only table');
  assert.deepEqual(items(f), [3, 1, 2]);
});

// ---- table.sort -------------------------------------------------------------------------

const TIE_KEYS = [3, 1, 2, 3, 1, 2, 2, 3, 1, 1, 3, 2, 5, 4, 4, 5, 0, 0, 3, 1, 2, 9, 8, 7, 3, 3, 3, 1, 1, 2];

function records(): LuaTable {
  return new LuaTable(TIE_KEYS.map((k, i) => {
    const r = new LuaTable();
    r.setStr('k', k);
    r.setStr('id', i + 1);
    return r;
  }));
}

function ids(t: LuaTable): string {
  return items(t).map((r: LuaTable) => r.getStr('id')).join(',');
}

test('table.sort orders equal elements exactly like Lua (same quicksort)', () => {
  const asc = records();
  sort(asc, (a: LuaTable, b: LuaTable) => a.getStr('k') < b.getStr('k'));
  assert.equal(ids(asc), '18,17,29,9,10,20,28,5,2,21,12,30,6,7,3,26,25,27,19,1,11,8,4,14,15,13,16,24,23,22');
  const desc = records();
  sort(desc, (a: LuaTable, b: LuaTable) => a.getStr('k') > b.getStr('k'));
  assert.equal(ids(desc), '22,23,24,16,13,14,15,25,26,27,19,1,11,4,8,12,3,7,6,21,30,10,2,28,20,29,9,5,17,18');
  // and makes the same comparator calls
  let n = 0;
  const u = new LuaTable(Array.from({ length: 50 }, (_, i) => ((i + 1) * 37) % 50));
  sort(u, (a: number, b: number) => { n++; return a < b; });
  assert.equal(n, 253);
});

test('table.sort without comparator: numbers, strings, mixed', () => {
  const t = tbl(5, 3, 1, 4, 2, -0.5, 1e300, -Infinity);
  sort(t);
  assert.deepEqual(items(t), [-Infinity, -0.5, 1, 2, 3, 4, 5, 1e300]);
  const s = tbl('b', 'a', 'B', '\xe4', 'ab', '');
  sort(s);
  assert.deepEqual(items(s), ['', 'B', 'a', 'ab', 'b', '\xe4']);
  assert.equal(errorOf(() => sort(tbl(1, 'x'))), 'attempt to compare string with number');
  assert.equal(errorOf(() => sort(tbl(3, 1, 2, undefined, 5))), 'attempt to compare nil with number');
  assert.equal(errorOf(() => sort(tbl(1, 2, 3, new LuaTable(), 5))), 'attempt to compare table with number');
  assert.equal(errorOf(() => sort(tbl(3, 2, 1), 5)), "bad argument #2 to 'sort' (function expected, got number)");
});

test('table.sort raises on inconsistent comparators', () => {
  const always = () => true;
  assert.equal(errorOf(() => sort(tbl(1, 2, 3, 4), always)), 'invalid order function for sorting');
  assert.equal(errorOf(() => sort(tbl(1, 2, 3, 4, 5), always)), 'invalid order function for sorting');
  // random answers must end (with an error or a permutation), never hang or lose values
  for (let round = 0; round < 200; round++) {
    const vals = Array.from({ length: 1 + (round % 60) }, (_, i) => i);
    const t = new LuaTable(vals.slice());
    try {
      sort(t, () => Math.random() < 0.5);
    } catch (e) {
      assert.ok(e instanceof LuaError && /invalid order function/.test(String(e.value)));
    }
    assert.deepEqual([...items(t)].sort((a, b) => a - b), vals);
  }
});

test('table.sort propagates comparator errors', () => {
  const boom = new LuaError('boom');
  assert.throws(() => sort(tbl(5, 4, 3, 2, 1), () => { throw boom; }), (e) => e === boom);
});

test('table.sort sorts many random arrays', () => {
  for (let round = 0; round < 300; round++) {
    const n = round < 100 ? round : Math.floor(Math.random() * 2000);
    const ints = round % 3 === 0;
    const vals = Array.from({ length: n }, () => (ints ? Math.floor(Math.random() * 20) : Math.random() * 1e6 - 5e5));
    const expected = vals.slice().sort((a, b) => a - b);
    const t1 = new LuaTable(vals.slice());
    sort(t1);
    assert.deepEqual(items(t1), expected);
    const t2 = new LuaTable(vals.slice());
    sort(t2, (a: number, b: number) => a > b);
    assert.deepEqual(items(t2), expected.slice().reverse());
    // mixed numbers and a string-keyed sort through the Lua quicksort path
    const t3 = new LuaTable(vals.map((v) => ({ v })));
    sort(t3, (a: { v: number }, b: { v: number }) => a.v < b.v);
    assert.deepEqual(items(t3).map((r: { v: number }) => r.v), expected);
  }
  // already sorted and reversed inputs large enough to exercise pivot randomisation
  const big = Array.from({ length: 100000 }, (_, i) => i);
  const asc = new LuaTable(big.slice());
  sort(asc, (a: number, b: number) => a < b);
  assert.deepEqual(items(asc), big);
  const rev = new LuaTable(big.slice().reverse());
  sort(rev, (a: number, b: number) => a < b);
  assert.deepEqual(items(rev), big);
  const same = new LuaTable(Array.from({ length: 50000 }, () => 7));
  sort(same, (a: number, b: number) => a < b);
  assert.equal(same.length(), 50000);
});

// ---- math -----------------------------------------------------------------------------------

const m = (name: string) => fn(M, name);

test('math rounding: floor, ceil, modf, fmod', () => {
  assert.equal(m('floor')(-0.5), -1);
  assert.ok(Object.is(m('ceil')(-0.5), -0)); // Lua 5.1 prints -0
  assert.equal(m('floor')(3.7), 3);
  assert.equal(m('ceil')(3.2), 4);
  assert.equal(m('floor')('3.5'), 3);
  assert.deepEqual(m('modf')(3.7), [3, 3.7 - 3]);
  assert.deepEqual(m('modf')(-3.7), [-3, -3.7 + 3]);
  assert.deepEqual(m('modf')(Infinity), [Infinity, 0]);
  assert.deepEqual(m('modf')(-Infinity), [-Infinity, 0]);
  assert.deepEqual(m('modf')(5), [5, 0]);
  const [ip, fp] = m('modf')(NaN) as number[];
  assert.ok(Number.isNaN(ip) && Number.isNaN(fp));
  // lua: 1  -1  1  -1  1.5  -1.5  5
  assert.deepEqual([m('fmod')(7, 3), m('fmod')(-7, 3), m('fmod')(7, -3), m('fmod')(-7, -3)], [1, -1, 1, -1]);
  assert.deepEqual([m('fmod')(7.5, 2), m('fmod')(-7.5, 2), m('fmod')(5, Infinity)], [1.5, -1.5, 5]);
  assert.ok(Object.is(m('fmod')(-6, 3), -0)); // 5.1: -0
  assert.ok(Number.isNaN(m('fmod')(1, 0))); // 5.1: nan
  assert.ok(Number.isNaN(m('fmod')(Infinity, 2)));
  assert.equal(m('mod')(-7, 3), -1);
  assert.equal(errorOf(() => m('floor')('x')), "bad argument #1 to 'floor' (number expected, got string)");
  assert.equal(errorOf(() => m('floor')()), "bad argument #1 to 'floor' (number expected, got no value)");
});

test('math constants and elementary functions', () => {
  assert.equal(M.getStr('huge'), Infinity);
  assert.equal(M.getStr('pi'), Math.PI);
  assert.equal(M.getStr('maxinteger'), 2 ** 63);
  assert.equal(M.getStr('mininteger'), -(2 ** 63));
  assert.equal(m('abs')(-3), 3);
  assert.ok(Object.is(m('abs')(-0), 0));
  assert.equal(m('log')(8, 2), 3);
  assert.equal(m('log')(1024, 2), 10);
  assert.equal(m('log')(100, 10), 2);
  // glibc gives exactly 3; V8's log is one ulp away here (a known gap of JS libm)
  assert.ok(Math.abs((m('log')(27, 3) as number) - 3) < 1e-15);
  assert.equal(m('log10')(1000), 3);
  assert.equal(m('log')(0), -Infinity);
  assert.equal(m('pow')(2, 10), 1024);
  assert.equal(m('deg')(Math.PI), 180);
  assert.equal(m('rad')(180), Math.PI);
  assert.equal(m('atan')(1, 1), 0.7853981633974483);
  assert.equal(m('atan')(1), 0.7853981633974483);
  assert.equal(m('atan')(-1, -1), -2.356194490192345);
  assert.equal(m('atan2')(1, 1), 0.7853981633974483);
  assert.equal(m('sqrt')(2), 1.4142135623730951);
  assert.equal(m('exp')(1), 2.718281828459045);
});

test('math.min and math.max', () => {
  assert.equal(m('max')(1, 5, 3), 5);
  assert.equal(m('min')(4, 2, 8), 2);
  assert.equal(m('min')(4, '2'), 2);
  assert.equal(m('max')(7), 7);
  assert.ok(Object.is(m('max')(-0, 0), -0)); // first of equals, like Lua
  assert.equal(errorOf(() => m('min')()), "bad argument #1 to 'min' (number expected, got no value)");
  assert.equal(errorOf(() => m('max')()), "bad argument #1 to 'max' (number expected, got no value)");
  assert.equal(errorOf(() => m('max')(1, 'x')), "bad argument #2 to 'max' (number expected, got string)");
});

test('math 5.3 integer functions', () => {
  const toint = m('tointeger');
  assert.deepEqual([toint(3.0), toint(3.5), toint('8'), toint('x'), toint(2 ** 63), toint(-(2 ** 63)), toint(Infinity)],
    [3, undefined, 8, undefined, undefined, -(2 ** 63), undefined]);
  assert.ok(Object.is(toint(-0), 0));
  assert.equal(errorOf(() => toint()), "bad argument #1 to 'tointeger' (value expected)");
  const ty = m('type');
  assert.deepEqual([ty(1), ty(1.5), ty('1'), ty(undefined), ty(Infinity)], ['integer', 'float', undefined, undefined, 'float']);
  assert.equal(errorOf(() => ty()), "bad argument #1 to 'type' (value expected)");
  const ult = m('ult');
  assert.deepEqual([ult(1, 2), ult(-1, 2), ult(2, -1), ult(-2, -1)], [true, false, true, true]);
});

test('math.frexp and math.ldexp', () => {
  assert.deepEqual(m('frexp')(8), [0.5, 4]);
  assert.deepEqual(m('frexp')(-3), [-0.75, 2]);
  assert.deepEqual(m('frexp')(0), [0, 0]);
  assert.deepEqual(m('frexp')(1), [0.5, 1]);
  assert.deepEqual(m('frexp')(5e-324), [0.5, -1073]);
  assert.deepEqual(m('frexp')(Number.MAX_VALUE), [0.9999999999999999, 1024]);
  assert.equal(m('ldexp')(0.5, 4), 8);
  assert.equal(m('ldexp')(0.5, 1024), 2 ** 1023);
  assert.equal(m('ldexp')(1, 1024), Infinity);
  assert.equal(m('ldexp')(1, -1074), 5e-324);
  for (const x of [1, 3.5, -7.25, 1e-310, 1e308, 0.1]) {
    const [mm, e] = m('frexp')(x) as number[];
    assert.ok(Math.abs(mm) >= 0.5 && Math.abs(mm) < 1, `frexp(${x})`);
    assert.equal(m('ldexp')(mm, e), x);
  }
});

test('math.random ranges and errors', () => {
  const random = m('random');
  for (let i = 0; i < 2000; i++) {
    const f = random() as number;
    assert.ok(f >= 0 && f < 1);
    const a = random(6) as number;
    assert.ok(Number.isInteger(a) && a >= 1 && a <= 6);
    const b = random(-3, 3) as number;
    assert.ok(Number.isInteger(b) && b >= -3 && b <= 3);
    const c = random(0, 2 ** 40) as number;
    assert.ok(Number.isInteger(c) && c >= 0 && c <= 2 ** 40);
  }
  const seen = new Set<number>();
  for (let i = 0; i < 500; i++) seen.add(random(1, 4) as number);
  assert.deepEqual([...seen].sort(), [1, 2, 3, 4]);
  assert.equal(random(5, 5), 5);
  assert.equal(errorOf(() => random(3, 1)), "bad argument #1 to 'random' (interval is empty)");
  assert.equal(errorOf(() => random(-1)), "bad argument #1 to 'random' (interval is empty)");
  assert.equal(errorOf(() => random(1, 2, 3)), 'wrong number of arguments');
  assert.deepEqual(res(m('randomseed')(42)), []);
  // states are independent and randomly seeded
  const r2 = fn(createMathLib(), 'random');
  const xs = Array.from({ length: 8 }, () => random());
  const ys = Array.from({ length: 8 }, () => r2());
  assert.notDeepEqual(xs, ys);
});

// ---- os -------------------------------------------------------------------------------------

const date = fn(OS, 'date'), time = fn(OS, 'time');

function dateTable(fields: Record<string, LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(fields)) t.setStr(k, v);
  return t;
}

test('os.date: every C99 conversion for a fixed time (TZ=UTC)', () => {
  const t = 1700000000;
  const expected: Record<string, string> = {
    '%a': 'Tue', '%A': 'Tuesday', '%b': 'Nov', '%B': 'November', '%c': 'Tue Nov 14 22:13:20 2023',
    '%C': '20', '%d': '14', '%D': '11/14/23', '%e': '14', '%F': '2023-11-14', '%g': '23', '%G': '2023',
    '%h': 'Nov', '%H': '22', '%I': '10', '%j': '318', '%m': '11', '%M': '13', '%n': '\n', '%p': 'PM',
    '%r': '10:13:20 PM', '%R': '22:13', '%S': '20', '%t': '\t', '%T': '22:13:20', '%u': '2', '%U': '46',
    '%V': '46', '%w': '2', '%W': '46', '%x': '11/14/23', '%X': '22:13:20', '%y': '23', '%Y': '2023',
    '%z': '+0000', '%%': '%', '%Ec': 'Tue Nov 14 22:13:20 2023', '%Oy': '23',
  };
  for (const [f, want] of Object.entries(expected)) {
    assert.equal(date(f, t), want, f);
    assert.equal(date('!' + f, t), want, '!' + f);
  }
  assert.equal(date('%Z', t), 'UTC');
  assert.equal(date('!%Z', t), 'GMT');
  assert.equal(date('!%Y-%m-%d %H:%M:%S', -1), '1969-12-31 23:59:59');
  assert.equal(date('!%c', 0), 'Thu Jan  1 00:00:00 1970');
  assert.equal(date('!%x %X %p', 43200), '01/01/70 12:00:00 PM');
  assert.equal(date('!%j %U %W %V %G %g', 1704067200), '001 00 01 01 2024 24');
  assert.equal(date('!%j %U %W %V %G %g', 1703980800), '365 53 52 52 2023 23');
  assert.equal(date('!%Y', -62167219200), '0');
  assert.equal(date('!%Y %C %y', 253402300799), '9999 99 99');
  assert.equal(date('%d.%m.%Y', 86400 * 365), '01.01.1971');
  assert.equal(date('%Y %C %y %G', -62324942400), '-5 -1 95 -6');
  assert.equal(date('!%c', -62135596800 - 86400 * 400), 'Sun Nov 28 00:00:00 -1');
  assert.equal(date('%Y', 2 ** 40), '36812');
  assert.equal(date('%Y', -(2 ** 40)), '-32873');
  assert.equal(errorOf(() => date('%Y', 2 ** 60)), 'date result cannot be represented in this installation');
  assert.equal(date('literal text'), 'literal text');
  assert.match(date() as string, /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d+$/);
});

test('os.date errors and the *t form', () => {
  assert.equal(errorOf(() => date('%Q', 0)), "bad argument #1 to 'date' (invalid conversion specifier '%Q')");
  assert.equal(errorOf(() => date('%Qabc', 0)), "bad argument #1 to 'date' (invalid conversion specifier '%Qabc')");
  assert.equal(errorOf(() => date('%', 0)), "bad argument #1 to 'date' (invalid conversion specifier '%')");
  assert.equal(errorOf(() => date('%E', 0)), "bad argument #1 to 'date' (invalid conversion specifier '%E')");
  const t = date('*t', 1700000000) as LuaTable;
  const fields = Object.fromEntries(['year', 'month', 'day', 'hour', 'min', 'sec', 'wday', 'yday', 'isdst'].map((k) => [k, t.getStr(k)]));
  assert.deepEqual(fields, { year: 2023, month: 11, day: 14, hour: 22, min: 13, sec: 20, wday: 3, yday: 318, isdst: false });
  const u = date('!*t', 0) as LuaTable;
  assert.equal(u.getStr('wday'), 5);
  assert.equal(u.getStr('month'), 1);
  assert.equal(u.getStr('isdst'), false);
});

test('os.time normalises out-of-range fields like mktime', () => {
  assert.equal(time(dateTable({ year: 2023, month: 11, day: 14, hour: 22, min: 13, sec: 20 })), 1700000000);
  assert.equal(time(dateTable({ year: 2023, month: 11, day: 14 })), 1699963200); // hour defaults to 12
  assert.equal(time(dateTable({ year: 2023, month: 13, day: 32, hour: 25, min: 61, sec: -1 })), 1706839259);
  assert.equal(time(dateTable({ year: 2024, month: 2, day: 30 })), 1709294400);
  assert.equal(time(dateTable({ year: 2024, month: 0, day: 0, hour: 0 })), 1701302400);
  assert.equal(time(dateTable({ year: 1960, month: 1, day: 1, hour: 0 })), -315619200);
  assert.equal(time(dateTable({ year: '2023', month: '11', day: 14.0 })), 1699963200);
  assert.equal(time(dateTable({ year: 0, month: 1, day: 1, hour: 0 })), -62167219200);
  assert.equal(time(dateTable({ year: 99, month: 1, day: 1, hour: 0 })), -59042995200);
  assert.equal(time(dateTable({ year: 2023, month: 1, day: 1, hour: 0, isdst: true })), 1672527600);
  assert.equal(time(dateTable({ year: 2023, month: 1, day: 1, hour: 0, isdst: false })), 1672531200);
  assert.equal(errorOf(() => time(dateTable({ year: 2023, month: 1, day: 1.5 }))), "field 'day' is not an integer");
  assert.equal(errorOf(() => time(dateTable({ year: 2023, month: 1, day: 'x' }))), "field 'day' is not an integer");
  assert.equal(errorOf(() => time(dateTable({ year: 2023, month: 1, day: 2 ** 40 }))), "field 'day' is out-of-bound");
  assert.equal(time(dateTable({ year: 2 ** 31 - 1, month: 1, day: 1 })), 67767976202040000);
  assert.equal(time(dateTable({ year: -(2 ** 31) + 1900, month: 1, day: 1 })), -67768040609697600);
  assert.equal(errorOf(() => time(dateTable({ year: 2 ** 31 + 1900, month: 1, day: 1 }))), "field 'year' is out-of-bound");
  assert.equal(errorOf(() => time(5)), "bad argument #1 to 'time' (table expected, got number)");
  // 5.4 writes the normalised fields back
  const tt = dateTable({ year: 2023, month: 13, day: 32 });
  time(tt);
  assert.deepEqual(['year', 'month', 'day', 'hour', 'yday', 'wday', 'isdst'].map((k) => tt.getStr(k)), [2024, 2, 1, 12, 32, 5, false]);
  const now = Math.floor(Date.now() / 1000);
  assert.ok(Math.abs((time() as number) - now) <= 1);
});

test('os.clock and os.difftime', () => {
  const c = fn(OS, 'clock')() as number;
  assert.ok(typeof c === 'number' && c >= 0);
  assert.equal(fn(OS, 'difftime')(10, 3), 7);
  assert.equal(fn(OS, 'difftime')(10), 10);
  for (const name of ['execute', 'exit', 'getenv', 'remove', 'rename', 'tmpname']) assert.equal(OS.getStr(name), undefined);
});

// ---- utf8 -----------------------------------------------------------------------------------

const u8 = (name: string) => fn(U, name);
const bytes = (s: string) => [...s].map((c) => c.charCodeAt(0));
/** A JS string as its UTF-8 byte string (how Lua source text arrives). */
const b = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

test('utf8.char', () => {
  assert.deepEqual(bytes(u8('char')(72, 228, 8364, 128512, 0x7fffffff) as string),
    [72, 195, 164, 226, 130, 172, 240, 159, 152, 128, 253, 191, 191, 191, 191, 191]);
  assert.equal(u8('char')(), '');
  assert.equal(errorOf(() => u8('char')(-1)), "bad argument #1 to 'char' (value out of range)");
  assert.equal(errorOf(() => u8('char')(65, 0x80000000)), "bad argument #2 to 'char' (value out of range)");
});

test('utf8.len', () => {
  const len = u8('len');
  assert.equal(len(b('häé€😀')), 5);
  assert.equal(len('abc', 2), 2);
  assert.equal(len('abc', 4), 0);
  assert.equal(len(''), 0);
  assert.equal(len('abc', -1), 1);
  assert.deepEqual(len('h\xffi'), [undefined, 2]);
  assert.deepEqual(len('\xe4\x80'), [undefined, 1]);
  assert.deepEqual(len('a\xed\xa0\x80b'), [undefined, 2]); // surrogate
  assert.equal(len('a\xed\xa0\x80b', 1, -1, true), 3);
  assert.deepEqual(len('\xc0\x80'), [undefined, 1]); // overlong
  assert.deepEqual(len('\xf4\x90\x80\x80'), [undefined, 1]); // above U+10FFFF
  assert.equal(len('\xf4\x90\x80\x80', 1, -1, true), 1);
  assert.equal(errorOf(() => len('abc', 5)), "bad argument #2 to 'len' (initial position out of bounds)");
  assert.equal(errorOf(() => len('abc', 1, 4)), "bad argument #3 to 'len' (final position out of bounds)");
  assert.equal(errorOf(() => len('abc', 0)), "bad argument #2 to 'len' (initial position out of bounds)");
});

test('utf8.codepoint', () => {
  const cp = u8('codepoint');
  assert.deepEqual(res(cp(b('häé€😀'), 1, -1)), [104, 228, 233, 8364, 128512]);
  assert.deepEqual(res(cp('abc')), [97]);
  assert.deepEqual(res(cp('abc', 3)), [99]);
  assert.deepEqual(res(cp('abc', 3, 2)), []);
  assert.equal(errorOf(() => cp('\xff')), 'invalid UTF-8 code');
  assert.equal(errorOf(() => cp('h\xe4', 2)), 'invalid UTF-8 code');
  assert.equal(errorOf(() => cp('abc', 0)), "bad argument #2 to 'codepoint' (out of bounds)");
  assert.equal(errorOf(() => cp('abc', 1, 4)), "bad argument #3 to 'codepoint' (out of bounds)");
});

test('utf8.offset', () => {
  const off = u8('offset');
  const s = b('häé€😀');
  assert.deepEqual([off(s, 3), off(s, -1), off(s, 0, 3), off(s, 10)], [4, 9, 2, undefined]);
  assert.deepEqual([off('abc', 4), off('abc', 5), off('abc', -4), off('abc', -3), off('', 1)], [4, undefined, undefined, 1, 1]);
  assert.equal(errorOf(() => off(b('hä'), 1, 3)), 'initial position is a continuation byte');
  assert.equal(errorOf(() => off('abc', 1, 5)), "bad argument #3 to 'offset' (position out of bounds)");
});

/** Runs a generic for over utf8.codes, collecting "pos:code" pairs. */
function iterate(s: string, lax?: boolean): string[] {
  const [f, st, init] = u8('codes')(s, lax) as [LuaFunction, LuaValue, LuaValue];
  const out: string[] = [];
  let ctl = init;
  for (;;) {
    const r = f(st, ctl);
    if (r === undefined) return out;
    const [p, c] = r as number[];
    out.push(`${p}:${c}`);
    ctl = p;
  }
}

test('utf8.codes and charpattern', () => {
  assert.deepEqual(iterate(b('hä€😀')), ['1:104', '2:228', '4:8364', '7:128512']);
  assert.deepEqual(iterate(''), []);
  assert.equal(errorOf(() => iterate('ab\xffc')), 'invalid UTF-8 code');
  assert.equal(errorOf(() => iterate('ab\xe4')), 'invalid UTF-8 code');
  assert.equal(errorOf(() => iterate('\x80abc')), 'invalid UTF-8 code');
  assert.equal(errorOf(() => iterate('a\xed\xa0\x80')), 'invalid UTF-8 code');
  assert.equal(errorOf(() => iterate('a\x80')), 'invalid UTF-8 code'); // stray continuation
  assert.deepEqual(iterate('a\xed\xa0\x80', true), ['1:97', '2:55296']);
  assert.equal(U.getStr('charpattern'), '[\0-\x7F\xC2-\xFD][\x80-\xBF]*');
});
