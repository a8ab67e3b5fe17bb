// The Lua `string` library (Lua 5.4 semantics on byte strings; see format.ts, pack.ts and
// lpattern.ts for the larger pieces).
//
// Strings are JS strings of char codes 0..255 and every function counts bytes; upper and
// lower change ASCII letters only (the C locale). Integer arguments are truncated toward
// zero like the rest of the dialect's libraries.

import { rtError } from '../runtime/errors.js';
import { call1, first, index } from '../runtime/ops.js';
import { LuaTable } from '../runtime/table.js';
import type { LuaFunction, LuaValue } from '../runtime/types.js';
import { numberToString, str2number, type } from '../runtime/values.js';
import { argError, checkString, makeLib, typeError } from './args.js';
import { format as formatImpl } from './format.js';
import { compilePattern, Matcher, noSpecials } from './lpattern.js';
import { pack as packImpl, packsize as packsizeImpl, unpack as unpackImpl } from './pack.js';

/**
 * Largest string string.rep and string.gsub build (256 MiB). A sandbox limit:
 * `("x"):rep(1e10)` must fail with a Lua error instead of exhausting the host's memory.
 */
export const MAX_STRING_SIZE = 2 ** 28;

/** most values string.byte returns at once (C Lua's stack limit, LUAI_MAXSTACK) */
const MAX_RESULTS = 1000000;

// ---- argument helpers (values passed positionally; `present` tells nil from no value) ----

function str(v: LuaValue, n: number, fname: string, present: boolean): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  return typeError(n, fname, 'string', v, present);
}

/** An integer argument (truncated toward zero; ±inf clamp, nan is 0, as args.checkInt). */
function int(v: LuaValue, n: number, fname: string, present: boolean): number {
  let x: number | undefined;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v;
    x = v;
  } else if (typeof v === 'string') {
    x = str2number(v);
  }
  if (x === undefined) return typeError(n, fname, 'number', v, present);
  if (!Number.isFinite(x)) return x > 0 ? Number.MAX_SAFE_INTEGER : x < 0 ? -Number.MAX_SAFE_INTEGER : 0;
  return Math.trunc(x);
}

/** A start position: negative counts from the end, clamped to 1 (lstrlib's posrelatI). */
function posrelat(pos: number, len: number): number {
  if (pos > 0) return pos;
  if (pos === 0) return 1;
  if (pos < -len) return 1;
  return len + pos + 1;
}

/** An end position, clamped to [0, len] (lstrlib's getendpos). */
function endpos(pos: number, len: number): number {
  if (pos > len) return len;
  if (pos >= 0) return pos;
  if (pos < -len) return 0;
  return len + pos + 1;
}

// ---- simple functions ------------------------------------------------------------------------

function len(s: LuaValue): number {
  return str(s, 1, 'len', arguments.length >= 1).length;
}

function sub(s: LuaValue, i: LuaValue, j: LuaValue): string {
  const src = typeof s === 'string' ? s : str(s, 1, 'sub', arguments.length >= 1);
  const l = src.length;
  const start = posrelat(int(i, 2, 'sub', arguments.length >= 2), l);
  const end = j === undefined ? l : endpos(int(j, 3, 'sub', true), l);
  return start > end ? '' : src.slice(start - 1, end);
}

function byte(s: LuaValue, i: LuaValue, j: LuaValue): LuaValue {
  const src = typeof s === 'string' ? s : str(s, 1, 'byte', arguments.length >= 1);
  const l = src.length;
  const pi = i === undefined ? 1 : int(i, 2, 'byte', true);
  const posi = posrelat(pi, l);
  const pose = endpos(j === undefined ? pi : int(j, 3, 'byte', true), l);
  if (posi > pose) return [];
  if (posi === pose) return src.charCodeAt(posi - 1);
  const n = pose - posi + 1;
  if (n >= MAX_RESULTS) rtError('string slice too long');
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) out[k] = src.charCodeAt(posi - 1 + k);
  return out;
}

function char(...args: LuaValue[]): string {
  const n = args.length;
  const codes = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    const c = int(args[k], k + 1, 'char', true);
    if (c < 0 || c > 255) argError(k + 1, 'char', 'value out of range');
    codes[k] = c;
  }
  return fromCodes(codes);
}

