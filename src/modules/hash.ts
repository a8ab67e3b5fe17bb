// The `hash` module (spec lua-core §15.6): md5, sha1, sha256, sha512 `(data, raw?)`,
// hmac_md5 / hmac_sha1 / hmac_sha256 / hmac_sha512 `(data, secret, raw?)` -> lowercase hex,
// or the raw digest bytes when `raw` is truthy; fnv32 / fnv64 `(data)` -> number (FNV-1,
// as Go's hash/fnv New32/New64).
//
// Data and secrets are Lua byte strings, hashed byte for byte. A non-string argument
// returns `nil, err` with kind INVALID (the reference does not coerce numbers).

import { createHash, createHmac } from 'node:crypto';
import { makeLib } from '../lua/lib/args.js';
import type { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaValue } from '../lua/runtime/types.js';
import { KIND, fail } from './errors.js';

function bytes(s: string): Buffer {
  return Buffer.from(s, 'latin1');
}

function digest(algorithm: string): LuaFunction {
  return (data: LuaValue, raw?: LuaValue) => {
    if (typeof data !== 'string') return fail(KIND.INVALID, 'data must be a string', { retryable: false });
    const h = createHash(algorithm).update(bytes(data));
    return raw !== undefined && raw !== false ? h.digest().toString('latin1') : h.digest('hex');
  };
}

function hmac(algorithm: string): LuaFunction {
  return (data: LuaValue, secret: LuaValue, raw?: LuaValue) => {
    if (typeof data !== 'string') return fail(KIND.INVALID, 'data must be a string', { retryable: false });
    if (typeof secret !== 'string') return fail(KIND.INVALID, 'secret must be a string', { retryable: false });
    const h = createHmac(algorithm, bytes(secret)).update(bytes(data));
    return raw !== undefined && raw !== false ? h.digest().toString('latin1') : h.digest('hex');
  };
}

/** FNV-1 32-bit: multiply by the prime, then xor the byte. */
export function fnv32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 0x01000193) ^ s.charCodeAt(i)) >>> 0;
  return h;
}

/**
 * FNV-1 64-bit on two 32-bit halves (no BigInt in the loop). The prime is 2^40 + 0x1b3,
 * so h * prime = (h << 40) + h * 0x1b3 (mod 2^64). The result is a double, as in the
 * reference (which also returns the uint64 converted to a float).
 */
export function fnv64(s: string): number {
  let hi = 0xcbf29ce4, lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    const l = lo * 0x1b3; // < 2^41: exact
    const carry = Math.floor(l / 0x100000000);
    const newHi = (hi * 0x1b3 + carry + ((lo << 8) >>> 0)) % 0x100000000;
    lo = ((l % 0x100000000) ^ s.charCodeAt(i)) >>> 0;
    hi = newHi;
  }
  return hi * 0x100000000 + lo;
}

function fnv(f: (s: string) => number): LuaFunction {
  return (data: LuaValue) => {
    if (typeof data !== 'string') return fail(KIND.INVALID, 'data must be a string', { retryable: false });
    return f(data);
  };
}

let hashModule: LuaTable | undefined;

/** The `hash` module: one frozen table shared by every process. */
export function createHashModule(): LuaTable {
  if (hashModule === undefined) {
    hashModule = makeLib({
      md5: digest('md5'),
      sha1: digest('sha1'),
      sha256: digest('sha256'),
      sha512: digest('sha512'),
      hmac_md5: hmac('md5'),
      hmac_sha1: hmac('sha1'),
      hmac_sha256: hmac('sha256'),
      hmac_sha512: hmac('sha512'),
      fnv32: fnv(fnv32),
      fnv64: fnv(fnv64),
    });
    hashModule.frozen = true;
  }
  return hashModule;
}
