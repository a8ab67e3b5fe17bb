// Lua 5.4 patterns (lstrlib.c semantics), working on byte strings by char code.
//
// A pattern is compiled once (and cached) into a list of items. Every single-character
// item (a literal, `.`, `%a`, `[set]`...) becomes a 256-entry lookup table, so testing a
// character is one typed-array load, and runs of plain literals become one `startsWith`.
// The matcher follows lstrlib's `do_match`: plain items and captures advance in a loop,
// only quantifiers recurse, and an explicit depth limit (MAXCCALLS) makes a pathological
// pattern raise "pattern too complex" instead of overflowing the JS stack. Each item also
// knows which chars can start the rest of the pattern, which lets the search loops and
// the quantifier back-off skip hopeless positions without calling the matcher.
//
// Errors keep Lua's timing: C Lua reports a malformed pattern only when the matcher
// reaches the bad spot (`("bbb"):find("a[")` is nil, `("abc"):find("a[")` raises). The
// compiler therefore turns the first problem into an ERROR item at that spot, which
// raises when reached. Capture errors (`)` without `(`, `%2` before capture 2 closes, too
// many captures) are static in a pattern without alternation, so they become ERROR items
// too and the matcher never checks them at run time.
//
// Dialect note: `%z` (Lua 5.1: the \0 byte) is a class, as in lua5.4's compatibility mode.

import { rtError } from '../runtime/errors.js';
import { budget } from '../runtime/ops.js';
import type { LuaValue } from '../runtime/types.js';

export const MAXCAPTURES = 32;
/** nested matcher calls allowed for one match (lstrlib's MAXCCALLS) */
export const MAXCCALLS = 200;

const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

// item kinds
const SINGLE = 0; // one character from `set`, with quantifier `q`
const LIT = 1; // a run of literal characters without quantifiers (`lit`)
const OPEN = 2; // `(`: capture number `n`
const OPEN_POS = 3; // `()`: position capture number `n`
const CLOSE = 4; // `)`: closes capture `n`
const END = 5; // `$` at the end of the pattern
const BALANCE = 6; // `%bxy`: `a` = x, `b` = y
const FRONTIER = 7; // `%f[set]`
const BACKREF = 8; // `%1`..`%9`: capture `n`
const ERROR = 9; // malformed pattern: raise `msg` when reached

// quantifiers
const Q_ONE = 0;
const Q_STAR = 1; // `*`: longest
const Q_PLUS = 2; // `+`: longest, at least one
const Q_MINUS = 3; // `-`: shortest
const Q_OPT = 4; // `?`

const C_PERCENT = 37; // %
const C_LBRACKET = 91; // [
const C_RBRACKET = 93; // ]
const C_CARET = 94; // ^
const C_DASH = 45; // -

class Item {
  /** SINGLE, FRONTIER: the chars matched */
  set: Uint8Array | null = null;
  /** SINGLE: quantifier */
  q = Q_ONE;
  /** LIT: the literal text */
  lit = '';
  /** OPEN, OPEN_POS, CLOSE, BACKREF: capture index (0-based) */
  n = 0;
  /** BALANCE: the opening and closing chars */
  a = 0;
  b = 0;
  /** ERROR: the message */
  msg = '';
  /** chars that can start a match of the items after this one (see `follow`) */
  next: Uint8Array | null = null;
  /** the next item is the final `$` */
  nextEnd = false;

  constructor(public kind: number) {}
}

function item(kind: number, fill: Partial<Item> = {}): Item {
  return Object.assign(new Item(kind), fill);
}

// ---- character classes (C locale) ---------------------------------------------------------

function makeSet(pred: (c: number) => boolean): Uint8Array {
  const s = new Uint8Array(256);
  for (let c = 0; c < 256; c++) if (pred(c)) s[c] = 1;
  return s;
}

const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isAlnum = (c: number) => isAlpha(c) || isDigit(c);
const isGraph = (c: number) => c >= 33 && c <= 126;

/** class letter (lower case) -> member set */
const CLASS_SETS = new Map<number, Uint8Array>([
  [97, makeSet(isAlpha)], // a
  [99, makeSet((c) => c < 32 || c === 127)], // c
  [100, makeSet(isDigit)], // d
  [103, makeSet(isGraph)], // g
  [108, makeSet(isLower)], // l
  [112, makeSet((c) => isGraph(c) && !isAlnum(c))], // p
  [115, makeSet((c) => (c >= 9 && c <= 13) || c === 32)], // s
  [117, makeSet(isUpper)], // u
  [119, makeSet(isAlnum)], // w
  [120, makeSet((c) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))], // x
  [122, makeSet((c) => c === 0)], // z (Lua 5.1, kept by the reference dialect)
]);

