// Generator twins of functions that define no functions and whose upvalues are never
// assigned live once per chunk (codegen functionPair/hoistable): every closure instance,
// in every instance of the chunk (every process), runs the same generator function, so V8
// builds its prototype once. Semantics must not change: upvalues are read at call time.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from './compile.js';
import { createLuaState } from '../state.js';
import { all } from '../runtime/ops.js';
import type { LuaFunction, LuaValue } from '../runtime/types.js';

function run(src: string): LuaValue[] {
  const st = createLuaState({ print: () => {}, ownStrings: true });
  return all(st.load(src, 'twins.lua')());
}

test('closures of one function share one generator function across closures and chunk instances', () => {
  const chunk = compile(`
    local k = 10
    local function make(x) return function(y) for i = 1, 2 do y = y + x + k end return y end end
    return make(1), make(2)`, 'shared.lua');
  const st = createLuaState({ print: () => {} });
  const [a, b] = all(chunk.instantiate(st.globals)()) as LuaFunction[];
  const [c] = all(chunk.instantiate(st.globals)()) as LuaFunction[];
  const protoOf = (f: LuaFunction) => Object.getPrototypeOf(f.$g!(0));
  assert.equal(protoOf(a), protoOf(b));
  assert.equal(protoOf(a), protoOf(c));
  assert.notEqual(a, b);
});

test('a hoisted twin reads its upvalues when called: recursion and per-iteration loop variables', () => {
  const r = run(`
    local function sum(n)
      local s = 0
      for i = 1, n do s = s + i end
      if n > 1 then return s + sum(n - 1) end
      return s
    end
    local fs = {}
    for i = 1, 3 do fs[i] = function() local t = 0 for j = 1, i do t = t + coroutine.yield(j) end return t * 100 + i end end
    local out = {}
    out[1] = coroutine.wrap(function() return sum(4) end)()
    for i = 1, 3 do
      local co = coroutine.create(fs[i])
      local ok, v = coroutine.resume(co)
      while coroutine.status(co) ~= "dead" do ok, v = coroutine.resume(co, 1) end
      out[#out + 1] = v
    end
    return table.concat(out, ",")`);
  assert.deepEqual(r, ['20,101,202,303']);
});

test('a function whose upvalue is assigned keeps a closure twin and sees every assignment', () => {
  const r = run(`
    local n = 0
    local function bump() for _ = 1, 1 do n = n + 1 end coroutine.yield(n) return n end
    local co = coroutine.wrap(function() bump(); n = 10; return bump() end)
    local a = co()
    local b = co()
    local c = co()
    return a, b, c`);
  assert.deepEqual(r, [1, 11, 11]);
});

test('a twin compiled on first use reports errors at the Lua line, with the function name', () => {
  const r = run(`
    local function f(t)
      local x = 1
      for i = 1, 2 do x = x + i end
      return t.missing.field
    end
    local co = coroutine.create(function() return f({}) end)
    local ok, err = coroutine.resume(co)
    local tb = debug and debug.traceback and debug.traceback(co) or ""
    local ok2, err2 = pcall(f, {})
    return ok, err, ok2, err2`);
  assert.equal(r[0], false);
  assert.equal(r[1], "twins.lua:5: attempt to index a nil value (field 'missing')");
  assert.equal(r[2], false);
  assert.equal(r[3], "twins.lua:5: attempt to index a nil value (field 'missing')");
});

test('twins are left out of the chunk until called, and each is compiled once', () => {
  const chunk = compile(`
    local function a(x) for i = 1, 2 do x = x + i end return x end
    local function b(x) return tostring(x) end
    return a, b`, 'lazy.lua');
  const twins = chunk.lazyJs();
  assert.equal(twins.length, 2);
  assert.doesNotMatch(chunk.js, /\$L[12]g/);
  assert.match(twins[0], /function\* \$L1g\(/);
  assert.match(twins[1], /function\* \$L2g\(/);
  const st = createLuaState({ print: () => {} });
  const [a] = all(chunk.instantiate(st.globals)()) as LuaFunction[];
  const [a2] = all(chunk.instantiate(st.globals)()) as LuaFunction[];
  const g1 = a.$g!(1), g2 = a2.$g!(2);
  assert.equal(Object.getPrototypeOf(g1), Object.getPrototypeOf(g2));
  assert.deepEqual(g1.next(), { value: 4, done: true });
  assert.deepEqual(g2.next(), { value: 5, done: true });
});
