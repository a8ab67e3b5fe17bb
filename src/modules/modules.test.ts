// Tests for the data modules (errors, json, base64, hash, uuid), run through Lua code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLuaState } from '../lua/state.js';
import { all } from '../lua/runtime/ops.js';
import { LuaError } from '../lua/runtime/errors.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import {
  ErrorValue, KIND, createErrorsModule, errorOf, fail, isLuaErrorValue, makeError, toErrorValue,
} from './errors.js';
import { createJsonModule, formatNumber } from './json.js';
import { createBase64Module } from './base64.js';
import { createHashModule, fnv64 } from './hash.js';
import { createUuidModule } from './uuid.js';

/** Run a Lua chunk with the modules as globals; returns all its results. */
function run(src: string): LuaValue[] {
  const st = createLuaState({ print: () => {} });
  st.globals.setStr('errors', createErrorsModule());
  st.globals.setStr('json', createJsonModule());
  st.globals.setStr('base64', createBase64Module());
  st.globals.setStr('hash', createHashModule());
  st.globals.setStr('uuid', createUuidModule());
  return [...all(st.load(src, 'test.lua')())];
}

/** The single result of `return <expr>`. */
function ev(expr: string, prelude = ''): LuaValue {
  return run(`${prelude}\nreturn ${expr}`)[0];
}