const ANY = makeSet(() => true);
const SINGLES: Uint8Array[] = [];
for (let c = 0; c < 256; c++) SINGLES.push(makeSet((x) => x === c));

function invert(s: Uint8Array): Uint8Array {
  const r = new Uint8Array(256);
  for (let c = 0; c < 256; c++) r[c] = s[c] ^ 1;
  return r;
}
const CLASS_COMPLEMENTS = new Map<number, Uint8Array>();
for (const [cl, set] of CLASS_SETS) CLASS_COMPLEMENTS.set(cl - 32, invert(set));

/** The set for `%x` (lstrlib's match_class): a class, its complement, or the char itself. */
function escapeSet(cl: number): Uint8Array {
  return CLASS_SETS.get(cl) ?? CLASS_COMPLEMENTS.get(cl) ?? SINGLES[cl & 255];
}

// ---- compiling --------------------------------------------------------------------------

export class Pattern {
  /** pattern started with `^` and the caller honours anchors */
  anchor = false;
  items: Item[] = [];
  /** first item is a literal run: candidates are found with indexOf */
  firstLit: string | null = null;
  /** chars that can start a match (null: any position may match, even the end) */
  first: Uint8Array | null = null;
  /** the pattern starts with `%f[set]`: candidates are the set's frontiers */
  frontier: Uint8Array | null = null;
}

/** Builds the item list; stops at the first error, leaving an ERROR item there. */
class Compiler {
  items: Item[] = [];
  /** capture numbers still open, innermost last */
  open: number[] = [];
  /** capture number -> closed (or position) */
  closed: boolean[] = [];
  lit = '';

  constructor(private p: string) {}

  private flushLit(): void {
    if (this.lit !== '') {
      this.items.push(item(LIT, { lit: this.lit }));
      this.lit = '';
    }
  }

  private push(it: Item): void {
    this.flushLit();
    this.items.push(it);
  }

  private fail(msg: string): void {
    this.push(item(ERROR, { msg }));
  }

  /** lstrlib's classEnd: index just past the single-char class at i, or -1 after fail(). */
  private classEnd(i: number): number {
    const p = this.p;
    const plen = p.length;
    const c = p.charCodeAt(i++);
    if (c === C_PERCENT) {
      if (i >= plen) {
        this.fail("malformed pattern (ends with '%')");
        return -1;
      }
      return i + 1;
    }
    if (c === C_LBRACKET) {
      if (p.charCodeAt(i) === C_CARET) i++;
      do {
        // the first char of a set is never its end: `[]]` and `[^]]` contain ']'
        if (i >= plen) {
          this.fail("malformed pattern (missing ']')");
          return -1;
        }
        if (p.charCodeAt(i++) === C_PERCENT && i < plen) i++;
      } while (p.charCodeAt(i) !== C_RBRACKET);
      return i + 1;
    }
    return i;
  }

  /** lstrlib's matchbracketclass as a table: `[` at i, closing `]` at ec. */
  private bracketSet(i: number, ec: number): Uint8Array {
    const p = this.p;
    const set = new Uint8Array(256);
    let neg = false;
    if (p.charCodeAt(i + 1) === C_CARET) {
      neg = true;
      i++;
    }
    while (++i < ec) {
      const c = p.charCodeAt(i);
      if (c === C_PERCENT) {
        i++;
        const cs = escapeSet(p.charCodeAt(i));
        for (let k = 0; k < 256; k++) set[k] |= cs[k];
      } else if (p.charCodeAt(i + 1) === C_DASH && i + 2 < ec) {
        i += 2;
        const hi = p.charCodeAt(i);
        for (let k = c; k <= hi; k++) set[k] = 1;
      } else {
        set[c] = 1;
      }
    }
    return neg ? invert(set) : set;
  }

  /** The set of the single-char class spanning [i, ep). */
  private singleSet(i: number, ep: number): Uint8Array {
    const c = this.p.charCodeAt(i);
    if (c === 46) return ANY; // .
    if (c === C_PERCENT) return escapeSet(this.p.charCodeAt(i + 1));
    if (c === C_LBRACKET) return this.bracketSet(i, ep - 1);
    return SINGLES[c];
  }

