// The `metrics` module's own edges, called as the engine calls a library function: no
// collector, UTF-8 label values (Lua strings are bytes), and empty label tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMetricsModule } from '../modules/metrics.js';
import { errorOf } from '../modules/errors.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaValue } from '../lua/runtime/types.js';
import { textToBytes } from '../lua/runtime/values.js';
import { Collector } from './collector.js';
import { exposition } from './exposition.js';
import { parseExposition } from './testing.js';

function fn(mod: LuaTable, name: string): (...a: LuaValue[]) => unknown {
  return mod.getStr(name) as LuaFunction as unknown as (...a: LuaValue[]) => unknown;
}

function labels(pairs: Record<string, LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(pairs)) t.setStr(k, v);
  return t;
}

test('without a collector every function answers false and an INTERNAL error', () => {
  const mod = createMetricsModule(() => undefined);
  for (const [name, args] of [['counter_inc', ['a_total']], ['counter_add', ['a_total', 1]], ['gauge_set', ['g', 1]],
    ['gauge_inc', ['g']], ['gauge_dec', ['g']], ['histogram', ['h', 1]]] as const) {
    const r = fn(mod, name)(...args) as [boolean, LuaValue];
    assert.equal(r[0], false, name);
    const err = errorOf(r[1]);
    assert.equal(err?.kind, 'Internal', name);
    assert.equal(err?.message, 'metrics collector is not available');
  }
});

test('label values are UTF-8 bytes from Lua and text in the exposition; {} means no labels', () => {
  const c = new Collector();
  const mod = createMetricsModule(() => c);
  assert.equal(fn(mod, 'counter_inc')('greetings_total', labels({ word: textToBytes('grüß dich'), n: 2 })), true);
  assert.equal(fn(mod, 'gauge_set')('temperature', 21.5, new LuaTable()), true);
  assert.equal(fn(mod, 'gauge_inc')('temperature'), true, 'nil labels and {} are the same series');
  const s = parseExposition(exposition(c));
  assert.equal(s.value('greetings_total', { word: 'grüß dich', n: '2' }), 1);
  assert.equal(s.value('temperature'), 22.5);
});

test('a refused call says which function and metric it was about', () => {
  const mod = createMetricsModule(() => new Collector());
  const r = fn(mod, 'histogram')('latency_seconds', 0.1, labels({ __proto__x: 'a' })) as [boolean, LuaValue];
  assert.equal(r[0], false);
  assert.equal(errorOf(r[1])?.message, "histogram: histogram 'latency_seconds': label name '__proto__x' is reserved (names starting with '__')");
  const proto = new LuaTable();
  proto.setStr('__proto__', 'x');
  const p = fn(mod, 'counter_inc')('c_total', proto) as [boolean, LuaValue];
  assert.equal(p[0], false);
  assert.match(errorOf(p[1])!.message, /label name '__proto__' is reserved/);
});
