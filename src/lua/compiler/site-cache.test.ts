// Global reads and `G.field` reads are cached per compiled site (codegen globalRead,
// helpers gfill/ffill). The cache must never show a stale value: every way of changing a
// global, a module table's field, or the environment itself is observed on the next read.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from './compile.js';
import { createLuaState } from '../state.js';
import { all } from '../runtime/ops.js';
import { LuaTable } from '../runtime/table.js';
import type { LuaValue } from '../runtime/types.js';

function run(src: string, env?: LuaTable): LuaValue[] {
  const st = createLuaState({ print: () => {}, ownStrings: true });
  return all(st.load(src, 'cache.lua', env ?? st.globals)());
}

test('a cached global sees assignments, rawset, deletion and a later __index', () => {
  const r = run(`
    x = 1
    local function g() return x end
    local out = {}
    out[#out + 1] = g()
    x = 2; out[#out + 1] = g()
    rawset(_G, "x", 3); out[#out + 1] = g()
    _G.x = 4; out[#out + 1] = g()
    x = nil; out[#out + 1] = tostring(g())
    setmetatable(_G, { __index = function(_, k) return k .. "!" end })
    out[#out + 1] = g()
    x = 5; out[#out + 1] = g()
    for i = 6, 8 do x = i; out[#out + 1] = g() end
    return table.concat(out, ",")`);
  assert.deepEqual(r, ['1,2,3,4,nil,x!,5,6,7,8']);
});

test('a cached module field sees the field replaced, the module replaced, and the module gone', () => {
  const r = run(`
    local function f() return string.format("%d", 7) end
    local out = { f() }
    string.format = function() return "patched" end
    out[#out + 1] = f()
    string = { format = function() return "other" end }
    out[#out + 1] = f()
    string = setmetatable({}, { __index = function() return function() return "meta" end end })
    out[#out + 1] = f()
    string = nil
    local ok, err = pcall(f)
    out[#out + 1] = tostring(ok) .. " " .. err
    return table.concat(out, "|")`);
  assert.deepEqual(r, ["7|patched|other|meta|false cache.lua:2: attempt to index a nil value (global 'string')"]);
});

test('one compiled chunk run in several environments reads each one (processes share code)', () => {
  const chunk = compile('return greeting, lib.name', 'shared.lua');
  const base = new LuaTable();
  const lib = new LuaTable();
  lib.setStr('name', 'base-lib');
  base.setStr('lib', lib);
  base.setStr('greeting', 'hello');
  base.frozen = true;
  const envs = [0, 1, 2].map(() => {
    const e = new LuaTable();
    e.fallback = base;
    return e;
  });
  envs[1].setStr('greeting', 'own');
  const own = new LuaTable();
  own.setStr('name', 'own-lib');
  envs[2].setStr('lib', own);
  const read = () => envs.map((e) => all(chunk.instantiate(e)()).join(' '));
  assert.deepEqual(read(), ['hello base-lib', 'own base-lib', 'hello own-lib']);
  assert.deepEqual(read(), ['hello base-lib', 'own base-lib', 'hello own-lib'], 'again, from the caches');
  envs[0].setStr('greeting', 'later');
  own.setStr('name', 'renamed');
  assert.deepEqual(read(), ['later base-lib', 'own base-lib', 'hello renamed']);
});