  compile(start: number): Item[] {
    const p = this.p;
    const plen = p.length;
    let i = start;
    while (i < plen) {
      const c = p.charCodeAt(i);
      if (c === 40) { // (
        const n = this.closed.length; // captures started so far
        if (n >= MAXCAPTURES) { this.fail('too many captures'); break; }
        if (p.charCodeAt(i + 1) === 41) {
          this.closed[n] = true;
          this.push(item(OPEN_POS, { n }));
          i += 2;
        } else {
          this.closed[n] = false;
          this.open.push(n);
          this.push(item(OPEN, { n }));
          i++;
        }
        continue;
      }
      if (c === 41) { // )
        const n = this.open.pop();
        if (n === undefined) { this.fail('invalid pattern capture'); break; }
        this.closed[n] = true;
        this.push(item(CLOSE, { n }));
        i++;
        continue;
      }
      if (c === 36 && i + 1 === plen) { // $ at the end
        this.push(item(END));
        i++;
        continue;
      }
      if (c === C_PERCENT) {
        const d = p.charCodeAt(i + 1);
        if (d === 98) { // %bxy
          if (i + 2 >= plen - 1) { this.fail("malformed pattern (missing arguments to '%b')"); break; }
          this.push(item(BALANCE, { a: p.charCodeAt(i + 2), b: p.charCodeAt(i + 3) }));
          i += 4;
          continue;
        }
        if (d === 102) { // %f[set]
          i += 2;
          if (p.charCodeAt(i) !== C_LBRACKET) { this.fail("missing '[' after '%f' in pattern"); break; }
          const ep = this.classEnd(i);
          if (ep < 0) break;
          this.push(item(FRONTIER, { set: this.bracketSet(i, ep - 1) }));
          i = ep;
          continue;
        }
        if (d >= 48 && d <= 57) { // %0-%9 back reference
          const n = d - 49;
          if (n < 0 || n >= this.closed.length || !this.closed[n]) {
            this.fail(`invalid capture index %${n + 1}`);
            break;
          }
          this.push(item(BACKREF, { n }));
          i += 2;
          continue;
        }
      }
      // a single-char class, maybe quantified
      const ep = this.classEnd(i);
      if (ep < 0) break;
      const set = this.singleSet(i, ep);
      const qc = p.charCodeAt(ep);
      const q = qc === 42 ? Q_STAR : qc === 43 ? Q_PLUS : qc === 45 ? Q_MINUS : qc === 63 ? Q_OPT : Q_ONE;
      const litChar = q === Q_ONE ? soleMember(set) : -1;
      if (litChar >= 0) {
        this.lit += String.fromCharCode(litChar);
      } else {
        this.push(item(SINGLE, { set, q }));
      }
      i = q === Q_ONE ? ep : ep + 1;
    }
    this.flushLit();
    return this.items;
  }
}

function soleMember(set: Uint8Array): number {
  let found = -1;
  for (let c = 0; c < 256; c++) {
    if (set[c] === 1) {
      if (found >= 0) return -1;
      found = c;
    }
  }
  return found;
}

/**
 * Chars that must be at position s for the items from `i` on to match at s, or null when
 * that cannot be told (the rest may match empty, or starts with a zero-width item that
 * tests something else). Looks through capture open/close items, which consume nothing.
 */
function follow(items: Item[], i: number): Uint8Array | null {
  for (; i < items.length; i++) {
    const it = items[i];
    switch (it.kind) {
      case OPEN: case OPEN_POS: case CLOSE: continue;
      case LIT: return SINGLES[it.lit.charCodeAt(0)];
      case SINGLE: return it.q === Q_ONE || it.q === Q_PLUS ? it.set : null;
      case BALANCE: return SINGLES[it.a & 255];
      default: return null;
    }
  }
  return null;
}

const cacheAnchored = new Map<string, Pattern>();
const cacheFree = new Map<string, Pattern>();
const CACHE_MAX = 512;

/**
 * Compile (or fetch from the cache) a pattern. With `anchors`, a leading `^` anchors the
 * match (find, match, gsub); without (gmatch) it is an ordinary character.
 */
export function compilePattern(pat: string, anchors: boolean): Pattern {
  const cache = anchors ? cacheAnchored : cacheFree;
  let pt = cache.get(pat);
  if (pt !== undefined) return pt;
  pt = new Pattern();
  const anchor = anchors && pat.charCodeAt(0) === C_CARET;
  pt.anchor = anchor;
  const items = new Compiler(pat).compile(anchor ? 1 : 0);
  pt.items = items;
  for (let i = 0; i < items.length; i++) {
    items[i].next = follow(items, i + 1);
    items[i].nextEnd = i + 1 < items.length && items[i + 1].kind === END;
  }
  pt.first = follow(items, 0);
  let k = 0;
  while (k < items.length && (items[k].kind === OPEN || items[k].kind === OPEN_POS)) k++;
  if (k < items.length && items[k].kind === LIT) pt.firstLit = items[k].lit;
  if (k < items.length && items[k].kind === FRONTIER) pt.frontier = items[k].set;
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(pat, pt);
  return pt;
}