/** String.fromCharCode over an array of any length (apply has an argument-count limit). */
function fromCodes(codes: number[]): string {
  const CHUNK = 8192;
  if (codes.length <= CHUNK) return String.fromCharCode.apply(null, codes);
  let out = '';
  for (let k = 0; k < codes.length; k += CHUNK) {
    out += String.fromCharCode.apply(null, codes.slice(k, k + CHUNK));
  }
  return out;
}

function rep(s: LuaValue, n: LuaValue, sep: LuaValue): string {
  const argc = arguments.length;
  const src = str(s, 1, 'rep', argc >= 1);
  const count = int(n, 2, 'rep', argc >= 2);
  const sp = sep === undefined ? '' : str(sep, 3, 'rep', true);
  if (count <= 0) return '';
  const unit = src.length + sp.length;
  if (unit === 0) return '';
  if (src.length * count + sp.length * (count - 1) > MAX_STRING_SIZE) rtError('resulting string too large');
  if (sp === '') return src.repeat(count);
  return (src + sp).repeat(count - 1) + src;
}

const NON_ASCII = /[\x80-\xff]/;

function upper(s: LuaValue): string {
  const src = str(s, 1, 'upper', arguments.length >= 1);
  // JS case mapping is Unicode-aware (ß, ÿ, µ...): only trust it on ASCII text
  if (!NON_ASCII.test(src)) return src.toUpperCase();
  const b = Buffer.from(src, 'latin1');
  for (let k = 0; k < b.length; k++) if (b[k] >= 97 && b[k] <= 122) b[k] -= 32;
  return b.toString('latin1');
}

function lower(s: LuaValue): string {
  const src = str(s, 1, 'lower', arguments.length >= 1);
  if (!NON_ASCII.test(src)) return src.toLowerCase();
  const b = Buffer.from(src, 'latin1');
  for (let k = 0; k < b.length; k++) if (b[k] >= 65 && b[k] <= 90) b[k] += 32;
  return b.toString('latin1');
}

function reverse(s: LuaValue): string {
  const src = str(s, 1, 'reverse', arguments.length >= 1);
  if (src.length < 2) return src;
  return Buffer.from(src, 'latin1').reverse().toString('latin1');
}

function format(...args: LuaValue[]): string {
  return formatImpl(checkString(args, 0, 'format'), args);
}

// ---- pattern matching --------------------------------------------------------------------

// find and match run no Lua code while matching, so they can share one matcher; gsub
// (whose replacement function may call find) and gmatch iterators get their own.
const shared = new Matcher('', compilePattern('', true));

function find(s: LuaValue, p: LuaValue, init: LuaValue, plain: LuaValue): LuaValue {
  const argc = arguments.length;
  const src = typeof s === 'string' ? s : str(s, 1, 'find', argc >= 1);
  const pat = typeof p === 'string' ? p : str(p, 2, 'find', argc >= 2);
  const l = src.length;
  const start = init === undefined ? 0 : posrelat(int(init, 3, 'find', true), l) - 1;
  if (start > l) return undefined;
  if ((plain !== undefined && plain !== false) || noSpecials(pat)) {
    const k = src.indexOf(pat, start);
    return k < 0 ? undefined : [k + 1, k + pat.length];
  }
  const ms = shared;
  ms.reset(src, compilePattern(pat, true));
  const st = ms.search(start);
  let res: LuaValue = undefined;
  if (st >= 0) {
    res = [st + 1, ms.end];
    if (ms.level > 0) ms.pushCaptures(res);
  }
  ms.release();
  return res;
}

function match(s: LuaValue, p: LuaValue, init: LuaValue): LuaValue {
  const argc = arguments.length;
  const src = typeof s === 'string' ? s : str(s, 1, 'match', argc >= 1);
  const pat = typeof p === 'string' ? p : str(p, 2, 'match', argc >= 2);
  const l = src.length;
  const start = init === undefined ? 0 : posrelat(int(init, 3, 'match', true), l) - 1;
  if (start > l) return undefined;
  const ms = shared;
  ms.reset(src, compilePattern(pat, true));
  const st = ms.search(start);
  const res = st < 0 ? undefined : ms.captures(st, ms.end);
  ms.release();
  return res;
}

