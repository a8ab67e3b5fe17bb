// What a workflow store keeps round-trips: data, errors, times, odd numbers and keys.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LuaTable } from '../lua/runtime/table.js';
import { decodeValue, encodeValue, CodecError } from './codec.js';
import { errorOf, makeError, KIND } from '../modules/errors.js';
import { newTime, toTime, UTC, isDuration, newDuration } from '../modules/time/index.js';
import { toLua } from '../system/convert.js';

test('plain data is readable JSON and round-trips', () => {
  const v = toLua({ a: 1, list: [1, 'two', true], nested: { x: 'é' } });
  const text = encodeValue(v);
  assert.equal(text, '{"a":1,"list":[1,"two",true],"nested":{"x":"Ã©"}}');
  assert.equal(encodeValue(decodeValue(text)), text);
});

test('tables with other keys, errors, times, durations and non-finite numbers round-trip', () => {
  const t = new LuaTable([10, 20]);
  t.set(true, 'yes');
  t.set(2.5, 'x');
  t.setStr('$odd', 1);
  t.setStr('err', makeError(KIND.INVALID, 'bad input', { retryable: false }));
  t.setStr('at', newTime(1_700_000_000_123_456_789n, UTC));
  t.setStr('d', newDuration(1500));
  t.setStr('inf', Infinity);
  const back = decodeValue(encodeValue(t)) as LuaTable;
  assert.equal(back.get(1), 10);
  assert.equal(back.get(2), 20);
  assert.equal(back.get(true), 'yes');
  assert.equal(back.get(2.5), 'x');
  assert.equal(back.getStr('$odd'), 1);
  const e = errorOf(back.getStr('err'))!;
  assert.deepEqual([e.kind, e.message, e.retryable], [KIND.INVALID, 'bad input', false]);
  assert.equal(toTime(back.getStr('at'))!.ns, 1_700_000_000_123_456_789n);
  assert.ok(isDuration(back.getStr('d')));
  assert.equal(back.getStr('inf'), Infinity);
});

test('functions cannot be recorded', () => {
  assert.throws(() => encodeValue(new LuaTable([() => 1])), CodecError);
});

test('keys named like JavaScript internals ("__proto__", "constructor") are kept as plain keys', () => {
  const t = new LuaTable();
  t.setStr('__proto__', 'p');
  t.setStr('constructor', 'c');
  const back = decodeValue(encodeValue(t)) as LuaTable;
  assert.equal(back.getStr('__proto__'), 'p');
  assert.equal(back.getStr('constructor'), 'c');
  assert.equal(back.hashSize(), 2);
});
