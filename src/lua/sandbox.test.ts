// The sandbox guarantee: compiled Lua code reaches only its environment. No string key,
// metatable, error value or `load`ed chunk leads to a JavaScript global, prototype,
// constructor or `Function`; huge allocations, deep recursion and runaway loops end in a
// Lua error instead of crashing or hanging the host. Every attempt below runs through the
// real engine (createLuaState + load) and must fail cleanly: nil, or a Lua error that pcall
// catches. The last test checks that the host's globals and prototypes are untouched.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { createLuaState, sharedStrings, type StateOptions } from './state.js';
import { all, budget, shared } from './runtime/ops.js';
import { LuaError, toLuaError } from './runtime/errors.js';
import { LuaTable } from './runtime/table.js';
import { Userdata, type LuaValue } from './runtime/types.js';
import { compile } from './compiler/compile.js';

// ---- the host before any Lua code runs ------------------------------------------------------

function keysOf(o: object): string[] {
  return Reflect.ownKeys(o).map(String).sort();
}

const PROTOS: [string, object][] = [
  ['Object.prototype', Object.prototype], ['Function.prototype', Function.prototype],
  ['Array.prototype', Array.prototype], ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype], ['Boolean.prototype', Boolean.prototype],
  ['Error.prototype', Error.prototype], ['Map.prototype', Map.prototype],
  ['LuaTable.prototype', LuaTable.prototype], ['LuaError.prototype', LuaError.prototype],
  ['Generator.prototype', Object.getPrototypeOf(function* () { /* */ }).prototype],
];
const before = {
  global: keysOf(globalThis),
  protos: PROTOS.map(([, p]) => keysOf(p)),
  functionCtor: Function.prototype.constructor,
  objectCtor: Object.prototype.constructor,
  objectProtoProto: Object.getPrototypeOf(Object.prototype),
  luaTableProto: Object.getPrototypeOf(new LuaTable()),
};

// ---- running Lua -------------------------------------------------------------------------

/** Run a chunk in a fresh state (the shared read-only string library) and return all its
 * values; `args` arrive as `...`. */
function lua(src: string, ...args: LuaValue[]): LuaValue[] {
  return runIn(createLuaState({ print: () => {} }), src, ...args);
}

function runIn(st: ReturnType<typeof createLuaState>, src: string, ...args: LuaValue[]): LuaValue[] {
  return [...all(st.load(src, 'sandbox.lua')(...args))];
}

/** The error a chunk raises to the host (any thrown value, as Lua sees it). */
function luaError(src: string, ...args: LuaValue[]): LuaValue {
  try {
    lua(src, ...args);
  } catch (e) {
    return toLuaError(e).value;
  }
  return assert.fail(`expected an error from: ${src}`);
}

/** `pcall(f)` results of a Lua expression wrapped in a function: [ok, valueOrError]. */
function pcallOf(expr: string, ...args: LuaValue[]): LuaValue[] {
  return lua(`local k = ... return pcall(function() return ${expr} end)`, ...args);
}

function assertLuaError(r: LuaValue[], pattern: RegExp, what: string): void {
  assert.equal(r[0], false, `${what}: should fail`);
  assert.equal(typeof r[1], 'string', `${what}: the error should be a Lua string`);
  assert.match(r[1], pattern, what);
  assert.doesNotMatch(r[1], /internal error|TypeError|ReferenceError|at .*\(.*:\d+:\d+\)/, what);
}

/** Property names that would mean something to JavaScript. */
const JS_NAMES = [
  'constructor', '__proto__', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf',
  'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__defineSetter__', '__lookupGetter__',
  'length', 'charAt', 'charCodeAt', 'at', 'then', 'call', 'apply', 'bind', 'caller', 'arguments',
  'name', 'raw', 'gen', 'fn', 'mt', 'hash', 'arr', 'data', '$g', '$name', 'frozen', 'fallback', 'iter',
  'stack', 'message', 'value', 'jsStack', 'traceback', 'parent', 'isMain', 'args', 'f',
  'strs', 'others', 'names', 'nstrs', 'ndead', 'walked', 'strPos', 'ver', 'hadHash', 'setStr',
];

// ---- strings, libraries, functions, threads ------------------------------------------------

test('strings index only the string library: JS names are nil', () => {
  for (const k of JS_NAMES) {
    const r = lua('local k = ... return ("x")[k], (""):len(), getmetatable("")[k], type(("x")[k])', k);
    assert.deepEqual(r, [undefined, 0, undefined, 'nil'], k);
  }
  assert.deepEqual(lua('return ("").constructor, ("").__proto__, ("x").toString, ("x").length'),
    [undefined, undefined, undefined, undefined]);
  assertLuaError(pcallOf('("x"):constructor()'), /attempt to call a nil value \(method 'constructor'\)/, 'method');
  assertLuaError(pcallOf('("x"):toString()'), /attempt to call a nil value/, 'toString');
  assertLuaError(pcallOf('("x"):valueOf()'), /attempt to call a nil value/, 'valueOf');
  // string indexing of numbers and unusual keys
  assert.deepEqual(lua('return ("abc")[1], ("abc")[{}], ("abc")[true], ("abc")[print]'),
    [undefined, undefined, undefined, undefined]);
});

test('library tables and _G hold only Lua keys', () => {
  for (const k of JS_NAMES) {
    const r = lua(`local k = ... return _G[k], rawget(_G, k), string[k], table[k], math[k], os[k],
      coroutine[k], utf8[k], rawget(string, k), next({}, nil)`, k);
    assert.deepEqual(r, Array(10).fill(undefined), k);
  }
  assert.deepEqual(lua('return string.constructor, rawget(_G, "constructor"), _G.__proto__'),
    [undefined, undefined, undefined]);
});

