// Compiled call sites pass the description of an operand (`local 'x'`, `field 'f'`) as a
// number into their chunk's table (codegen descOf, runtime siteDesc). The message must name
// the right text whatever ran before: other chunks compiled since (each has its own table),
// lazy generator twins compiled later (they share their chunk's table), and every kind of
// operation that reports a description.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLuaState } from '../state.js';
import { all } from '../runtime/ops.js';
import type { LuaValue } from '../runtime/types.js';

const st = createLuaState({ print: () => {}, ownStrings: true });

function errorsOf(src: string, name: string): LuaValue[] {
  return all(st.load(src, name)());
}

const FAILING = `
  local function try(f, ...) local ok, e = pcall(f, ...) return e end
  local t = {}
  local r = {}
  r[#r + 1] = try(function() local nothing; return nothing.x end)
  r[#r + 1] = try(function() return t.missing.y end)
  r[#r + 1] = try(function() return t:nomethod() end)
  r[#r + 1] = try(function() return undefined_global() end)
  r[#r + 1] = try(function() local s = "a"; return t + 1, s end)
  r[#r + 1] = try(function() return 1 .. t end)
  r[#r + 1] = try(function() return #t.missing end)
  r[#r + 1] = try(function() local n = 1; return (function() return n() end)() end)
  return table.unpack(r)
`;

const EXPECTED = [
  "site.lua:5: attempt to index a nil value (local 'nothing')",
  "site.lua:6: attempt to index a nil value (field 'missing')",
  "site.lua:7: attempt to call a nil value (method 'nomethod')",
  "site.lua:8: attempt to call a nil value (global 'undefined_global')",
  "site.lua:9: attempt to perform arithmetic on a table value (upvalue 't')",
  "site.lua:10: attempt to concatenate a table value (upvalue 't')",
  "site.lua:11: attempt to get length of a nil value (field 'missing')",
  "site.lua:12: attempt to call a number value (upvalue 'n')",
];

test('errors name the operand by the description of their own chunk, with other chunks compiled in between', () => {
  const first = st.load(FAILING, 'site.lua');
  // another chunk whose description numbers overlap with different texts
  const other = errorsOf(`
    local zzz
    local ok, e = pcall(function() return zzz.q end)
    return e`, 'other.lua');
  assert.deepEqual(other, ["other.lua:3: attempt to index a nil value (upvalue 'zzz')"]);
  assert.deepEqual(all(first()), EXPECTED);
});

test('a lazily compiled generator twin reports the same descriptions inside a coroutine', () => {
  const r = errorsOf(`
    local cfg = {}
    local function read(c) return c.section.key end
    local co = coroutine.wrap(function()
      coroutine.yield(1)
      local ok, e = pcall(read, cfg)
      return e
    end)
    co()
    return co()`, 'co.lua');
  assert.deepEqual(r, ["co.lua:3: attempt to index a nil value (field 'section')"]);
});