/** True when `p` has none of the characters that make a pattern special (plain find). */
export function noSpecials(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    switch (p.charCodeAt(i)) {
      case 94: case 36: case 42: case 43: case 63: case 46: case 40: case 91: case 37: case 45:
        return false;
    }
  }
  return true;
}

// ---- matching ---------------------------------------------------------------------------

/**
 * Matching state for one subject string and pattern, reusable across calls. A Matcher
 * must not be shared by searches that can be live at the same time (a gsub replacement
 * function may itself call gsub).
 */
export class Matcher {
  src = '';
  len = 0;
  items: Item[] = [];
  pat: Pattern = new Pattern();
  /** captures started in the current match */
  level = 0;
  /** matcher calls left before "pattern too complex" */
  depth = MAXCCALLS;
  /** end of the match `search` found */
  end = 0;
  readonly capStart = new Int32Array(MAXCAPTURES);
  readonly capLen = new Int32Array(MAXCAPTURES);

  constructor(src: string, pat: Pattern) {
    this.reset(src, pat);
  }

  reset(src: string, pat: Pattern): void {
    this.src = src;
    this.len = src.length;
    this.pat = pat;
    this.items = pat.items;
  }

  /** Drop the subject (a pooled matcher should not keep a large string alive). */
  release(): void {
    this.src = '';
    this.len = 0;
  }

  /** Try the whole pattern at s: end of the match, or -1. */
  matchAt(s: number): number {
    this.level = 0;
    this.depth = MAXCCALLS;
    return this.match(s, 0);
  }

  /**
   * The first position >= s where a match may start (a cheap filter on the first char the
   * pattern needs), or -1 when no later position can match.
   */
  candidate(s: number): number {
    const lit = this.pat.firstLit;
    if (lit !== null) return this.src.indexOf(lit, s);
    const first = this.pat.first;
    if (first !== null) {
      const src = this.src, len = this.len;
      while (s < len && first[src.charCodeAt(s)] !== 1) s++;
      return s < len ? s : -1;
    }
    const fr = this.pat.frontier;
    if (fr !== null) return this.nextFrontier(s, fr);
    return s;
  }

  /** The first position >= s where `%f[set]` holds (the end counts as a \0). */
  private nextFrontier(s: number, set: Uint8Array): number {
    const src = this.src, len = this.len;
    let prev = s === 0 ? 0 : src.charCodeAt(s - 1);
    for (; s <= len; s++) {
      const cur = s < len ? src.charCodeAt(s) : 0;
      if (set[cur] === 1 && set[prev] !== 1) return s;
      prev = cur;
    }
    return -1;
  }

  /**
   * Search from `init` (lstrlib's find loop): the start of the first match, with its end in
   * `this.end`, or -1.
   */
  search(init: number): number {
    const len = this.len;
    if (this.pat.anchor) {
      const e = this.matchAt(init);
      if (e < 0) return -1;
      this.end = e;
      return init;
    }
    let s = init;
    while (s <= len) {
      s = this.candidate(s);
      if (s < 0) return -1;
      const e = this.matchAt(s);
      if (e >= 0) {
        this.end = e;
        return s;
      }
      s++;
    }
    return -1;
  }