/** gmatch(s, pattern [, init]): an iterator over successive matches (no `^` anchor). */
function gmatch(s: LuaValue, p: LuaValue, init: LuaValue): LuaFunction {
  const argc = arguments.length;
  const src = str(s, 1, 'gmatch', argc >= 1);
  const pat = str(p, 2, 'gmatch', argc >= 2);
  const l = src.length;
  let pos = init === undefined ? 0 : posrelat(int(init, 3, 'gmatch', true), l) - 1;
  if (pos > l) pos = l + 1;
  const ms = new Matcher(src, compilePattern(pat, false));
  let lastmatch = -1;
  const iter: LuaFunction = () => {
    for (let k = pos; k <= l; k++) {
      k = ms.candidate(k);
      if (k < 0) break;
      const e = ms.matchAt(k);
      // an empty match right where the previous match ended is skipped (5.4)
      if (e >= 0 && e !== lastmatch) {
        pos = lastmatch = e;
        return ms.captures(k, e);
      }
    }
    pos = l + 1;
    return [];
  };
  iter.$name = 'gmatch_aux';
  return iter;
}

// gsub replacement strings are parsed once per call into literal text and capture refs
const WHOLE = -1; // %0
const BAD = -2; // an invalid escape: raises when the replacement is first used
type ReplPart = string | number;

function parseRepl(repl: string): ReplPart[] {
  const parts: ReplPart[] = [];
  let lit = '';
  let from = 0;
  for (let k = repl.indexOf('%'); k >= 0; k = repl.indexOf('%', from)) {
    lit += repl.slice(from, k);
    const c = repl.charCodeAt(k + 1);
    from = k + 2;
    if (c === 37) {
      lit += '%';
      continue;
    }
    if (lit !== '') parts.push(lit);
    lit = '';
    if (c >= 48 && c <= 57) {
      parts.push(c === 48 ? WHOLE : c - 49);
    } else {
      parts.push(BAD);
      return parts;
    }
  }
  lit += repl.slice(from);
  if (lit !== '') parts.push(lit);
  return parts;
}

/**
 * Accumulates a byte string in a growing Buffer. gsub over a large subject appends two
 * pieces per match; with `+=` each becomes a rope node (and, for %0-style replacements, a
 * temporary string), which costs allocation and GC time. Copying bytes into one buffer
 * and decoding it once is about twice as fast.
 */
class ByteBuilder {
  private buf = Buffer.allocUnsafe(4096);
  len = 0;

  private grow(n: number): void {
    if (this.len + n > MAX_STRING_SIZE) rtError('resulting string too large');
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Append s[a, b). */
  addRange(s: string, a: number, b: number): void {
    const n = b - a;
    if (this.len + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    let k = this.len;
    if (n > 32) {
      buf.write(a === 0 && b === s.length ? s : s.slice(a, b), k, n, 'latin1');
      k += n;
    } else {
      for (let i = a; i < b; i++) buf[k++] = s.charCodeAt(i);
    }
    this.len = k;
  }

  add(s: string): void {
    this.addRange(s, 0, s.length);
  }

  toString(): string {
    return this.buf.toString('latin1', 0, this.len);
  }

  /** Forget the contents; drop a very large buffer instead of keeping it pooled. */
  reset(): boolean {
    this.len = 0;
    return this.buf.length <= 1 << 24;
  }
}

function expandRepl(out: ByteBuilder, parts: ReplPart[], ms: Matcher, s: number, e: number): void {
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k];
    if (typeof p === 'string') out.add(p);
    else if (p === WHOLE) out.addRange(ms.src, s, e);
    else if (p === BAD) rtError("invalid use of '%' in replacement string");
    else {
      const v = ms.capture(p, s, e);
      out.add(typeof v === 'number' ? String(v) : v);
    }
  }
}

/** Append a table or function replacement's value: false/nil keep the match. */
function addReplValue(out: ByteBuilder, v: LuaValue, ms: Matcher, s: number, e: number): void {
  if (v === undefined || v === false) out.addRange(ms.src, s, e);
  else if (typeof v === 'string') out.add(v);
  else if (typeof v === 'number') out.add(numberToString(v));
  else rtError(`invalid replacement value (a ${type(v)})`);
}

// gsub may run re-entrantly (a replacement function can call gsub), so its matcher and
// output buffer come from small pools instead of being module singletons.
const matcherPool: Matcher[] = [];
const builderPool: ByteBuilder[] = [];