/** A Lua byte string from JS text (UTF-8 encoded). */
function bytes(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

// ---- errors ---------------------------------------------------------------------------

test('errors: kind constants have the reference values', () => {
  assert.deepEqual(run(`return errors.NOT_FOUND, errors.ALREADY_EXISTS, errors.INVALID,
    errors.PERMISSION_DENIED, errors.UNAVAILABLE, errors.INTERNAL, errors.CANCELED,
    errors.CONFLICT, errors.TIMEOUT, errors.RATE_LIMITED, errors.UNKNOWN`),
  ['NotFound', 'AlreadyExists', 'Invalid', 'PermissionDenied', 'Unavailable', 'Internal',
    'Canceled', 'Conflict', 'Timeout', 'RateLimited', '']);
});

test('errors.new(msg): message, UNKNOWN kind, nil retryable and details', () => {
  assert.deepEqual(run(`local e = errors.new("boom")
    return type(e), tostring(e), e:message(), e:kind() == errors.UNKNOWN, e:retryable(), e:details()`),
  ['userdata', 'boom', 'boom', true, undefined, undefined]);
});

test('errors.new{...}: kind, retryable, details (a copy each call)', () => {
  assert.deepEqual(run(`
    local e = errors.new({message = "not found", kind = errors.NOT_FOUND, retryable = false,
      details = {id = 5, tags = {"a", "b"}}})
    local d = e:details()
    d.id = 99
    return e:kind(), e:retryable(), e:details().id, e:details().tags[2], tostring(e)`),
  ['NotFound', false, 5, 'b', 'not found']);
});

test('errors.new: argument errors raise', () => {
  const r = run(`local ok1, m1 = pcall(errors.new)
    local ok2, m2 = pcall(errors.new, {kind = "x"})
    local ok3, m3 = pcall(errors.new, true)
    return ok1, m1, ok2, m2, ok3, m3`);
  assert.equal(r[0], false);
  assert.match(r[1], /bad argument #1 to 'new' \(value expected\)/);
  assert.equal(r[2], false);
  assert.match(r[3], /message field is required/);
  assert.equal(r[4], false);
  assert.match(r[5], /expected string or table/);
});

test('errors: tostring and concatenation on either side', () => {
  assert.deepEqual(run(`local e = errors.new("test error")
    return "prefix: " .. e, e .. " :suffix", "(" .. e .. ")", errors.new("a") .. " and " .. errors.new("b"),
      e .. 1, tostring(e)`),
  ['prefix: test error', 'test error :suffix', '(test error)', 'a and b', 'test error1', 'test error']);
});

test('errors: identity, pcall gives back the same object', () => {
  assert.deepEqual(run(`local e = errors.new("x")
    local ok, err = pcall(function() error(e) end)
    return ok, err == e, rawequal(err, e), err:message(), e == errors.new("x")`),
  [false, true, true, 'x', false]);
});

test('errors.wrap: "context: inner", keeps kind, retryable and details', () => {
  assert.deepEqual(run(`
    local inner = errors.new({message = "base", kind = errors.INVALID, retryable = true, details = {key = "value"}})
    local w = errors.wrap(inner, "loading user")
    local s = errors.wrap("plain", "ctx")
    local w2 = errors.wrap(w, errors.new("outer"))
    return tostring(w), w:kind(), w:retryable(), w:details().key, errors.is(w, errors.INVALID),
      tostring(s), s:kind(), tostring(w2), w2:kind(), inner:message()`),
  ['loading user: base', 'Invalid', true, 'value', true, 'ctx: plain', '', 'outer: loading user: base',
    'Invalid', 'base']);
});

test('errors.wrap: bad arguments raise', () => {
  const r = run(`return pcall(errors.wrap, nil, "x")`);
  assert.equal(r[0], false);
  assert.match(r[1], /bad argument #1 to 'wrap'/);
  const r2 = run(`return pcall(errors.wrap, errors.new("x"), {})`);
  assert.match(r2[1], /bad argument #2 to 'wrap'/);
});

test('errors.is: false for non-errors and other kinds', () => {
  assert.deepEqual(run(`local e = errors.new({message = "t", kind = errors.NOT_FOUND})
    return errors.is(e, errors.NOT_FOUND), errors.is(e, errors.TIMEOUT), errors.is("NotFound", errors.NOT_FOUND),
      errors.is(nil, errors.NOT_FOUND), errors.is(errors.new("p"), errors.UNKNOWN)`),
  [true, false, false, false, true]);
});

test('errors.call_stack and err:stack(): the Lua frames where the error was made', () => {
  const r = run(`
    local function level2()
      return errors.new("from level2")
    end
    local function level1()
      local e = level2()
      return e
    end
    local e = level1()
    local cs = errors.call_stack(e)
    return type(cs.thread), #cs.frames, cs.frames[1].source, cs.frames[1].line, cs.frames[1].name,
      cs.frames[1].type, cs.frames[1].level, cs.frames[2].name, e:stack(), errors.call_stack("x")`);
  assert.equal(r[0], 'string');
  assert.ok(r[1] >= 3);
  assert.deepEqual(r.slice(2, 8), ['test.lua', 3, 'level2', 'Lua', 1, 'level1']);
  assert.match(r[8], /test\.lua:3 \(level2\)\n {2}test\.lua:6 \(level1\)/);
  assert.equal(r[9], undefined);
});

test('errors: chained setters return a new error and leave the original alone', () => {
  assert.deepEqual(run(`local e = errors.new("m")
    local e2 = e:kind(errors.TIMEOUT):retryable(true):details({a = 1})
    return e2:kind(), e2:retryable(), e2:details().a, e2:message(), e:kind(), e:retryable()`),
  ['Timeout', true, 1, 'm', '', undefined]);
});

test('errors: the module and metatable are read-only', () => {
  const r = run(`local ok1 = pcall(function() errors.NOT_FOUND = "x" end)
    local ok2 = pcall(function() getmetatable(errors.new("x")).__index.kind = nil end)
    return ok1, ok2, errors.NOT_FOUND`);
  assert.deepEqual(r, [false, false, 'NotFound']);
  assert.equal(createErrorsModule(), createErrorsModule());
});

test('errors: host helpers', () => {
  const ud = makeError(KIND.TIMEOUT, 'too slow', { retryable: true });
  assert.ok(isLuaErrorValue(ud));
  assert.equal(errorOf(ud)?.kind, 'Timeout');
  assert.equal(errorOf('x'), undefined);
  const [nil, err] = fail(KIND.NOT_FOUND, 'gone');
  assert.equal(nil, undefined);
  assert.equal(errorOf(err)?.message, 'gone');
  const ev1 = new ErrorValue(KIND.INVALID, 'x');
  assert.equal(ev1.toLua(), ev1.toLua(), 'one userdata per error');
});

test('errors: toErrorValue converts what a catch receives', () => {
  const e = new ErrorValue(KIND.CONFLICT, 'c');
  assert.equal(toErrorValue(e), e);
  assert.equal(toErrorValue(e.toLua()), e);
  assert.equal(toErrorValue(new LuaError(e.toLua())), e);
  const s = toErrorValue(new LuaError('test.lua:3: boom'));
  assert.deepEqual([s.kind, s.message], ['', 'test.lua:3: boom']);
  const js = toErrorValue(new TypeError('oops'));
  assert.equal(js.kind, 'Internal');
  assert.match(js.message, /oops/);
  // a caught Lua runtime error
  try {
    run('local t = nil; return t.x');
    assert.fail('expected an error');
  } catch (caught) {
    const v = toErrorValue(caught);
    assert.equal(v.kind, '');
    assert.match(v.message, /attempt to index a nil value/);
  }
});

// ---- json: encode -------------------------------------------------------------------------

test('json.encode: scalars and nil', () => {
  assert.deepEqual(run(`return json.encode(nil), json.encode(true), json.encode(42), json.encode(-1.5),
    json.encode("hi"), json.encode()`), ['null', 'true', '42', '-1.5', '"hi"', 'null']);
});

test('json.encode: {} is [], a table that held string keys is {}', () => {
  assert.deepEqual(run(`local t = {a = 1}; t.a = nil
    return json.encode({}), json.encode(t), json.encode({{}, {x = {}}})`), ['[]', '{}', '[[],{"x":[]}]']);
});

test('json.encode: objects with keys in byte order, nested values', () => {
  assert.equal(ev(`json.encode({b = 1, a = {1, 2, {c = "d"}}, c = true, ["A"] = false})`),
    '{"A":false,"a":[1,2,{"c":"d"}],"b":1,"c":true}');
});

test('json.encode: number and boolean keys are written as text', () => {
  assert.equal(ev(`json.encode({[1.5] = "x", [true] = "t", [-1] = "m", [0] = "z", s = 1})`),
    '{"-1":"m","0":"z","1.5":"x","s":1,"true":"t"}');
});

test('json.encode: numbers: integers without .0, plain decimals, NaN/inf as null', () => {
  assert.equal(ev(`json.encode({1.0, 0.1, 1e-7, 2^60, 1e300, -0.0, 0/0, 1/0, -1/0, 123456789012})`),
    `[1,0.1,0.0000001,1152921504606846976,1${'0'.repeat(300)},0,null,null,null,123456789012]`);
  assert.equal(formatNumber(2.5e-10), '0.00000000025');
  assert.equal(formatNumber(-3), '-3');
});

test('json.encode: strings: escapes, UTF-8 passthrough, invalid UTF-8', () => {
  assert.equal(ev(`json.encode("a\\"b\\\\c\\n\\t\\0\\31")`), '"a\\"b\\\\c\\n\\t\\u0000\\u001f"');
  assert.equal(ev(`json.encode("${bytes('héllo ✓')}")`), bytes('"héllo ✓"'));
  assert.equal(ev(`json.encode("\\255")`), bytes('"\uFFFD"'));
  assert.equal(ev(`json.encode({["${bytes('ключ')}"] = 1})`), bytes('{"ключ":1}'));
});

test('json.encode: Error objects as their message; functions and other userdata as null', () => {
  assert.equal(ev(`json.encode({e = errors.new("boom"), f = print, w = errors.wrap(errors.new("x"), "y")})`),
    '{"e":"boom","f":null,"w":"y: x"}');
});

test('json.encode: sparse, mixed, cyclic, too deep -> nil, err (INTERNAL)', () => {
  const r = run(`
    local out = {}
    local function try(v)
      local s, err = json.encode(v)
      out[#out + 1] = tostring(s) .. "|" .. err:kind() .. "|" .. err:message()
    end
    try({1, nil, 3})
    local t = {}; t[1] = 1; t[5] = 5; try(t)
    try({1, 2, x = 3})
    local c = {}; c.self = c; try(c)
    local d = {}; local cur = d
    for i = 1, 200 do cur.n = {}; cur = cur.n end
    try(d)
    local shared = {1}
    out[#out + 1] = json.encode({a = shared, b = shared})
    return table.unpack(out)`);
  assert.deepEqual(r, [
    'nil|Internal|cannot encode sparse array: non-contiguous numeric keys found',
    'nil|Internal|cannot encode sparse array: non-contiguous numeric keys found',
    'nil|Internal|cannot encode mixed-key table: table has both numeric and non-numeric keys',
    'nil|Internal|cannot encode recursively nested tables to JSON',
    'nil|Internal|exceeded maximum nesting depth for JSON encoding',
    '{"a":[1],"b":[1]}',
  ]);
});

// ---- json: decode -------------------------------------------------------------------------

test('json.decode: objects, arrays, scalars', () => {
  assert.deepEqual(run(`local v = json.decode('{"name":"x","items":[1,2.5,true,false],"n":{"m":-3}}')
    return v.name, #v.items, v.items[1], v.items[2], v.items[3], v.items[4], v.n.m,
      json.decode("42"), json.decode('"s"'), json.decode("true"), json.decode("null"), json.decode(" [ ] ")[1]`),
  ['x', 4, 1, 2.5, true, false, -3, 42, 's', true, undefined, undefined]);
});

test('json.decode: null becomes nil (holes in arrays, absent keys)', () => {
  assert.deepEqual(run(`local v = json.decode('{"a":[1,null,3],"b":null,"c":[null]}')
    local n = 0
    for k in pairs(v) do n = n + 1 end
    return v.a[1], v.a[2], v.a[3], v.b, n, #v.c`), [1, undefined, 3, undefined, 2, 0]);
});

test('json.decode: strings become UTF-8 byte strings', () => {
  assert.deepEqual(run(`return json.decode('"\\\\u00e9"') == "\\195\\169", json.decode('"${bytes('é✓')}"') == "${bytes('é✓')}",
    #json.decode('"\\\\ud83d\\\\ude00"'), json.decode('{"${bytes('ключ')}":1}')["${bytes('ключ')}"]`),
  [true, true, 4, 1]);
});

test('json.decode: numbers, -0, big integers', () => {
  assert.deepEqual(run(`local v = json.decode("[-0, 12345678901234567890, 1e2, 0.5]")
    return 1/v[1], v[2], v[3], v[4]`), [Infinity, 12345678901234567000, 100, 0.5]);
});

test('json.decode: invalid JSON -> nil, err (INTERNAL) with the offset; never raises', () => {
  const r = run(`
    local v, err = json.decode("{")
    local ok, v2, err2 = pcall(json.decode, '{"a":}')
    local _, e3 = json.decode("[1,]")
    local _, e4 = json.decode('{"a" 1}')
    local _, e5 = json.decode("1 2")
    return v, err:kind() == errors.INTERNAL, tostring(err), "x: " .. err, ok, v2, tostring(err2),
      tostring(e3), tostring(e4), tostring(e5)`);
  assert.deepEqual(r, [undefined, true, 'unexpected end of JSON input at offset 1',
    'x: unexpected end of JSON input at offset 1', true, undefined,
    "invalid character '}' looking for beginning of value at offset 5",
    "invalid character ']' looking for beginning of value at offset 3",
    "invalid character '1' after object key at offset 5",
    "invalid character '2' after top-level value at offset 2"]);
});

test('json.decode: non-string or empty input -> INVALID', () => {
  assert.deepEqual(run(`local _, e1 = json.decode(42); local _, e2 = json.decode("")
    local _, e3 = json.decode()
    return e1:kind(), e1:message(), e2:kind(), e2:message(), e3:kind()`),
  ['Invalid', 'string expected', 'Invalid', 'empty string is not valid JSON', 'Invalid']);
});

test('json.decode: nesting deeper than 128 is an error', () => {
  const deep = '['.repeat(200) + ']'.repeat(200);
  assert.deepEqual(run(`local v, err = json.decode("${deep}"); return v, err:kind(), err:message()`),
    [undefined, 'Internal', 'json: maximum nesting depth exceeded']);
});

test('json: round trips', () => {
  const r = run(`
    local src = {name = "${bytes('Zoë')}", list = {1, 2, {deep = {true, false}}}, empty = {}, obj = json.decode("{}"), f = 0.25}
    local s = json.encode(src)
    local back = json.decode(s)
    return s, json.encode(back) == s, json.encode(json.decode('{"z":1,"a":[{"b":{}}]}'))`);
  assert.equal(r[0], bytes('{"empty":[],"f":0.25,"list":[1,2,{"deep":[true,false]}],"name":"Zoë","obj":{}}'));
  assert.equal(r[1], true);
  assert.equal(r[2], '{"a":[{"b":{}}],"z":1}');
});

// ---- json: validate -----------------------------------------------------------------------

test('json.validate: valid data, failures as false, err(INVALID)', () => {
  const r = run(`
    local schema = {type = "object", properties = {name = {type = "string", minLength = 2},
      age = {type = "integer", minimum = 0}}, required = {"name"}}
    local ok1 = json.validate(schema, {name = "John", age = 30})
    local ok2, e2 = json.validate(schema, {age = -1})
    local ok3, e3 = json.validate('{"type":"array","items":{"type":"number"}}', {1, 2, "x"})
    local ok4 = json.validate({type = "object"}, {})
    local ok5, e5 = json.validate_string(schema, '{"name":"J"}')
    local ok6 = json.validate_string(schema, '{"name":"Jo"}')
    local ok7, e7 = json.validate(nil, {})
    return ok1, ok2, e2:kind(), e2:message(), ok3, e3:message(), ok4, ok5, e5:message(), ok6, ok7, e7:message()`);
  assert.deepEqual(r, [true, false, 'Invalid',
    '/: missing required property "name" (+1 more)', false, '/2: expected number, got string', true,
    false, '/name: length must be >= 2', true, false, 'schema is required']);
});

test('json.validate: $ref, enum, oneOf, additionalProperties', () => {
  const r = run(`
    local schema = {
      ["$defs"] = {color = {enum = {"red", "green"}}},
      type = "object",
      properties = {c = {["$ref"] = "#/$defs/color"}, v = {oneOf = {{type = "string"}, {type = "number"}}}},
      additionalProperties = false,
    }
    local ok1 = json.validate(schema, {c = "red", v = 1})
    local ok2, e2 = json.validate(schema, {c = "blue"})
    local ok3, e3 = json.validate(schema, {x = 1})
    return ok1, ok2, e2:message(), ok3, e3:message()`);
  assert.deepEqual(r, [true, false, '/c: value must be one of ["red","green"]', false,
    '/x: additional property is not allowed']);
});

// ---- base64 -------------------------------------------------------------------------------

test('base64: RFC 4648 vectors, binary-safe round trip', () => {
  assert.deepEqual(run(`return base64.encode(""), base64.encode("f"), base64.encode("fo"), base64.encode("foo"),
    base64.encode("foob"), base64.encode("fooba"), base64.encode("foobar"), base64.decode("Zm9vYmE="),
    base64.decode(""), base64.decode(base64.encode("\\0\\255\\128\\1")) == "\\0\\255\\128\\1",
    base64.decode("Zm9v\\nYmFy")`),
  ['', 'Zg==', 'Zm8=', 'Zm9v', 'Zm9vYg==', 'Zm9vYmE=', 'Zm9vYmFy', 'fooba', '', true, 'foobar']);
});

test('base64: invalid input and non-strings -> nil, err(INVALID)', () => {
  const r = run(`local v1, e1 = base64.decode("Zm9v*mFy")
    local v2, e2 = base64.decode("Zm9")
    local v3, e3 = base64.decode("Z===")
    local v4, e4 = base64.encode({})
    return v1, e1:kind(), e1:message(), v2, e2:kind(), v3, e3:kind(), v4, e4:kind()`);
  assert.deepEqual(r, [undefined, 'Invalid', 'illegal base64 data at input byte 4', undefined, 'Invalid',
    undefined, 'Invalid', undefined, 'Invalid']);
});

// ---- hash ---------------------------------------------------------------------------------

test('hash: digests of known vectors, hex and raw', () => {
  assert.deepEqual(run(`return hash.md5(""), hash.md5("abc"), hash.sha1("abc"), hash.sha256("abc"),
    #hash.sha256("abc", true), hash.sha512("abc"):sub(1, 32), #hash.md5("x", true)`), [
    'd41d8cd98f00b204e9800998ecf8427e', '900150983cd24fb0d6963f7d28e17f72',
    'a9993e364706816aba3e25717850c26c9cd0d89d',
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 32,
    'ddaf35a193617abacc417349ae204131', 16]);
  // raw bytes are the digest bytes
  const raw = ev(`hash.sha1("abc", true)`) as string;
  assert.equal(Buffer.from(raw, 'latin1').toString('hex'), 'a9993e364706816aba3e25717850c26c9cd0d89d');
});

test('hash: HMAC (RFC 2202 / RFC 4231 "Jefe" vectors)', () => {
  assert.deepEqual(run(`local d, k = "what do ya want for nothing?", "Jefe"
    return hash.hmac_md5(d, k), hash.hmac_sha1(d, k), hash.hmac_sha256(d, k), hash.hmac_sha512(d, k):sub(1, 32),
      #hash.hmac_sha256(d, k, true)`), [
    '750c783e6ab0b503eaa86e310a5db738', 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', '164b7a7bfcf819e2e395fbe73b56e0a3', 32]);
});

test('hash: fnv32 / fnv64 (FNV-1)', () => {
  assert.deepEqual(run(`return hash.fnv32(""), hash.fnv32("a"), hash.fnv32("foobar")`),
    [0x811c9dc5, 0x050c5d7e, 0x31f0b262]);
  const ref = (s: string) => {
    let h = 0xcbf29ce484222325n;
    for (const c of Buffer.from(s, 'latin1')) h = ((h * 0x100000001b3n) & 0xffffffffffffffffn) ^ BigInt(c);
    return Number(h);
  };
  for (const s of ['', 'a', 'foobar', 'the quick brown fox', '\u00ff\u0000\u0080'.repeat(20)]) {
    assert.equal(fnv64(s), ref(s), s);
  }
  assert.equal(ev(`hash.fnv64("a")`), ref('a'));
});

test('hash: non-string data -> nil, err(INVALID)', () => {
  assert.deepEqual(run(`local v, e = hash.sha256(5); local v2, e2 = hash.hmac_sha256("x", nil)
    return v, e:kind(), e:message(), v2, e2:message()`),
  [undefined, 'Invalid', 'data must be a string', undefined, 'secret must be a string']);
});

// ---- uuid ---------------------------------------------------------------------------------

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('uuid: v4, v7, v1 are lowercase, versioned, RFC 4122', () => {
  const [a, b, c, d] = run(`return uuid.v4(), uuid.v7(), uuid.v1(), uuid.v7()`) as string[];
  for (const u of [a, b, c, d]) assert.match(u, UUID_RE);
  assert.equal(a[14], '4');
  assert.equal(b[14], '7');
  assert.equal(c[14], '1');
  assert.ok(b < d, 'v7 is time-ordered');
});

test('uuid: v7 values are strictly increasing within a process', () => {
  const list = run(`local t = {}; for i = 1, 500 do t[i] = uuid.v7() end; return table.unpack(t)`) as string[];
  for (let i = 1; i < list.length; i++) assert.ok(list[i - 1] < list[i]);
});

test('uuid: v3 and v5 (RFC 4122 DNS namespace examples)', () => {
  assert.deepEqual(run(`local ns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8"
    return uuid.v3(ns, "www.example.com"), uuid.v5(ns, "www.example.com"), (uuid.v5("bad", "x"))`),
  ['5df41881-3aed-3515-88a7-2f4a814cf09e', '2ed6657d-e927-568b-95e1-2665a8aea6a2', undefined]);
});

test('uuid: validate, version, variant, format', () => {
  assert.deepEqual(run(`local u = "6BA7B810-9DAD-11D1-80B4-00C04FD430C8"
    return uuid.validate(u), uuid.validate("{" .. u .. "}"), uuid.validate("urn:uuid:" .. u),
      uuid.validate("6ba7b8109dad11d180b400c04fd430c8"), uuid.validate("6ba7b810-9dad-11d1-80b4"), uuid.validate(42),
      uuid.version(u), uuid.variant(u), uuid.variant("6ba7b810-9dad-11d1-00b4-00c04fd430c8"),
      uuid.variant("6ba7b810-9dad-11d1-c0b4-00c04fd430c8"), uuid.variant("6ba7b810-9dad-11d1-e0b4-00c04fd430c8"),
      uuid.format(u), uuid.format(u, "simple"), uuid.format(u, "urn")`),
  [true, true, true, true, false, false, 1, 'RFC4122', 'NCS', 'Microsoft', 'Future',
    '6ba7b810-9dad-11d1-80b4-00c04fd430c8', '6ba7b8109dad11d180b400c04fd430c8',
    'urn:uuid:6ba7b810-9dad-11d1-80b4-00c04fd430c8']);
});

test('uuid: parse gives version, variant, timestamp (v1/v7), node (v1)', () => {
  const now = Math.floor(Date.now() / 1000);
  const r = run(`local p7 = uuid.parse(uuid.v7()); local p1 = uuid.parse(uuid.v1())
    local p4 = uuid.parse(uuid.v4())
    local old = uuid.parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
    return p7.version, p7.variant, p7.timestamp, p1.version, p1.timestamp, #p1.node, p4.version, p4.timestamp,
      old.timestamp, old.node`);
  assert.deepEqual([r[0], r[1], r[3], r[5], r[6], r[7]], [7, 'RFC4122', 1, 12, 4, undefined]);
  assert.ok(Math.abs((r[2] as number) - now) <= 2);
  assert.ok(Math.abs((r[4] as number) - now) <= 2);
  // 6ba7b810-9dad-11d1: 1998-02-04T22:13:53Z
  assert.equal(r[8], 886630433);
  assert.equal(r[9], '00c04fd430c8');
});

test('uuid: bad input -> nil, err(INVALID)', () => {
  assert.deepEqual(run(`local v, e = uuid.version("nope"); local v2, e2 = uuid.format(uuid.v4(), "weird")
    local v3, e3 = uuid.parse(7)
    return v, e:kind(), e:message(), v2, e2:message(), v3, e3:message()`),
  [undefined, 'Invalid', 'invalid UUID format', undefined, 'unsupported format', undefined, 'input must be a string']);
});

test('modules are created once and frozen', () => {
  for (const create of [createJsonModule, createBase64Module, createHashModule, createUuidModule, createErrorsModule]) {
    const t = create();
    assert.ok(t instanceof LuaTable);
    assert.equal(t, create());
    assert.equal(t.frozen, true);
  }
});

test('errors and json inside a coroutine (generator code)', () => {
  assert.deepEqual(run(`
    local co = coroutine.wrap(function()
      local out = {}
      for i = 1, 2 do
        local e = errors.new({message = "m" .. i, kind = errors.TIMEOUT})
        coroutine.yield("x: " .. e)
        out[i] = tostring(e) .. e:kind()
      end
      local cs = errors.call_stack(errors.new("in co"))
      return table.concat(out, ","), cs.frames[1].line, json.encode({e = errors.new("z")})
    end)
    local a, b = co(), co()
    return a, b, co()`), ['x: m1', 'x: m2', 'm1Timeout,m2Timeout', 9, '{"e":"z"}']);
});
