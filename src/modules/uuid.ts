// The `uuid` module (spec lua-core §15.4): generation (v1, v3, v4, v5, v7) and inspection
// (validate, version, variant, parse, format). Output is lowercase and hyphenated.
//
// Parsing accepts what the reference (Go's google/uuid) accepts: the 36-character form,
// the same in braces, with a "urn:uuid:" prefix, or 32 hex digits; any case.
// Bad input returns `nil, err` with kind INVALID; `validate` returns false.
//
// Not done here: replay-stable values in workflows (the workflow layer intercepts
// v1/v4/v7 as side effects).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { makeLib } from '../lua/lib/args.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { KIND, fail } from './errors.js';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

function format(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[b[i]];
  }
  return s;
}

/** The 16 bytes of a UUID in any accepted form, or undefined. */
export function parseUuid(s: string): Uint8Array | undefined {
  let hex: string;
  if (s.length === 36) hex = dashed(s);
  else if (s.length === 38 && s[0] === '{' && s[37] === '}') hex = dashed(s.slice(1, 37));
  else if (s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:') hex = dashed(s.slice(9));
  else if (s.length === 32) hex = s;
  else return undefined;
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The hex digits of a 36-character form, or '' when the hyphens are misplaced. */
function dashed(s: string): string {
  if (s[8] !== '-' || s[13] !== '-' || s[18] !== '-' || s[23] !== '-') return '';
  return s.slice(0, 8) + s.slice(9, 13) + s.slice(14, 18) + s.slice(19, 23) + s.slice(24);
}

function setVersion(b: Uint8Array, version: number): Uint8Array {
  b[6] = (b[6] & 0x0f) | (version << 4);
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  return b;
}

// ---- generators ---------------------------------------------------------------------------

/** v7: 48-bit Unix milliseconds, then a 12-bit counter (monotonic within a millisecond,
 * like google/uuid), then 62 random bits. */
let lastMs = 0;
let seq = 0;
export function v7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    seq++;
    if (seq > 0xfff) { seq = 0; lastMs++; }
    ms = lastMs;
  } else {
    seq = 0;
    lastMs = ms;
  }
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = (b[8] & 0x3f) | 0x80;
  return format(b);
}

// v1 state: a random node id (multicast bit set, as RFC 4122 §4.5 allows) and clock sequence
const node = randomBytes(6);
node[0] |= 0x01;
let clockSeq = randomBytes(2).readUInt16BE(0) & 0x3fff;
let lastV1 = 0n;
const GREGORIAN_OFFSET = 0x01b21dd213814000n; // 100-ns intervals from 1582-10-15 to 1970-01-01

/** v1: 60-bit timestamp in 100-ns intervals since 1582, clock sequence, node. */
export function v1(): string {
  let t = BigInt(Date.now()) * 10000n + GREGORIAN_OFFSET;
  if (t <= lastV1) {
    // same or earlier tick: advance (or re-randomise the clock sequence if time went back)
    if (t < lastV1 - 10000n) clockSeq = (clockSeq + 1) & 0x3fff;
    else t = lastV1 + 1n;
  }
  lastV1 = t;
  const b = new Uint8Array(16);
  const low = Number(t & 0xffffffffn), mid = Number((t >> 32n) & 0xffffn), high = Number((t >> 48n) & 0x0fffn);
  b[0] = low >>> 24; b[1] = (low >>> 16) & 0xff; b[2] = (low >>> 8) & 0xff; b[3] = low & 0xff;
  b[4] = mid >>> 8; b[5] = mid & 0xff;
  b[6] = 0x10 | (high >>> 8); b[7] = high & 0xff;
  b[8] = 0x80 | (clockSeq >>> 8); b[9] = clockSeq & 0xff;
  b.set(node, 10);
  return format(b);
}

/** v3 (md5) / v5 (sha1): hash of namespace bytes + name. */
function named(algorithm: 'md5' | 'sha1', version: number, ns: Uint8Array, name: string): string {
  const digest = createHash(algorithm).update(ns).update(Buffer.from(name, 'latin1')).digest();
  return format(setVersion(new Uint8Array(digest.subarray(0, 16)), version));
}

// ---- inspection -----------------------------------------------------------------------------

/** RFC 4122 §4.1.1 variant from the top bits of byte 8. */
function variant(b: Uint8Array): string {
  const v = b[8];
  if ((v & 0x80) === 0) return 'NCS';
  if ((v & 0xc0) === 0x80) return 'RFC4122';
  if ((v & 0xe0) === 0xc0) return 'Microsoft';
  return 'Future';
}

/** Unix seconds of a v1 or v7 UUID. */
function timestamp(b: Uint8Array, version: number): number | undefined {
  if (version === 7) return Math.floor(Buffer.from(b).readUIntBE(0, 6) / 1000);
  if (version === 1) {
    const low = BigInt(Buffer.from(b).readUInt32BE(0));
    const mid = BigInt((b[4] << 8) | b[5]);
    const high = BigInt(((b[6] & 0x0f) << 8) | b[7]);
    const t = (high << 48n) | (mid << 32n) | low;
    return Number((t - GREGORIAN_OFFSET) / 10000000n);
  }
  return undefined;
}

// ---- Lua functions ----------------------------------------------------------------------------

const invalid = (message: string) => fail(KIND.INVALID, message, { retryable: false });

function parsed(u: LuaValue): Uint8Array | [undefined, LuaValue] {
  if (typeof u !== 'string') return invalid('input must be a string');
  return parseUuid(u) ?? invalid('invalid UUID format');
}

function namedFn(algorithm: 'md5' | 'sha1', version: number) {
  return (ns: LuaValue, name: LuaValue): LuaValue => {
    if (typeof ns !== 'string' || typeof name !== 'string') return invalid('namespace and name must be strings');
    const nsb = parseUuid(ns);
    if (nsb === undefined) return invalid('invalid namespace UUID');
    return named(algorithm, version, nsb, name);
  };
}

let uuidModule: LuaTable | undefined;

/** The `uuid` module: one frozen table shared by every process. */
export function createUuidModule(): LuaTable {
  if (uuidModule === undefined) {
    uuidModule = makeLib({
      v1,
      v3: namedFn('md5', 3),
      v4: () => randomUUID(),
      v5: namedFn('sha1', 5),
      v7,
      validate: (u: LuaValue) => typeof u === 'string' && parseUuid(u) !== undefined,
      version: (u: LuaValue) => {
        const b = parsed(u);
        return b instanceof Uint8Array ? b[6] >> 4 : b;
      },
      variant: (u: LuaValue) => {
        const b = parsed(u);
        return b instanceof Uint8Array ? variant(b) : b;
      },
      parse: (u: LuaValue) => {
        const b = parsed(u);
        if (!(b instanceof Uint8Array)) return b;
        const version = b[6] >> 4;
        const t = new LuaTable();
        t.setStr('version', version);
        t.setStr('variant', variant(b));
        const ts = timestamp(b, version);
        if (ts !== undefined) t.setStr('timestamp', ts);
        if (version === 1) t.setStr('node', Buffer.from(b.subarray(10)).toString('hex'));
        return t;
      },
      format: (u: LuaValue, style: LuaValue) => {
        const b = parsed(u);
        if (!(b instanceof Uint8Array)) return b;
        const s = format(b);
        switch (typeof style === 'string' ? style : 'standard') {
          case 'standard': return s;
          case 'simple': return s.replace(/-/g, '');
          case 'urn': return 'urn:uuid:' + s;
          default: return invalid('unsupported format');
        }
      },
    });
    uuidModule.frozen = true;
  }
  return uuidModule;
}