test('functions, threads, numbers and booleans have no fields at all', () => {
  const subjects: [string, RegExp][] = [
    ['print', /attempt to index a function value/],
    ['(function() end)', /attempt to index a function value/],
    ['coroutine.create(print)', /attempt to index a thread value/],
    ['coroutine.running()', /attempt to index a thread value/],
    ['(1)', /attempt to index a number value/],
    ['(true)', /attempt to index a boolean value/],
    ['(nil)', /attempt to index a nil value/],
  ];
  for (const [v, msg] of subjects) {
    for (const k of JS_NAMES) {
      assertLuaError(lua(`local k = ... return pcall(function() return ${v}[k] end)`, k), msg, `${v}[${k}]`);
      assertLuaError(lua(`local k = ... return pcall(function() ${v}[k] = 1 end)`, k), msg, `${v}[${k}] = 1`);
    }
  }
  for (const e of ['print.call', 'print.apply', 'print.bind', 'print.constructor', 'coroutine.create(print).gen',
    'coroutine.create(print).fn', 'coroutine.running().constructor', 'coroutine.running()["then"]']) {
    assertLuaError(pcallOf(e), /attempt to index a (function|thread) value/, e);
  }
  assertLuaError(pcallOf('print:call(nil, 1)'), /attempt to index a function value/, 'print:call');
  assertLuaError(pcallOf('coroutine.wrap(print).constructor'), /attempt to index a function value/, 'wrap');
  assert.deepEqual(lua('return getmetatable(print), getmetatable(coroutine.running()), getmetatable(1)'),
    [undefined, undefined, undefined]);
});

test('JS-named table keys are ordinary data; pairs sees exactly the Lua keys', () => {
  const names = new LuaTable([...JS_NAMES]);
  const [n, ok, proto, ctor, raw, lit1, lit2, lit3, emptyField, t] = lua(`
    local names = ...
    local t = {}
    for _, k in ipairs(names) do t[k] = k .. "!" end
    local n, ok = 0, true
    for k, v in pairs(t) do n = n + 1; ok = ok and v == k .. "!" end
    local lit = {__proto__ = 1, constructor = 2, prototype = 3}
    return n, ok, t.__proto__, t.constructor, rawget(t, "prototype"), lit.__proto__, lit.constructor,
      lit.prototype, ({}).toString, t`, names);
  assert.equal(n, JS_NAMES.length);
  assert.equal(ok, true);
  assert.deepEqual([proto, ctor, raw, lit1, lit2, lit3, emptyField],
    ['__proto__!', 'constructor!', 'prototype!', 1, 2, 3, undefined]);
  // the JS object behind the table is untouched
  assert.ok(t instanceof LuaTable);
  assert.equal(Object.getPrototypeOf(t), LuaTable.prototype);
  assert.equal((t as LuaTable).count(), JS_NAMES.length);
  // keys of other types stay apart from their string forms
  assert.deepEqual(lua('local t = {} t[1] = "n" t["1"] = "s" t[true] = "b" t["true"] = "S" return t[1], t["1"], t[true], t["true"]'),
    ['n', 's', 'b', 'S']);
  // a __index function sees the key as given
  assert.deepEqual(lua('return setmetatable({}, {__index = function(t, k) return k end}).constructor'), ['constructor']);
});

test('a table\'s string store has no prototype, whatever is assigned, deleted or re-added', () => {
  const names = new LuaTable([...JS_NAMES]);
  const [before, viaProto, afterDelete, readd, others, t, empty] = lua(`
    local names = ...
    local t = {}
    local before = 0
    for _, k in ipairs(names) do if t[k] ~= nil or rawget(t, k) ~= nil then before = before + 1 end end
    t.__proto__ = {x = 1, hasOwnProperty = 2}
    t.constructor = {prototype = {y = 3}}
    local viaProto = (t.x or 0) + (t.hasOwnProperty ~= 2 and 0 or 1) + (t.y or 0)
    t.__proto__ = nil
    local afterDelete = t.__proto__
    -- past the dead-name threshold the store is rebuilt; the new one has no prototype either
    for i = 1, 100 do t["d" .. i] = i; t["d" .. i] = nil end
    t.__proto__ = "again"
    local others = 0
    for _, k in ipairs(names) do
      if k ~= "__proto__" and k ~= "constructor" and t[k] ~= nil then others = others + 1 end
    end
    return before, viaProto, afterDelete, t.__proto__, others, t, {}`, names);
  assert.deepEqual([before, viaProto, afterDelete, readd, others], [0, 0, undefined, 'again', 0]);
  // the JS objects behind the tables keep their prototypes: the store stays prototype-free
  for (const x of [t, empty] as LuaTable[]) {
    assert.equal(Object.getPrototypeOf(x), LuaTable.prototype);
    assert.equal(Object.getPrototypeOf(x.strs), null);
  }
  // the store shared by tables without string keys refuses writes that skip the table
  assert.throws(() => { (empty as LuaTable).strs.x = 1; }, TypeError);
  assert.equal((empty as LuaTable).getStr('x'), undefined);
});