function gsub(s: LuaValue, p: LuaValue, repl: LuaValue, maxN: LuaValue): LuaValue {
  const argc = arguments.length;
  const src = typeof s === 'string' ? s : str(s, 1, 'gsub', argc >= 1);
  const pat = typeof p === 'string' ? p : str(p, 2, 'gsub', argc >= 2);
  const tr = typeof repl;
  if (!(tr === 'string' || tr === 'number' || tr === 'function' || repl instanceof LuaTable)) {
    typeError(3, 'gsub', 'string/function/table', repl, argc >= 3);
  }
  const l = src.length;
  const max = maxN === undefined ? l + 1 : int(maxN, 4, 'gsub', true);
  const cp = compilePattern(pat, true);
  const parts = tr === 'string' || tr === 'number' ? parseRepl(tr === 'number' ? numberToString(repl) : repl) : undefined;
  const plainRepl = parts !== undefined && (parts.length === 0 || (parts.length === 1 && typeof parts[0] === 'string'))
    ? ((parts[0] ?? '') as string) : undefined;
  if (plainRepl !== undefined && pat !== '' && noSpecials(pat)) return gsubPlain(src, pat, plainRepl, max);

  const ms = matcherPool.pop() ?? new Matcher('', cp);
  ms.reset(src, cp);
  const out = builderPool.pop() ?? new ByteBuilder();
  const anchor = cp.anchor;
  let pos = 0; // where the next match attempt starts
  let copied = 0; // src before this is already in `out`
  let lastmatch = -1;
  let n = 0;
  while (n < max) {
    let st = pos;
    if (!anchor) {
      st = ms.candidate(pos);
      if (st < 0) break;
    }
    const e = ms.matchAt(st);
    if (e >= 0 && e !== lastmatch) {
      n++;
      out.addRange(src, copied, st);
      if (plainRepl !== undefined) out.add(plainRepl);
      else if (parts !== undefined) expandRepl(out, parts, ms, st, e);
      else if (tr === 'function') addReplValue(out, callRepl(repl, ms, st, e), ms, st, e);
      else addReplValue(out, index(repl, ms.capture(0, st, e)), ms, st, e);
      pos = copied = lastmatch = e;
    } else if (st < l) {
      pos = st + 1;
    } else {
      break;
    }
    if (anchor) break;
  }
  let result = src;
  if (n > 0) {
    out.addRange(src, copied, l);
    result = out.toString();
  }
  ms.release();
  matcherPool.push(ms);
  if (out.reset()) builderPool.push(out);
  return [result, n];
}

/** gsub of a literal pattern by literal text: a plain indexOf loop. */
function gsubPlain(src: string, pat: string, repl: string, max: number): LuaValue[] {
  let k = src.indexOf(pat);
  if (k < 0 || max <= 0) return [src, 0];
  const out = builderPool.pop() ?? new ByteBuilder();
  let copied = 0;
  let n = 0;
  for (; k >= 0 && n < max; k = src.indexOf(pat, copied)) {
    out.addRange(src, copied, k);
    out.add(repl);
    copied = k + pat.length;
    n++;
  }
  out.addRange(src, copied, src.length);
  const result = out.toString();
  if (out.reset()) builderPool.push(out);
  return [result, n];
}

function callRepl(f: LuaValue, ms: Matcher, s: number, e: number): LuaValue {
  if (ms.level <= 1) {
    const cap = ms.capture(0, s, e);
    return typeof f === 'function' ? first(f(cap)) : call1(f, cap);
  }
  return call1(f, ...(ms.captures(s, e) as LuaValue[]));
}

// ---- the library table ---------------------------------------------------------------------

export function createStringLib(): LuaTable {
  return makeLib({
    byte,
    char,
    find,
    format,
    gmatch,
    gfind: gmatch,
    gsub,
    len,
    lower,
    match,
    rep,
    reverse,
    sub,
    upper,
    pack: (...args: LuaValue[]) => packImpl(args),
    packsize: (...args: LuaValue[]) => packsizeImpl(args),
    unpack: (...args: LuaValue[]) => unpackImpl(args),
  });
}

/** The library functions, for hosts and tests that call them directly. */
export const stringFunctions = { byte, char, find, format, gmatch, gsub, len, lower, match, rep, reverse, sub, upper };
