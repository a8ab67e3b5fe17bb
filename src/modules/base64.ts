// The `base64` module (spec lua-core §15.5): standard alphabet with padding (RFC 4648),
// binary-safe (Lua byte strings in and out).
//
// Node's decoder silently skips characters outside the alphabet, so decoding validates
// first. Like Go's decoder (the reference), line breaks (\r, \n) are ignored.
// Errors are returned, not raised: a non-string argument or invalid input gives
// `nil, err` with kind INVALID.

import { makeLib } from '../lua/lib/args.js';
import type { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { KIND, fail } from './errors.js';

function encode(s: LuaValue): LuaValue {
  if (typeof s !== 'string') return fail(KIND.INVALID, 'string expected', { retryable: false });
  return Buffer.from(s, 'latin1').toString('base64');
}

const ALPHABET = /[A-Za-z0-9+/]/;

/** Offset of the first byte that makes `s` invalid standard base64, or -1. */
export function invalidBase64At(s: string): number {
  if (s.length % 4 !== 0) {
    // report the first bad character if there is one, else the end (Go reports the start
    // of the incomplete quantum)
    for (let i = 0; i < s.length; i++) if (!ALPHABET.test(s[i]) && s[i] !== '=') return i;
    return s.length - (s.length % 4);
  }
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (ALPHABET.test(c)) continue;
    // padding: only in the last quantum, as "x=" at the end or "==" at the end
    if (c === '=' && (i === s.length - 1 || (i === s.length - 2 && s[i + 1] === '=')) && i % 4 >= 2) continue;
    return i;
  }
  return -1;
}

function decode(s: LuaValue): LuaValue {
  if (typeof s !== 'string') return fail(KIND.INVALID, 'string expected', { retryable: false });
  const clean = s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]/g, '') : s;
  const bad = invalidBase64At(clean);
  if (bad >= 0) {
    return fail(KIND.INVALID, `illegal base64 data at input byte ${bad}`, { retryable: false, context: 'decode failed' });
  }
  return Buffer.from(clean, 'base64').toString('latin1');
}

let base64Module: LuaTable | undefined;

/** The `base64` module: one frozen table shared by every process. */
export function createBase64Module(): LuaTable {
  if (base64Module === undefined) {
    base64Module = makeLib({ encode, decode });
    base64Module.frozen = true;
  }
  return base64Module;
}