test('JS globals and runtime helper names are not Lua globals; assigning them stays in Lua', () => {
  const absent = ['globalThis', 'global', 'process', 'require', 'module', 'exports', 'Function', 'eval',
    'Object', 'Array', 'Reflect', 'Proxy', 'Buffer', 'setTimeout', 'queueMicrotask', 'WebAssembly',
    'constructor', '__proto__', 'undefined', 'NaN', 'Infinity', 'this', 'arguments', 'debug', 'dofile',
    'loadfile', 'setfenv', 'getfenv', 'newproxy', 'module', 'io', 'package', '_ENV',
    '$va', '$R', '$ENV', '$T', '$B', '$E', '$idx', '$gget', '$fn', '$first', '$L0', '$t0', '$e', '$c1'];
  for (const k of absent) {
    assert.deepEqual(lua('local k = ... return _G[k], rawget(_G, k)', k), [undefined, undefined], k);
  }
  assert.deepEqual(lua('return os.exit, os.execute, os.getenv, os.remove, os.rename, os.tmpname, string.dump'),
    Array(7).fill(undefined));
  const names = ['globalThis', 'process', 'require', 'Function', 'eval', 'Object', 'undefined', 'NaN',
    'Infinity', 'constructor', '__proto__', 'arguments'];
  assert.deepEqual(lua(`return ${names.join(', ')}`), Array(names.length).fill(undefined));
  const st = createLuaState({ print: () => {} });
  const values = runIn(st, `${names.join(', ')} = ${names.map((_, i) => i + 1).join(', ')}
    return ${names.join(', ')}`);
  assert.deepEqual(values, names.map((_, i) => i + 1));
  assert.equal(st.globals.getStr('Object'), 6);
  assert.equal(typeof globalThis.Function, 'function');
  assert.equal(globalThis.undefined, undefined);
  assert.equal(typeof globalThis.eval, 'function');
  // `$`-names through _G-style tricks, in plain and vararg functions
  assert.deepEqual(lua('local function f(...) return _G["$va"], _G["$R"], _G["$ENV"] end return f(1, 2)'),
    [undefined, undefined, undefined]);
});

test('JS reserved words and globals are plain Lua names: locals, parameters, globals, fields, labels', () => {
  const words = ['this', 'arguments', 'eval', 'Function', 'globalThis', 'undefined', 'NaN', 'Infinity',
    'yield', 'await', 'let', 'static', 'class', 'new', 'delete', 'typeof', 'var', 'void', 'with', 'enum',
    'implements', 'package', 'protected', 'interface', 'private', 'public', 'super', 'import', 'export',
    'default', 'catch', 'try', 'finally', 'switch', 'case', 'instanceof', 'debugger', 'const', 'continue',
    'async', 'of', 'get', 'set', 'constructor', 'prototype', '__proto__', 'Object', 'Symbol', 'process',
    'require', 'module', 'exports'];
  const list = words.join(', ');
  const nums = words.map((_, i) => i + 1).join(', ');
  const sum = (words.length * (words.length + 1)) / 2;
  const r = lua(`
    local ${list} = ${nums}
    local s1 = ${words.join(' + ')}
    local function plain(${list}) return ${words.join(' + ')} end
    local function looping(${list}) local s = 0 for _ = 1, 1 do s = ${words.join(' + ')} end return s end
    local s4 = coroutine.wrap(looping)(${nums})
    local t = {}
    ${words.map((w) => `t.${w} = ${w}`).join('; ')}
    function t:new(x) return self.class + x end
    local g = 0
    ${words.map((w, i) => `_G.${w} = ${i + 1}`).join('; ')}
    for i = 1, 3 do
      if i == 2 then goto continue end
      g = g + i
      ::continue::
    end
    do goto yield; ::yield:: end
    return s1, plain(${nums}), looping(${nums}), s4, t.class + t.with + t.delete, t:new(1), _G["this"], g,
      print == _G.print, this`);
  const idx = (w: string) => words.indexOf(w) + 1;
  assert.deepEqual(r, [sum, sum, sum, sum, idx('class') + idx('with') + idx('delete'), idx('class') + 1,
    idx('this'), 4, true, 1]);
});

// ---- the string metatable -------------------------------------------------------------------