  private match(s: number, i: number): number {
    if (this.depth-- === 0) rtError('pattern too complex');
    // backtracking can take exponential time (`("a*"):rep(30) .. "b"`): matcher calls count
    // against the execution budget, so a host hard limit stops a runaway match
    if (--budget.left < 0) budget.tick();
    const items = this.items;
    const n = items.length;
    const src = this.src;
    const len = this.len;
    loop: while (i < n) {
      const it = items[i];
      switch (it.kind) {
        case SINGLE: {
          const set = it.set!;
          const m = s < len && set[src.charCodeAt(s)] === 1;
          switch (it.q) {
            case Q_ONE:
              if (!m) { s = -1; break loop; }
              s++; i++;
              continue;
            case Q_OPT:
              if (m) {
                const r = this.match(s + 1, i + 1);
                if (r >= 0) { s = r; break loop; }
              }
              i++;
              continue;
            case Q_STAR:
              s = this.maxExpand(s, it, i);
              break loop;
            case Q_PLUS:
              s = m ? this.maxExpand(s + 1, it, i) : -1;
              break loop;
            default: // Q_MINUS
              s = this.minExpand(s, it, i);
              break loop;
          }
        }
        case LIT:
          if (!src.startsWith(it.lit, s)) { s = -1; break loop; }
          s += it.lit.length; i++;
          continue;
        // Captures are set in place rather than by recursing as lstrlib does: without
        // alternation every successful path runs every item, so a failed attempt's
        // leftovers are always overwritten, and the level at an item is static.
        case OPEN:
        case OPEN_POS:
          this.capStart[it.n] = s;
          this.capLen[it.n] = it.kind === OPEN ? CAP_UNFINISHED : CAP_POSITION;
          this.level = it.n + 1;
          i++;
          continue;
        case CLOSE:
          this.capLen[it.n] = s - this.capStart[it.n];
          i++;
          continue;
        case END:
          if (s !== len) s = -1;
          break loop;
        case BALANCE:
          s = this.matchBalance(s, it.a, it.b);
          if (s < 0) break loop;
          i++;
          continue;
        case FRONTIER: {
          const set = it.set!;
          const prev = s === 0 ? 0 : src.charCodeAt(s - 1);
          const cur = s < len ? src.charCodeAt(s) : 0;
          if (set[prev] === 1 || set[cur] !== 1) { s = -1; break loop; }
          i++;
          continue;
        }
        case BACKREF: {
          const cl = this.capLen[it.n];
          const cs = this.capStart[it.n];
          // a position capture has no text: it never matches (as in C, where its length
          // is a huge unsigned number)
          if (cl < 0 || len - s < cl || !regionEquals(src, cs, s, cl)) { s = -1; break loop; }
          s += cl; i++;
          continue;
        }
        default: // ERROR
          rtError(it.msg);
      }
    }
    this.depth++;
    return s;
  }

  /** `x*` / `x+`: take as many as possible, then back off until the rest matches. */
  private maxExpand(s: number, it: Item, i: number): number {
    const set = it.set!;
    const src = this.src, len = this.len;
    let k = s;
    while (k < len && set[src.charCodeAt(k)] === 1) k++;
    if (i + 1 === this.items.length) return k;
    // `x*$`: only the longest expansion can reach the end
    if (it.nextEnd) return k === len ? k : -1;
    const next = it.next;
    for (; k >= s; k--) {
      // skip positions where the rest cannot even start
      if (next !== null && (k >= len || next[src.charCodeAt(k)] !== 1)) continue;
      const r = this.match(k, i + 1);
      if (r >= 0) return r;
    }
    return -1;
  }

  /** `x-`: take as few as possible. */
  private minExpand(s: number, it: Item, i: number): number {
    const set = it.set!;
    const src = this.src, len = this.len;
    if (i + 1 === this.items.length) return s;
    if (it.nextEnd) {
      while (s < len && set[src.charCodeAt(s)] === 1) s++;
      return s === len ? s : -1;
    }
    const next = it.next;
    for (;;) {
      if (next === null || (s < len && next[src.charCodeAt(s)] === 1)) {
        const r = this.match(s, i + 1);
        if (r >= 0) return r;
      }
      if (s < len && set[src.charCodeAt(s)] === 1) s++;
      else return -1;
    }
  }

  private matchBalance(s: number, open: number, close: number): number {
    const src = this.src, len = this.len;
    if (s >= len || src.charCodeAt(s) !== open) return -1;
    let depth = 1;
    while (++s < len) {
      const c = src.charCodeAt(s);
      if (c === close) {
        if (--depth === 0) return s + 1;
      } else if (c === open) {
        depth++;
      }
    }
    return -1;
  }

  // ---- captures -----------------------------------------------------------------------

  /** Capture i (0-based) of the match [s, e): a string, or a position for `()`. */
  capture(i: number, s: number, e: number): LuaValue {
    if (i >= this.level) {
      if (i !== 0) rtError(`invalid capture index %${i + 1}`);
      return this.src.slice(s, e);
    }
    const l = this.capLen[i];
    const start = this.capStart[i];
    if (l === CAP_UNFINISHED) rtError('unfinished capture');
    if (l === CAP_POSITION) return start + 1;
    return this.src.slice(start, start + l);
  }

  /** All captures as Lua results: one value, or an array for several. */
  captures(s: number, e: number): LuaValue {
    const n = this.level;
    if (n <= 1) return this.capture(0, s, e);
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }

  /** Only the explicit captures (string.find's extra results), appended to `out`. */
  pushCaptures(out: LuaValue[]): LuaValue[] {
    for (let i = 0; i < this.level; i++) out.push(this.capture(i, 0, 0));
    return out;
  }
}

function regionEquals(src: string, a: number, b: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (src.charCodeAt(a + k) !== src.charCodeAt(b + k)) return false;
  return true;
}
