// The `crypto` module from Lua, checked against node:crypto on the other side: HMAC chains as
// AWS SigV4 builds them, RS256 JWTs with a `_header` a real verifier accepts, AEAD round
// trips that refuse tampered data, random bytes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, createVerify, generateKeyPairSync } from 'node:crypto';
import { bootApp, HOSTS, luaEntry, type TestApp } from '../system/testing.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from '../llm/lua-bridge.js';

let a: TestApp;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });

before(async () => {
  a = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['crypto', 'base64']),
    'src/main.lua': 'return { main = function(code, arg) return load(code)(require("crypto"), arg) end }',
  });
});
after(() => a.stop());

async function lua(code: string, arg?: unknown): Promise<unknown> {
  const r = await a.exec('app:main', 'local crypto, arg = ...\n' + code, arg);
  if (r.error !== undefined) throw new Error(tostring(r.error));
  return toPlain(r.value);
}

test('hmac.sha256 gives hex that chains over binary keys like SigV4', async () => {
  const r = await lua(`
    local function bin(h) return (h:gsub("..", function(x) return string.char(tonumber(x, 16)) end)) end
    local k1 = crypto.hmac.sha256("AWS4secret", "20240101")
    local k2 = crypto.hmac.sha256(bin(k1), "us-east-1")
    return { k1, k2 }`);
  const k1 = createHmac('sha256', 'AWS4secret').update('20240101').digest();
  const k2 = createHmac('sha256', k1).update('us-east-1').digest('hex');
  assert.deepEqual(r, [k1.toString('hex'), k2]);
});

test('jwt.encode RS256 signs claims with the _header fields in the JOSE header', async () => {
  const token = await lua(`
    local key = arg
    local t, err = crypto.jwt.encode({ iss = "svc@example", exp = 4102444800, iat = 1700000000,
      _header = { alg = "RS256", typ = "JWT", kid = "key-1" } }, key, "RS256")
    assert(err == nil, tostring(err))
    return t`, keys.privateKey) as string;
  const [h, c, s] = token.split('.');
  assert.deepEqual(JSON.parse(Buffer.from(h, 'base64url').toString()), { alg: 'RS256', typ: 'JWT', kid: 'key-1' });
  assert.deepEqual(JSON.parse(Buffer.from(c, 'base64url').toString()), { iss: 'svc@example', exp: 4102444800, iat: 1700000000 });
  assert.equal(createVerify('RSA-SHA256').update(`${h}.${c}`).verify(keys.publicKey, Buffer.from(s, 'base64url')), true);
  const back = await lua(`local t = arg; local pub = "${keys.publicKey.replace(/\n/g, '\\n')}"
    local claims, err = crypto.jwt.verify(t, pub, "RS256")
    local _, bad = crypto.jwt.verify(t:sub(1, -3) .. "xx", pub, "RS256")
    return { iss = claims.iss, bad = tostring(bad) }`, token);
  assert.deepEqual(back, { iss: 'svc@example', bad: 'invalid token signature' });
});

test('jwt HS256 round trip; a bad private key is an error, not a crash', async () => {
  const r = await lua(`
    local t = crypto.jwt.encode({ sub = "u1", exp = 4102444800 }, "s3cret")
    local claims = crypto.jwt.verify(t, "s3cret")
    local _, wrong = crypto.jwt.verify(t, "other")
    local _, badkey = crypto.jwt.encode({ a = 1 }, "not a pem", "RS256")
    return { claims.sub, tostring(wrong), badkey:kind() }`);
  assert.deepEqual(r, ['u1', 'invalid token signature', 'Invalid']);
});

test('AES-GCM and ChaCha20 round trip with AAD and refuse tampered data; random bytes have the asked length', async () => {
  const r = await lua(`
    local key = crypto.random.bytes(32)
    local sealed = crypto.encrypt.aes("secret \\0 data", key, "ctx")
    local plain = crypto.decrypt.aes(sealed, key, "ctx")
    local _, wrongaad = crypto.decrypt.aes(sealed, key, "other")
    local flipped = sealed:sub(1, 20) .. string.char((sealed:byte(21) + 1) % 256) .. sealed:sub(22)
    local _, tampered = crypto.decrypt.aes(flipped, key, "ctx")
    local c = crypto.decrypt.chacha20(crypto.encrypt.chacha20("x", key), key)
    local _, badlen = crypto.random.bytes(0)
    local _, badkey = crypto.encrypt.aes("x", "short")
    return { plain, tostring(wrongaad), tostring(tampered), c, #key, badlen:kind(), badkey:kind(),
             #crypto.random.string(10, "ab"), crypto.constant_time_compare("abc", "abc"), crypto.constant_time_compare("abc", "abd") }`);
  assert.deepEqual(r, ['secret \0 data', 'decryption failed', 'decryption failed', 'x', 32, 'Invalid', 'Invalid', 10, true, false]);
});