test('the shared string library and string metatable are read-only', () => {
  const attempts = [
    'getmetatable("").__index.x = 1',
    'string.x = 1',
    'string.upper = nil',
    'getmetatable("").__index = {}',
    'getmetatable("").__add = function() end',
    'rawset(getmetatable(""), "__index", {})',
    'rawset(string, "rep", print)',
    'setmetatable(getmetatable(""), {})',
    'setmetatable(string, {})',
    'table.insert(string, 1)',
    'table.remove(getmetatable(""))',
  ];
  for (const a of attempts) {
    assertLuaError(lua(`return pcall(function() ${a} end)`), /read-only table/, a);
  }
  assert.deepEqual(lua('return getmetatable("").__index == string, ("a"):upper(), getmetatable("").__metatable'),
    [true, 'A', undefined]);
  assert.equal(shared.stringMeta, sharedStrings.meta);
  assert.equal(sharedStrings.meta.frozen && sharedStrings.lib.frozen, true);
  for (const v of ['"x"', 'print', '1', 'true', 'coroutine.running()']) {
    assertLuaError(lua(`return pcall(setmetatable, ${v}, {})`), /bad argument #1 to 'setmetatable' \(table expected/, v);
  }
});

test('a state that owns its strings changes them only for itself, only while it runs', () => {
  const a = createLuaState({ print: () => {}, ownStrings: true });
  const r = runIn(a, `
    function string.shout(s) return s .. "!" end
    getmetatable("").__index.whisper = function(s) return s:lower() end
    local mt = getmetatable("")
    return ("a"):shout(), ("B"):whisper(), mt.__index == string, mt ~= nil`);
  assert.deepEqual(r, ['a!', 'b', true, true]);
  // restored as soon as the chunk returned
  assert.equal(shared.stringMeta, sharedStrings.meta);
  // a state created later (owning or not) does not see A's changes
  const b = createLuaState({ print: () => {}, ownStrings: true });
  assert.deepEqual(runIn(b, 'return ("a").shout, string.shout, ("a").whisper'), [undefined, undefined, undefined]);
  assert.deepEqual(lua('return ("a").shout, string.shout, ("a").whisper'), [undefined, undefined, undefined]);
  // B replaces the whole __index of its strings: A keeps its own
  runIn(b, 'getmetatable("").__index = {upper = function() return "hijacked" end}');
  assert.deepEqual(runIn(a, 'return ("b"):shout(), ("b"):upper()'), ['b!', 'B']);
  assert.deepEqual(lua('return ("b"):upper()'), ['B']);
  // errors restore the metatable too
  assert.throws(() => runIn(a, 'error("x")'));
  assert.equal(shared.stringMeta, sharedStrings.meta);
});

test('userdata metatables belong to the host: read-only to Lua', () => {
  const methods = new LuaTable();
  methods.setStr('get', (self: Userdata) => (self.data as { v: number }).v);
  const meta = new LuaTable();
  meta.setStr('__index', methods);
  meta.setStr('__name', 'box');
  const st = createLuaState({ print: () => {} });
  st.globals.setStr('box', new Userdata({ v: 7, secret: 's' }, meta));
  assert.deepEqual(runIn(st, 'return box:get(), box.data, box.secret, box.mt, box.constructor, type(box)'),
    [7, undefined, undefined, undefined, undefined, 'userdata']);
  for (const a of ['getmetatable(box).__index.get = print', 'getmetatable(box).__index = {}',
    'rawset(getmetatable(box), "__tostring", print)', 'setmetatable(getmetatable(box), {})']) {
    assertLuaError(runIn(st, `return pcall(function() ${a} end)`), /read-only table/, a);
  }
  assertLuaError(runIn(st, 'return pcall(function() box.x = 1 end)'), /attempt to index a userdata value/, 'box.x = 1');
  assert.match(runIn(st, 'return tostring(box)')[0], /^box: 0x[0-9a-f]{8}$/);
});

// ---- load --------------------------------------------------------------------------------

test('load refuses binary chunks and keeps a custom environment apart from the caller', () => {
  assert.deepEqual(lua('return load("\\27Lua\\84\\0")'), [undefined, "attempt to load a binary chunk (mode is 'bt')"]);
  assert.deepEqual(lua('return load("\\27Lua", "n", "t")'), [undefined, "attempt to load a binary chunk (mode is 't')"]);
  assert.deepEqual(lua('return load("return 1", "n", "b")'), [undefined, "attempt to load a text chunk (mode is 'b')"]);
  assert.deepEqual(lua('local n = 0 return load(function() n = n + 1 if n == 1 then return "\\27Lua" end end)'),
    [undefined, "attempt to load a binary chunk (mode is 'bt')"]);
  assert.deepEqual(lua('return loadstring("\\27Lua")'), [undefined, "attempt to load a binary chunk (mode is 'bt')"]);
  assert.deepEqual(lua(`
    local env = {x = 1}
    local f = load("y = 2; return print, _G, string, x, _ENV, load", "c", "t", env)
    local a, b, c, d, e, l = f()
    return a, b, c, d, e == env, l, y, env.y, rawget(_G, "y")`),
  // _ENV names the loaded chunk's own environment (Lua 5.2+), never the caller's
  [undefined, undefined, undefined, 1, true, undefined, undefined, 2, undefined]);
  // caller locals are never visible to a loaded chunk
  assert.deepEqual(lua('local secret = 42 return load("return secret")()'), [undefined]);
  // a non-table environment is indexed as a Lua value, with a Lua error
  assertLuaError(lua('return pcall(load("x = 1", "n", "t", 5))'), /attempt to index a number value \(upvalue '_ENV'\)/, 'env 5');
  assertLuaError(lua('return pcall(load("return x", "n", "t", print))'), /attempt to index a function value/, 'env f');
  // syntax errors are Lua messages, not JS ones
  const [f, msg] = lua('return load("x = = 1")');
  assert.equal(f, undefined);
  assert.match(msg, /^\[string "x = = 1"\]:1: /);
});

test('source text never becomes JavaScript: strings, comments, names and chunknames are data', () => {
  const payloads = [
    '"); globalThis.pwned = 1; ("', "'); globalThis.pwned = 1; ('", '`${globalThis.pwned = 1}`',
    '*/ globalThis.pwned = 1 /*', '</script><script>globalThis.pwned=1</script>', '\\u2028\\u2029',
    '\u2028\u2029', '\\"); process.exit(1); //',
  ];
  for (const p of payloads) {
    const bytes = Buffer.from(p, 'utf8').toString('latin1');
    assert.deepEqual(lua('local s = ... return load("return [==[" .. s .. "]==]")()', bytes), [bytes], p);
    assert.deepEqual(lua('local s = ... return load("return " .. string.format("%q", s))()', bytes), [bytes], p);
    assert.deepEqual(lua('local s = ... return load("-- " .. s .. "\\nreturn 1")()', bytes), [1], p);
    assert.deepEqual(lua('local s = ... return load("--[[ " .. s .. " ]] return 2")()', bytes), [2], p);
    const [ok, err] = lua('local s = ... return pcall(load("error(\'e\')", s))', bytes);
    assert.equal(ok, false);
    assert.equal(typeof err, 'string');
  }
  // host-given source holding characters JS treats as line ends
  assert.deepEqual(runIn(createLuaState(), 'return "a\u2028b\u2029c", #"\\226\\128\\168"'), ['a\u2028b\u2029c', 3]);
  assert.deepEqual(lua('return string.char(0):byte(), #"\\0\\0", ("\\0x"):sub(2)'), [0, 2, 'x']);
  assert.equal((globalThis as { pwned?: unknown }).pwned, undefined);
});

// ---- error values ---------------------------------------------------------------------------

test('thrown Lua values keep their identity and expose no JS Error properties', () => {
  const r = lua(`
    local out = {}
    for _, v in ipairs({{}, function() end, coroutine.create(function() end), setmetatable({}, {})}) do
      local ok1, e1 = pcall(error, v)
      local ok2, e2 = pcall(function() error(v) end)
      local ok3, e3 = xpcall(function() error(v, 2) end, function(m) return m end)
      local ok4, e4 = coroutine.resume(coroutine.create(function() error(v) end))
      local ok5, e5 = pcall(coroutine.wrap(function() error(v) end))
      local ok6, e6 = pcall(function() assert(false, v) end)
      out[#out + 1] = not (ok1 or ok2 or ok3 or ok4 or ok5 or ok6) and rawequal(e1, v) and rawequal(e2, v)
        and rawequal(e3, v) and rawequal(e4, v) and rawequal(e5, v) and rawequal(e6, v)
    end
    local t = {}
    local _, e = pcall(error, t)
    local _, s = pcall(function() local x; return x.y end)
    local _, n = pcall(error)
    return out[1], out[2], out[3], out[4], e.stack, e.message, e.constructor, e.name, e.cause, type(s),
      s.stack, s.message, s.name, n`);
  assert.deepEqual(r, [true, true, true, true, undefined, undefined, undefined, undefined, undefined, 'string',
    undefined, undefined, undefined, undefined]);
  // a table raised to the host arrives as the same table in LuaError.value
  const st = createLuaState();
  try {
    runIn(st, 'local t = {} saved = t error(t)');
    assert.fail('should raise');
  } catch (e) {
    assert.ok(e instanceof LuaError);
    assert.equal(e.value, st.globals.getStr('saved'));
  }
});

test('a JS exception from a host bug reaches Lua as a string', () => {
  const st = createLuaState();
  st.globals.setStr('typeError', () => { throw new TypeError('boom'); });
  st.globals.setStr('nullDeref', () => (null as unknown as { x: number }).x);
  st.globals.setStr('throwsObject', () => { throw { secret: 1 }; });
  st.globals.setStr('throwsFunction', () => { throw function secretSource() { return 'leak'; }; });
  st.globals.setStr('throwsString', () => { throw 'plain'; });
  const r = runIn(st, `
    local out = {}
    for _, f in ipairs({typeError, nullDeref, throwsObject, throwsFunction, throwsString}) do
      local ok, e = pcall(f)
      out[#out + 1] = ok
      out[#out + 1] = type(e) == "string" and e or ("not a string: " .. type(e))
    end
    return table.unpack(out)`);
  assert.deepEqual(r.filter((_, i) => i % 2 === 0), [false, false, false, false, false]);
  const msgs = r.filter((_, i) => i % 2 === 1) as string[];
  assert.equal(msgs[0], 'internal error: boom');
  assert.match(msgs[1], /^internal error: Cannot read properties of null/);
  assert.equal(msgs[2], 'internal error: a object value was thrown');
  assert.equal(msgs[3], 'internal error: a function value was thrown');
  assert.equal(msgs[4], 'plain');
  for (const m of msgs) assert.doesNotMatch(m, /secret|leak|=>|\bat\b.*:\d+/);
  // conversions of V8's own failures
  assert.equal(toLuaError(new RangeError('Maximum call stack size exceeded')).value, 'stack overflow');
  assert.equal(toLuaError(new SyntaxError('Invalid regular expression: /x/: Maximum call stack size exceeded')).value,
    'stack overflow');
  assert.equal(toLuaError(new RangeError('Invalid string length')).value, 'not enough memory');
  assert.equal(toLuaError(new RangeError('Invalid array length')).value, 'not enough memory');
});

// ---- tostring --------------------------------------------------------------------------------

test('tostring and friends never show JavaScript source', () => {
  const lines: string[] = [];
  const st = createLuaState({ print: (l) => lines.push(l) });
  const r = runIn(st, `
    local f = function(a) return a + 1 end
    local co = coroutine.create(f)
    print(f, print, co, {})
    return tostring(f), tostring(print), tostring(co), tostring({}), string.format("%s", f),
      string.format("%s %s", print, co), tostring(coroutine.wrap(f)), tostring(string.rep), tostring(load("return 1"))`);
  const addr = /^(function|builtin|thread|table): 0x[0-9a-f]{8}$/;
  const parts = [...r.slice(0, 5), ...String(r[5]).split(/ (?=builtin|thread)/), ...r.slice(6), ...lines[0].split('\t')];
  assert.equal(parts.length, 14);
  for (const p of parts) assert.match(String(p), addr);
  assert.doesNotMatch(lines.join('\n'), /return|=>|\{|\$L/);
  const failing: [string, RegExp][] = [
    ['string.format("%q", print)', /no literal form/],
    ['"x" .. print', /attempt to concatenate a function value/],
    ['table.concat({print})', /invalid value \(function\)/],
    ['string.rep(print, 2)', /bad argument #1 to 'rep' \(string expected, got function\)/],
    ['#print', /attempt to get length of a function value/],
    ['print + 1', /attempt to perform arithmetic on a function value/],
    ['print < print', /attempt to compare two function values/],
    ['string.len(coroutine.running())', /string expected, got thread/],
  ];
  for (const [e, m] of failing) assertLuaError(pcallOf(e), m, e);
  assert.match(lua('return tostring(setmetatable({}, {__name = "Thing"}))')[0], /^Thing: 0x[0-9a-f]{8}$/);
});

// ---- huge allocations ----------------------------------------------------------------------

test('huge allocations fail quickly with a Lua error', () => {
  const cases: [string, RegExp][] = [
    ['string.rep("x", 1e10)', /resulting string too large/],
    ['string.rep("x", 2^31, ",")', /resulting string too large/],
    ['("x"):rep(1e9)', /resulting string too large/],
    ['("ab"):rep(2^27, "cd")', /resulting string too large/],
    ['("x"):rep(2^20):rep(2^9)', /resulting string too large/],
    ['string.format("%099999d", 1)', /invalid conversion/],
    ['string.format("%.99999f", 1)', /invalid conversion/],
    ['string.format("%5000000s", "x")', /invalid conversion/],
    ['string.byte(("x"):rep(2^21), 1, -1)', /string slice too long/],
    ['utf8.codepoint(("x"):rep(2^21), 1, -1)', /string slice too long/],
    ['table.unpack({}, 1, 1e8)', /too many results to unpack/],
    ['select("#", table.unpack({}, 1, 2^40))', /too many results to unpack/],
    ['string.packsize("c1000000000c1000000000c1000000000")', /too large/],
    ['(function() local t, s = {}, ("x"):rep(2^20) for i = 1, 300 do t[i] = s end return table.concat(t) end)()',
      /resulting string too large/],
    ['(function() local s = "x" for i = 1, 40 do s = s .. s end return s end)()', /not enough memory/],
    ['(function() local s = ("x"):rep(2^10) return s:gsub(".", ("y"):rep(2^19)) end)()', /resulting string too large/],
  ];
  for (const [e, m] of cases) {
    const t0 = Date.now();
    assertLuaError(pcallOf(e), m, e);
    assert.ok(Date.now() - t0 < 5000, `${e} took ${Date.now() - t0} ms`);
  }
  assert.deepEqual(lua('return #string.format("%99d", 1), string.rep("", 2^52), string.rep("x", 0), string.rep("x", -1)'),
    [99, '', '', '']);
});

// ---- deep recursion ----------------------------------------------------------------------

test('deep recursion ends in a catchable "stack overflow", through every path', () => {
  const programs = [
    'local function f() return 1 + f() end return pcall(f)',
    'local t = setmetatable({}, {__index = function(t, k) return t[k] end}) return pcall(function() return t.x end)',
    'local t = setmetatable({}, {__newindex = function(t, k, v) t[k] = v end}) return pcall(function() t.x = 1 end)',
    'local t = setmetatable({}, {__call = function(self) return 1 + self() end}) return pcall(t)',
    'local mt = {} mt.__add = function(a, b) return a + b end local t = setmetatable({}, mt) return pcall(function() return t + 1 end)',
    'local mt = {} mt.__concat = function(a, b) return a .. b end local t = setmetatable({}, mt) return pcall(function() return t .. "" end)',
    'local mt = {} mt.__len = function(a) return #a end local t = setmetatable({}, mt) return pcall(function() return #t end)',
    'local mt = {} mt.__eq = function(a, b) return a == b end local a, b = setmetatable({}, mt), setmetatable({}, mt) return pcall(function() return a == b end)',
    'local mt = {} mt.__lt = function(a, b) return a < b end local a, b = setmetatable({}, mt), setmetatable({}, mt) return pcall(function() return a < b end)',
    'local t = setmetatable({}, {__tostring = function(s) return tostring(s) end}) return pcall(tostring, t)',
    'local t = setmetatable({}, {__tostring = function(s) return string.format("%s", s) end}) return pcall(tostring, t)',
    'local function g(s) return (s:gsub(".", g)) end return pcall(g, "ab")',
    'local function f() return 1 + f() end return pcall(table.sort, {3, 2, 1}, function(a, b) return f() end)',
    'local co = coroutine.wrap(function() local function f() return 1 + f() end return f() end) return pcall(co)',
    'local function f() return coroutine.wrap(f)() end return pcall(f)',
    'local function f() local co = coroutine.create(f) local ok, e = coroutine.resume(co) error(e, 0) end return pcall(f)',
    'local function f(n) return pcall(f, n + 1) end local r = {f(1)} return false, r[#r]',
    'local function f() local ok, e = xpcall(f, function(m) return m end) if not ok then error(e, 0) end end return pcall(f)',
    'local function f() return select(2, pcall(f)) .. "" end return false, f()',
  ];
  for (const p of programs) {
    const t0 = Date.now();
    const r = lua(p);
    assert.equal(r[0], false, p);
    assert.equal(typeof r[r.length - 1], 'string', p);
    // (xpcall: the handler itself overflows, which Lua reports as "error in error handling")
    assert.match(r[r.length - 1], /stack overflow|error in error handling/, p);
    assert.doesNotMatch(r[r.length - 1], /internal error|Maximum call stack/, p);
    assert.ok(Date.now() - t0 < 10000, `${p} took ${Date.now() - t0} ms`);
    assert.deepEqual(lua('local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end return f(1000)'), [1000]);
  }
  // uncaught, it reaches the host as an exception that reads as Lua's stack overflow
  let caught: unknown;
  try { lua('local function f() return 1 + f() end return f()'); } catch (e) { caught = e; }
  assert.match(String(toLuaError(caught).value), /stack overflow/);
  // a tail-recursive loop is not a stack overflow: it runs in constant stack
  assert.deepEqual(lua('local function f(n) if n == 0 then return "done" end return f(n - 1) end return f(1e6)'), ['done']);
});

test('__index and __newindex loops fail with a clean error', () => {
  assertLuaError(lua('local t = {} setmetatable(t, {__index = t}) return pcall(function() return t.x end)'),
    /'__index' chain too long; possible loop/, '__index = t');
  assertLuaError(lua(`local a, b = {}, {} setmetatable(a, {__index = b}) setmetatable(b, {__index = a})
    return pcall(function() return a.x end)`), /'__index' chain too long; possible loop/, 'a <-> b');
  assertLuaError(lua('local t = {} setmetatable(t, {__newindex = t}) return pcall(function() t.x = 1 end)'),
    /'__newindex' chain too long; possible loop/, '__newindex = t');
  assertLuaError(lua('local t = setmetatable({}, {}) getmetatable(t).__index = t return pcall(function() return t[1] end)'),
    /'__index' chain too long/, 'numeric key');
});

test('extremely deep nesting in source is a syntax error (or compiles), never a crash', () => {
  const n = 100000;
  const sources = [
    '('.repeat(n) + '1' + ')'.repeat(n),
    'return ' + '('.repeat(n) + '1' + ')'.repeat(n),
    'return ' + '{'.repeat(n) + '}'.repeat(n),
    'return ' + 'a['.repeat(n) + '1' + ']'.repeat(n),
    'return ' + 'f('.repeat(n) + ')'.repeat(n),
    'return ' + 'a..'.repeat(n) + 'a',
    'return ' + 'not '.repeat(n) + 'a',
    'return ' + '-'.repeat(n) + '1',
    'local a = 1 return ' + '- '.repeat(n) + 'a',
    'return ' + '1+'.repeat(n) + '1',
    'return ' + '2^'.repeat(n) + '1',
    'return ' + 'function() return '.repeat(10000) + '1' + ' end'.repeat(10000),
    'do '.repeat(10000) + 'end '.repeat(10000),
    'if x then '.repeat(10000) + 'end '.repeat(10000),
    'while x do '.repeat(10000) + 'end '.repeat(10000),
    'local t = ' + '{a = '.repeat(10000) + '1' + '}'.repeat(10000),
    'x = "' + 'a'.repeat(1e6) + '" return #x',
  ];
  for (const src of sources) {
    const r = lua(`local src = ...
      local ok, f, msg = pcall(load, src)
      if not ok then return "load raised", f end
      if f == nil then return "syntax", msg end
      local ok2, v = pcall(f)
      return ok2 and "ran" or "failed", v`, src);
    assert.ok(['syntax', 'ran', 'failed'].includes(r[0]), `${src.slice(0, 30)}: ${r}`);
    if (r[0] !== 'ran') {
      assert.equal(typeof r[1], 'string', src.slice(0, 30));
      assert.doesNotMatch(r[1], /internal error|Maximum call stack|RangeError/, src.slice(0, 30));
    }
  }
});

// ---- runaway loops under a hard budget ----------------------------------------------------------

/** Run with a small hard limit: a few million back-edges at most. */
function withHardLimit<T>(fn: () => T): T {
  const saved = { slice: budget.slice, left: budget.left, hardLimit: budget.hardLimit, hardLeft: budget.hardLeft };
  budget.slice = 100000;
  budget.left = budget.slice;
  budget.hardLimit = budget.hardLeft = 20;
  try {
    return fn();
  } finally {
    Object.assign(budget, saved);
  }
}

test('runaway code under a hard limit raises "execution budget exceeded", through pcall and coroutines', () => {
  const loops = [
    'while true do end',
    'repeat until false',
    'for i = 1, math.huge do end',
    'for i = 1, 2^53 do end',
    'for _ in function() return 1 end do end',
    'local t = {1} for _ in pairs(setmetatable({}, {__pairs = function() return function() return 1 end end})) do end',
    '::top:: goto top',
    'local i = 0 ::top:: i = i + 1 if i < 2^53 then goto top end',
    'local function f() return f() end f()',
    'local function f(n) return f(n + 1) end f(1)',
    'local co = coroutine.wrap(function() while true do end end) co()',
    'coroutine.resume(coroutine.create(function() while true do end end))',
    'coroutine.wrap(function() ::top:: goto top end)()',
    'table.move({}, 1, 2^52, 1, {})',
    'string.find(("a"):rep(40), ("a*"):rep(40) .. "b")',
    'string.gsub(("a"):rep(30), ("a*"):rep(30) .. "b", "")',
    // a pcall inside the loop must not refill the allowance
    'while true do pcall(function() while true do end end) end',
    'while true do pcall(coroutine.wrap(function() while true do end end)) end',
    'while true do coroutine.resume(coroutine.create(function() while true do end end)) end',
    'while true do xpcall(function() while true do end end, function(m) return m end) end',
    'local t = setmetatable({}, {__index = function() while true do end end}) while true do pcall(function() return t.x end) end',
  ];
  for (const body of loops) {
    for (const src of [body, `return pcall(function() ${body} end)`]) {
      const t0 = Date.now();
      const err = withHardLimit(() => luaError(src));
      assert.match(String(err), /execution budget exceeded/, src);
      assert.ok(Date.now() - t0 < 10000, `${src} took ${Date.now() - t0} ms`);
    }
  }
  // the host can run Lua again afterwards, with the default (no) limit
  assert.deepEqual(lua('local n = 0 for i = 1, 1e5 do n = n + 1 end return n'), [1e5]);
  assert.equal(budget.hardLimit, Infinity);
});

// ---- generated code -----------------------------------------------------------------------

const SAMPLE = `
local a, b <const>, c = 1, 2, "three"
local t = {1, 2, x = 3, ["y z"] = 4, [5] = 6, f = function(self, ...) return select("#", ...) end}
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
function t.m(x) return x .. "!" end
function t:n(...) local v = {...} return #v, ... end
g = fib(10) + a * b / 3 - 2 ^ 2 % 5 // 1 + (0/0 ~= 0/0 and 1 or 0) + (1e400 > 0 and 1 or 0)
local s = 0
for i = 1, 10, 2 do s = s + i end
for i = 10, 1, -1 do s = s - i end
for k, v in pairs(t) do s = s + (type(v) == "number" and v or 0) end
for i, v in ipairs(t) do s = s + v end
while s > 100 do s = s - 1 end
repeat s = s + 1 local q = s until q > 0
do local i = 0 ::again:: i = i + 1 if i < 3 then goto again end end
for i = 1, 3 do if i == 2 then goto continue end s = s + i ::continue:: end
local co = coroutine.wrap(function(x) local y = coroutine.yield(x + 1) return y * 2 end)
local ok, err = pcall(error, {code = 1})
local cl = setmetatable({}, {__close = function() end, __index = function(t, k) return k end})
do local h <close> = cl end
local str = "a\\0b\\n\\"q\\"" .. [[long ]] .. [==[ ]] ]==] .. #c .. -a .. ~5 .. (3 & 1) .. (3 | 4) .. (1 << 2) .. (8 >> 1)
return g, s, co(1), co(2), ok, err.code, t:n(1, 2), t.m("x"), cl.key, str, not a, a == b, a ~= c, a <= b, a >= b, a < b, a > b
`;

/** Identifiers the JS refers to without declaring them anywhere (a scope-free over-approximation
 * that is exact for generated code, whose names are all unique). */
function freeIdentifiers(js: string): { free: string[]; thisUsed: boolean } {
  const sf = ts.createSourceFile('chunk.js', js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const declared = new Set<string>();
  const used = new Set<string>();
  let thisUsed = false;
  const bind = (n: ts.BindingName) => {
    if (ts.isIdentifier(n)) declared.add(n.text);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  const visit = (n: ts.Node): void => {
    if (n.kind === ts.SyntaxKind.ThisKeyword || n.kind === ts.SyntaxKind.ImportKeyword) thisUsed = true;
    if ((ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isBindingElement(n)) && n.name) bind(n.name);
    if ((ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) && n.name) declared.add(n.name.text);
    if (ts.isIdentifier(n)) {
      const p = n.parent;
      const isName = (ts.isPropertyAccessExpression(p) && p.name === n) ||
        (ts.isPropertyAssignment(p) && p.name === n) ||
        ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p) ||
        ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionExpression(p) ||
          ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === n) ||
        (ts.isBindingElement(p) && p.propertyName === n);
      if (!isName) used.add(n.text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { free: [...used].filter((x) => !declared.has(x)).sort(), thisUsed };
}

// `undefined` is the one global generated code names: a non-writable, non-configurable
// property of every global object (ECMA-262 19.1.4), and no generated binding is called
// `undefined` (Lua names become `name$N`), so it always means the undefined value.
const ALLOWED_FREE = new Set(['undefined']);

test('generated code references no free identifier but the runtime helpers it destructures', () => {
  // the checker itself
  assert.deepEqual(freeIdentifiers('(function($R){const {a}=$R;return function($ENV){let c;L:for(;;){break L;}return a(b,c,$ENV.d)};})'),
    { free: ['b'], thisUsed: false });
  assert.equal(freeIdentifiers('(function(){return this})').thisUsed, true);
  const sample = compile(SAMPLE, 'sample.lua');
  const { free, thisUsed } = freeIdentifiers(sample.js);
  assert.deepEqual(free.filter((x) => !ALLOWED_FREE.has(x)), []);
  assert.equal(thisUsed, false);
  assert.match(sample.js, /^\(function\(\$R,\$Z,\$Zs\)\{"use strict";const \{[$\w,]+\}=\$R;/);
  assert.doesNotMatch(sample.js, /\beval\b|\bFunction\b|globalThis|\bwith\s*\(|\bnew\.target\b|\bimport\b/);
  // the generator twins compiled on first use are checked the same way
  const twins = sample.lazyJs();
  assert.ok(twins.length > 0);
  for (const js of twins) {
    const t = freeIdentifiers(js);
    assert.deepEqual(t.free.filter((x) => !ALLOWED_FREE.has(x)), []);
    assert.equal(t.thisUsed, false);
    assert.match(js, /^\(function\(\$R\)\{"use strict";const \{[$\w,]+\}=\$R;/);
    assert.doesNotMatch(js, /\beval\b|\bFunction\b|globalThis|\bwith\s*\(|\bnew\.target\b|\bimport\b/);
  }
  // and it runs
  const r = runIn(createLuaState(), SAMPLE);
  assert.equal(r[2], 2);
  // the whole corpus, when present
  const dir = join(process.cwd(), 'tests/lua/corpus');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.lua')) : [];
  const offenders: string[] = [];
  for (const f of files) {
    let pieces: string[];
    try {
      const c = compile(readFileSync(join(dir, f)).toString('latin1'), f);
      pieces = [c.js, ...c.lazyJs()];
    } catch {
      continue; // programs that test syntax errors
    }
    for (const js of pieces) {
      const res = freeIdentifiers(js);
      const bad = res.free.filter((x) => !ALLOWED_FREE.has(x));
      if (bad.length > 0 || res.thisUsed) offenders.push(`${f}: ${bad.join(',')}${res.thisUsed ? ' this' : ''}`);
    }
  }
  assert.deepEqual(offenders, []);
});

// ---- the host afterwards ------------------------------------------------------------------

test('the host is untouched: no new globals, no changed prototypes or constructors', () => {
  const newGlobals = keysOf(globalThis).filter((k) => !before.global.includes(k));
  assert.deepEqual(newGlobals, []);
  PROTOS.forEach(([name, p], i) => assert.deepEqual(keysOf(p), before.protos[i], name));
  assert.equal(Function.prototype.constructor, before.functionCtor);
  assert.equal(Object.prototype.constructor, before.objectCtor);
  assert.equal(Object.getPrototypeOf(Object.prototype), before.objectProtoProto);
  assert.equal(Object.getPrototypeOf(new LuaTable()), before.luaTableProto);
  assert.equal(({} as Record<string, unknown>).x, undefined);
  assert.equal(shared.stringMeta, sharedStrings.meta);
  assert.equal(budget.hardLimit, Infinity);
});
