// The `crypto` module (agents.md §10.3): random bytes and strings, HMAC, AES-GCM and
// ChaCha20-Poly1305 sealing, JWT (HS256/384/512, RS256), PBKDF2 and constant-time compare,
// all on node:crypto. Keys, data and results are Lua byte strings; HMAC results are hex.
// The framework uses hmac.sha256 (AWS SigV4), random.bytes and jwt.encode RS256 (Google
// service-account tokens, whose claims carry the JOSE header under `_header`).

import { createCipheriv, createDecipheriv, createHmac, createSign, createVerify, pbkdf2Sync, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { makeLib } from '../lua/lib/args.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { KIND, fail } from './errors.js';
import { encodeJson, parseJsonBytes } from './json.js';
import { toLua } from '../system/convert.js';

const MAX_LENGTH = 1 << 20;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE = 12;
const TAG = 16;

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');
const str = (b: Buffer): string => b.toString('latin1');
const invalid = (message: string) => fail(KIND.INVALID, message, { retryable: false });

function length(n: LuaValue): number | undefined {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_LENGTH ? n : undefined;
}

function hmac(algorithm: string) {
  return (key: LuaValue, data: LuaValue) => {
    if (typeof key !== 'string' || key === '') return invalid('key must be a non-empty string');
    if (typeof data !== 'string') return invalid('data must be a string');
    return [createHmac(algorithm, bytes(key)).update(bytes(data)).digest('hex'), undefined];
  };
}

/** AEAD sealing: nonce || ciphertext || tag, as one byte string. */
function seal(cipher: (keyLen: number) => string | undefined) {
  return (data: LuaValue, key: LuaValue, aad: LuaValue) => {
    if (typeof data !== 'string') return invalid('data must be a string');
    if (typeof key !== 'string' || key === '') return invalid('key must be a non-empty string');
    const name = cipher(key.length);
    if (name === undefined) return invalid(`invalid key size ${key.length}`);
    const nonce = randomBytes(NONCE);
    const c = createCipheriv(name as 'aes-256-gcm', bytes(key), nonce, { authTagLength: TAG });
    if (typeof aad === 'string') c.setAAD(bytes(aad));
    const out = Buffer.concat([nonce, c.update(bytes(data)), c.final(), c.getAuthTag()]);
    return [str(out), undefined];
  };
}

function open(cipher: (keyLen: number) => string | undefined) {
  return (data: LuaValue, key: LuaValue, aad: LuaValue) => {
    if (typeof data !== 'string') return invalid('data must be a string');
    if (typeof key !== 'string' || key === '') return invalid('key must be a non-empty string');
    const name = cipher(key.length);
    if (name === undefined) return invalid(`invalid key size ${key.length}`);
    const buf = bytes(data);
    if (buf.length < NONCE + TAG) return fail(KIND.INTERNAL, 'decryption failed: data too short');
    try {
      const d = createDecipheriv(name as 'aes-256-gcm', bytes(key), buf.subarray(0, NONCE), { authTagLength: TAG });
      if (typeof aad === 'string') d.setAAD(bytes(aad));
      d.setAuthTag(buf.subarray(buf.length - TAG));
      return [str(Buffer.concat([d.update(buf.subarray(NONCE, buf.length - TAG)), d.final()])), undefined];
    } catch {
      return fail(KIND.INTERNAL, 'decryption failed');
    }
  };
}

const aes = (n: number) => (n === 16 ? 'aes-128-gcm' : n === 24 ? 'aes-192-gcm' : n === 32 ? 'aes-256-gcm' : undefined);
const chacha = (n: number) => (n === 32 ? 'chacha20-poly1305' : undefined);

const HMAC_ALGS: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

const b64url = (b: Buffer | string): string => Buffer.from(b as string, typeof b === 'string' ? 'latin1' : undefined).toString('base64url');

function sign(alg: string, input: string, key: string): Buffer | string {
  if (HMAC_ALGS[alg] !== undefined) return createHmac(HMAC_ALGS[alg], bytes(key)).update(bytes(input)).digest();
  if (alg === 'RS256') {
    try {
      return createSign('RSA-SHA256').update(bytes(input)).sign(str(bytes(key)));
    } catch (e) {
      return `invalid RSA private key: ${(e as Error).message}`;
    }
  }
  return `unsupported algorithm '${alg}'`;
}

function jwtEncode(payload: LuaValue, key: LuaValue, algArg: LuaValue) {
  if (!(payload instanceof LuaTable)) return invalid('payload must be a table');
  if (typeof key !== 'string' || key === '') return invalid('key must be a non-empty string');
  const alg = typeof algArg === 'string' ? algArg : 'HS256';
  const claims = new LuaTable();
  let header: LuaValue;
  for (let e = payload.next(undefined); e !== undefined; e = payload.next(e[0])) {
    if (e[0] === '_header') header = e[1];
    else claims.set(e[0], e[1]);
  }
  const head = new LuaTable();
  head.setStr('alg', alg);
  head.setStr('typ', 'JWT');
  if (header instanceof LuaTable) for (let e = header.next(undefined); e !== undefined; e = header.next(e[0])) head.set(e[0], e[1]);
  head.setStr('alg', alg); // the header cannot claim another algorithm than the signature's
  const h = encodeJson(head), c = encodeJson(claims);
  if (typeof h !== 'string' || typeof c !== 'string') return invalid('payload cannot be encoded as JSON');
  const input = `${b64url(h)}.${b64url(c)}`;
  const sig = sign(alg, input, key);
  if (typeof sig === 'string') return invalid(sig);
  return [`${input}.${sig.toString('base64url')}`, undefined];
}

function jwtVerify(token: LuaValue, key: LuaValue, algArg: LuaValue, requireExp: LuaValue) {
  if (typeof token !== 'string') return invalid('token must be a string');
  if (typeof key !== 'string' || key === '') return invalid('key must be a non-empty string');
  const alg = typeof algArg === 'string' ? algArg : 'HS256';
  const parts = token.split('.');
  if (parts.length !== 3) return invalid('malformed token');
  const header = parseJsonBytes(str(Buffer.from(parts[0], 'base64url')));
  if (!header.ok || (header.value as { alg?: unknown }).alg !== alg) return fail(KIND.INTERNAL, `token algorithm does not match ${alg}`);
  const input = `${parts[0]}.${parts[1]}`;
  const sig = Buffer.from(parts[2], 'base64url');
  let valid: boolean;
  if (HMAC_ALGS[alg] !== undefined) {
    const want = createHmac(HMAC_ALGS[alg], bytes(key)).update(bytes(input)).digest();
    valid = want.length === sig.length && timingSafeEqual(want, sig);
  } else if (alg === 'RS256') {
    try {
      valid = createVerify('RSA-SHA256').update(bytes(input)).verify(str(bytes(key)), sig);
    } catch (e) {
      return invalid(`invalid RSA public key: ${(e as Error).message}`);
    }
  } else return invalid(`unsupported algorithm '${alg}'`);
  if (!valid) return fail(KIND.INTERNAL, 'invalid token signature');
  const claims = parseJsonBytes(str(Buffer.from(parts[1], 'base64url')));
  if (!claims.ok || claims.value === null || typeof claims.value !== 'object') return fail(KIND.INTERNAL, 'malformed token claims');
  const exp = (claims.value as { exp?: unknown }).exp;
  if (typeof exp === 'number') {
    if (exp * 1000 < Date.now()) return fail(KIND.INTERNAL, 'token expired');
  } else if (requireExp !== false) return fail(KIND.INTERNAL, 'token has no expiration');
  return [toLua(claims.value), undefined];
}

export function createCryptoModule(): LuaTable {
  const mod = makeLib({
    random: makeLib({
      bytes: (n: LuaValue) => {
        const len = length(n);
        return len === undefined ? invalid(`invalid length: must be 1 to ${MAX_LENGTH}`) : [str(randomBytes(len)), undefined];
      },
      string: (n: LuaValue, charset: LuaValue) => {
        const len = length(n);
        if (len === undefined) return invalid(`invalid length: must be 1 to ${MAX_LENGTH}`);
        const chars = typeof charset === 'string' && charset !== '' ? charset : ALPHANUMERIC;
        let out = '';
        for (let i = 0; i < len; i++) out += chars[randomInt(chars.length)];
        return [out, undefined];
      },
      uuid: () => [randomUUID(), undefined],
    }),
    hmac: makeLib({ sha256: hmac('sha256'), sha512: hmac('sha512') }),
    encrypt: makeLib({ aes: seal(aes), chacha20: seal(chacha) }),
    decrypt: makeLib({ aes: open(aes), chacha20: open(chacha) }),
    jwt: makeLib({ encode: jwtEncode, verify: jwtVerify }),
    pbkdf2: (password: LuaValue, salt: LuaValue, iterations: LuaValue, keyLength: LuaValue, hash: LuaValue) => {
      if (typeof password !== 'string' || typeof salt !== 'string') return invalid('password and salt must be strings');
      if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return invalid('iterations must be 1 to 10000000');
      if (length(keyLength) === undefined) return invalid('invalid key length');
      const digest = hash === undefined ? 'sha256' : hash;
      if (digest !== 'sha256' && digest !== 'sha512') return invalid(`unsupported hash '${String(hash)}'`);
      return [str(pbkdf2Sync(bytes(password), bytes(salt), iterations, keyLength as number, digest)), undefined];
    },
    constant_time_compare: (a: LuaValue, b: LuaValue) => {
      if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
      return timingSafeEqual(bytes(a), bytes(b));
    },
  });
  for (const k of ['random', 'hmac', 'encrypt', 'decrypt', 'jwt']) (mod.get(k) as LuaTable).frozen = true;
  mod.frozen = true;
  return mod;
}
