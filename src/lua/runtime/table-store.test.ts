// The string-key store of LuaTable (a null-prototype object plus a names list): reads,
// writes, deletes and `next` traversal keep Lua's semantics, including assignments and
// deletions during a traversal and the rebuild that drops dead names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLuaState } from '../state.js';
import { all } from './ops.js';
import { LuaTable } from './table.js';
import type { LuaValue } from './types.js';

function lua(src: string, ...args: LuaValue[]): LuaValue[] {
  const st = createLuaState({ print: () => {} });
  return [...all(st.load(src, 'table-store.lua')(...args))];
}

test('deleting every visited string key during pairs visits each key exactly once', () => {
  // 1000 deletions pass the dead-name threshold, so the store is rebuilt mid-traversal
  const [seen, dup, left, empty] = lua(`
    local t = {}
    for i = 1, 1000 do t["k" .. i] = i end
    local seen, dup, marks = 0, false, {}
    for k, v in pairs(t) do
      if marks[k] then dup = true end
      marks[k] = true
      seen = seen + 1
      t[k] = nil
    end
    local left = 0
    for _ in pairs(t) do left = left + 1 end
    return seen, dup, left, next(t) == nil`);
  assert.deepEqual([seen, dup, left, empty], [1000, false, 0, true]);
});

test('assigning existing string keys during pairs keeps the traversal stable', () => {
  const [seen, sum] = lua(`
    local t = {a = 1, b = 2, c = 3, d = 4, [1] = 10, [2.5] = 20, [true] = 30}
    local seen, sum = 0, 0
    for k, v in pairs(t) do
      seen = seen + 1
      t[k] = v * 2
    end
    for _, v in pairs(t) do sum = sum + v end
    return seen, sum`);
  assert.deepEqual([seen, sum], [7, 2 * (1 + 2 + 3 + 4 + 10 + 20 + 30)]);
});

test('a deleted key can be added again and is counted once', () => {
  const [n, v, again] = lua(`
    local t = {}
    for i = 1, 100 do t["k" .. i] = i end
    for i = 1, 100 do t["k" .. i] = nil end   -- all dead: the store is rebuilt
    t.k5 = "five"; t.k5 = nil; t.k5 = "again"
    local n = 0
    for k in pairs(t) do n = n + 1 end
    return n, t.k5, t.k6`);
  assert.deepEqual([n, v, again], [1, 'again', undefined]);
});

test('next resumes from any key, interleaved traversals included, and rejects unknown keys', () => {
  const [a, b, ok, msg] = lua(`
    local t = {x = 1, y = 2, z = 3}
    local function keys()
      local out = {}
      local k = next(t)
      while k do out[#out + 1] = k; k = next(t, k) end
      return table.concat(out, ",")
    end
    -- two traversals stepped in turn: each must see all three keys once
    local k1, k2 = next(t), next(t)
    local s1, s2 = {k1}, {k2}
    for _ = 1, 2 do
      k1 = next(t, k1); s1[#s1 + 1] = k1
      k2 = next(t, k2); s2[#s2 + 1] = k2
    end
    local a, b = table.concat(s1, ","), keys()
    local ok, msg = pcall(next, t, "nope")
    return a, b, ok, msg`);
  assert.equal(a, b);
  assert.deepEqual(String(a).split(',').sort(), ['x', 'y', 'z']);
  assert.equal(ok, false);
  assert.match(String(msg), /invalid key to 'next'/);
});

test('string keys that look like numbers or JS names are plain keys apart from numbers', () => {
  const [a, b, c, d, n] = lua(`
    local t = {}
    t["1"] = "s1"; t[1] = "n1"; t["0"] = "s0"; t["4294967295"] = "big"; t["-0"] = "m0"
    t.__proto__ = {x = 1}
    local n = 0
    for k in pairs(t) do n = n + 1 end
    return t["1"], t[1], t["4294967295"], t.x, n`);
  assert.deepEqual([a, b, c, d, n], ['s1', 'n1', 'big', undefined, 6]);
});

test('host code reads tables through hashSize and forEachHash, dead names skipped', () => {
  const t = new LuaTable([1, 2]);
  t.setStr('a', 1);
  t.setStr('b', 2);
  t.set(true, 3);
  t.set(10, 4);
  t.setStr('a', undefined);
  assert.equal(t.hashSize(), 3);
  assert.equal(t.count(), 5);
  const seen: [LuaValue, LuaValue][] = [];
  t.forEachHash((k, v) => { seen.push([k, v]); });
  assert.deepEqual(seen, [['b', 2], [true, 3], [10, 4]]);
  const first: LuaValue[] = [];
  t.forEachHash((k) => { first.push(k); return true; });
  assert.deepEqual(first, ['b']);
  // an empty table shares no state with another: writing one leaves the other empty
  const e1 = new LuaTable(), e2 = new LuaTable();
  e1.setStr('x', 1);
  assert.equal(e2.getStr('x'), undefined);
  assert.equal(e2.hashSize(), 0);
});
