// The `table` library: Lua 5.4 semantics for insert/remove/concat/sort/unpack/pack/move,
// plus the reference VM's extras (getn, maxn, create, freeze, isfrozen).
//
// insert, remove, concat and sort use raw access, like Lua 5.1 (5.3+ go through __index
// and __newindex). unpack and move, which scripts meet as 5.2+ functions, honour
// metamethods as Lua 5.4 does when the table has a metatable (proxies are their main use),
// and stay raw and fast otherwise. (The global `unpack` of the base library is 5.1's.)
//
// Hot functions take positional parameters and look at `arguments.length` only to tell a
// missing argument from an explicit nil, so the common call allocates nothing.

import { LuaTable } from '../runtime/table.js';
import { LuaError, rtError } from '../runtime/errors.js';
import { budget, callable, first, index, len, lt, metaOf, rawset, setindex } from '../runtime/ops.js';
import { EMPTY, type LuaFunction, type LuaValue } from '../runtime/types.js';
import { numberToString, type } from '../runtime/values.js';
import { argError, checkInt, checkTable, makeLib, optInt, optString, typeError } from './args.js';
import { MAX_STRING_SIZE } from './string.js';

/** Lua 5.4 refuses to unpack more values than its stack can hold (LUAI_MAXSTACK). */
const MAX_UNPACK = 1e6;

/** The arguments object as an array, for the (rare) error and coercion paths. */
function argv(a: IArguments): LuaValue[] {
  return Array.prototype.slice.call(a);
}

function writable(t: LuaTable): LuaTable {
  if (t.frozen) rtError('attempt to modify a read-only table');
  return t;
}

function tableArg(t: LuaValue, a: IArguments, fname: string): LuaTable {
  return t instanceof LuaTable ? t : checkTable(argv(a), 0, fname);
}

/** An integer argument at 0-based position i (5.1 style: floats truncate). */
function intArg(v: LuaValue, a: IArguments, i: number, fname: string): number {
  return typeof v === 'number' && Number.isInteger(v) ? v : checkInt(argv(a), i, fname);
}

/** Drop trailing nils so the array part keeps its invariant (last element non-nil). */
function trimTail(arr: LuaValue[]): void {
  let n = arr.length;
  while (n > 0 && arr[n - 1] === undefined) n--;
  arr.length = n;
}

// ---- insert / remove ------------------------------------------------------------------

function insert(t: LuaValue, pos?: LuaValue, v?: LuaValue): LuaValue[] {
  const tbl = writable(tableArg(t, arguments, 'insert'));
  const e = tbl.arr.length + 1; // first empty slot
  switch (arguments.length) {
    case 2:
      tbl.set(e, pos);
      return EMPTY;
    case 3: {
      const p = intArg(pos, arguments, 1, 'insert');
      // the unsigned comparison of lua 5.4: 1 <= p <= e
      if (p < 1 || p > e) argError(2, 'insert', 'position out of bounds');
      if (p === e) {
        tbl.set(e, v);
        return EMPTY;
      }
      // Shift with a native splice, then re-append the last element through set() so the
      // table pulls any following integer keys over from the hash part.
      const a = tbl.arr;
      a.splice(p - 1, 0, v);
      const last = a.pop();
      tbl.set(e, last);
      return EMPTY;
    }
    default:
      return rtError("wrong number of arguments to 'insert'");
  }
}

function remove(t: LuaValue, pos?: LuaValue): LuaValue {
  const tbl = writable(tableArg(t, arguments, 'remove'));
  const a = tbl.arr;
  const size = a.length;
  if (arguments.length < 2 || pos === undefined) {
    if (size === 0) return removeOutside(tbl, 0);
    const v = a.pop();
    trimTail(a);
    return v;
  }
  const p = intArg(pos, arguments, 1, 'remove');
  // Lua 5.4.4 reports this check against argument #1 (a quirk of that release); we match
  // the installed interpreter's wording.
  if (p !== size && (p < 1 || p > size + 1)) argError(1, 'remove', 'position out of bounds');
  if (p >= 1 && p <= size) {
    const v = a[p - 1];
    a.splice(p - 1, 1);
    trimTail(a);
    return v;
  }
  return removeOutside(tbl, p);
}

/** remove(t, #t + 1) and remove(t) on an empty table: read and clear t[pos] (5.4). */
function removeOutside(t: LuaTable, pos: number): LuaValue {
  const v = t.get(pos);
  if (v !== undefined) t.set(pos, undefined);
  return v;
}

// ---- concat ---------------------------------------------------------------------------

function concat(t: LuaValue, sep?: LuaValue, i?: LuaValue, j?: LuaValue): string {
  const tbl = tableArg(t, arguments, 'concat');
  const s = typeof sep === 'string' ? sep : optString(argv(arguments), 1, 'concat', '');
  const first = i === undefined ? 1 : intArg(i, arguments, 2, 'concat');
  const last = j === undefined ? tbl.arr.length : intArg(j, arguments, 3, 'concat');
  if (first > last) return '';
  const parts: string[] = [];
  const a = tbl.arr;
  let size = 0; // bytes so far, separators included: the result is bounded like string.rep's
  // `k >= last` ends the loop (not `k <= last` in the header): beyond 2^53 `k++` leaves k
  // unchanged, and concat(t, s, math.maxinteger, math.maxinteger) must not loop forever
  for (let k = first; ; k++) {
    const v = k >= 1 && k <= a.length ? a[k - 1] : tbl.get(k);
    if (typeof v === 'string') parts.push(v);
    else if (typeof v === 'number') parts.push(numberToString(v));
    else rtError(`invalid value (${type(v)}) at index ${numberToString(k)} in table for 'concat'`);
    size += parts[parts.length - 1].length + s.length;
    if (size > MAX_STRING_SIZE + s.length) rtError('resulting string too large');
    if (k >= last) break;
  }
  return parts.join(s);
}

// ---- unpack / pack ----------------------------------------------------------------------

/** `#t` honouring __len (luaL_len): the result must be an integer. */
function lenOf(t: LuaTable): number {
  if (t.mt === undefined || t.mt.getStr('__len') === undefined) return t.arr.length;
  const n = len(t);
  if (typeof n !== 'number' || !Number.isInteger(n)) rtError('object length is not an integer');
  return n;
}

function unpack(t: LuaValue, i?: LuaValue, j?: LuaValue): LuaValue[] {
  const tbl = tableArg(t, arguments, 'unpack');
  const a = tbl.arr;
  const lo = i === undefined ? 1 : intArg(i, arguments, 1, 'unpack');
  const hi = j === undefined ? lenOf(tbl) : intArg(j, arguments, 2, 'unpack');
  if (lo > hi) return [];
  // n values must fit in Lua's stack of LUAI_MAXSTACK (1e6) slots, so 1e6 values are too many
  if (hi - lo + 1 >= MAX_UNPACK) rtError('too many results to unpack');
  const meta = tbl.mt !== undefined;
  if (!meta && lo >= 1 && hi <= a.length) return a.slice(lo - 1, hi);
  const out: LuaValue[] = new Array(hi - lo + 1);
  // counted by position: beyond 2^53 `k++` would not advance (unpack(t, maxinteger, maxinteger))
  for (let n = 0; n < out.length; n++) out[n] = meta ? index(tbl, lo + n) : tbl.get(lo + n);
  return out;
}

function pack(...args: LuaValue[]): LuaTable {
  const n = args.length;
  const t = new LuaTable(args); // the rest array is ours: no copy needed
  t.setStr('n', n);
  return t;
}

// ---- sort -------------------------------------------------------------------------------
//
// A port of Lua 5.4's quicksort (ltablib.c auxsort/partition). Using the same algorithm
// rather than Array.prototype.sort matters for three things scripts can observe:
// the order of elements that compare equal (quicksort is not stable), the exact
// "invalid order function for sorting" error on inconsistent comparators, and the
// sequence of comparator calls. Values are copied out of the array part, sorted in a
// plain JS array and written back.

type Less = (a: LuaValue, b: LuaValue) => boolean;

const RANLIMIT = 100;

function sortError(): never {
  return rtError('invalid order function for sorting');
}

/** Lua's pivot randomisation for badly unbalanced partitions (l_randomizePivot). */
function randomizePivot(): number {
  return (Date.now() ^ (Math.random() * 0x100000000)) >>> 0;
}

function choosePivot(lo: number, up: number, rnd: number): number {
  const r4 = Math.floor((up - lo) / 4);
  return (rnd % (r4 * 2)) + (lo + r4);
}

/** Partition a[lo..up] around the pivot stored at a[up - 1]; returns its final index. */
function partition(a: LuaValue[], lo: number, up: number, less: Less): number {
  let i = lo;
  let j = up - 1;
  const P = a[up - 1];
  for (;;) {
    while (less(a[++i], P)) {
      if (i === up - 1) sortError(); // a[i] < P but a[up - 1] == P
    }
    while (less(P, a[--j])) {
      if (j < i) sortError(); // j < i but a[j] > P
    }
    if (j < i) {
      const t = a[up - 1]; a[up - 1] = a[i]; a[i] = t;
      return i;
    }
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
}

function auxsort(a: LuaValue[], lo: number, up: number, rnd: number, less: Less): void {
  while (lo < up) {
    // sort a[lo], a[p], a[up]
    if (less(a[up], a[lo])) { const t = a[lo]; a[lo] = a[up]; a[up] = t; }
    if (up - lo === 1) break;
    let p = up - lo < RANLIMIT || rnd === 0 ? Math.floor((lo + up) / 2) : choosePivot(lo, up, rnd);
    if (less(a[p], a[lo])) {
      const t = a[p]; a[p] = a[lo]; a[lo] = t;
    } else if (less(a[up], a[p])) {
      const t = a[p]; a[p] = a[up]; a[up] = t;
    }
    if (up - lo === 2) break;
    // move the pivot to a[up - 1]
    { const t = a[p]; a[p] = a[up - 1]; a[up - 1] = t; }
    p = partition(a, lo, up, less);
    let n: number;
    // recurse into the smaller half, loop on the larger one
    if (p - lo < up - p) {
      auxsort(a, lo, p - 1, rnd, less);
      n = p - lo;
      lo = p + 1;
    } else {
      auxsort(a, p + 1, up, rnd, less);
      n = up - p;
      up = p - 1;
    }
    if ((up - lo) / 128 > n) rnd = randomizePivot();
  }
}

function comparatorLess(cmp: LuaValue): Less {
  const fn: LuaFunction = callable(cmp, undefined);
  return (x, y) => {
    const r = fn(x, y);
    const v = typeof r === 'object' ? first(r) : r;
    return v !== undefined && v !== false;
  };
}

/** Values whose order needs no metamethods or type errors: all strings, or all numbers
 * without NaN and -0 (equal ones are identical, so any correct sort gives Lua's result
 * and the native Float64Array sort can be used for numbers). */
function nativeOrder(vals: LuaValue[]): 'string' | 'number' | undefined {
  const n = vals.length;
  const t0 = typeof vals[0];
  if (t0 === 'string') {
    for (let i = 1; i < n; i++) if (typeof vals[i] !== 'string') return undefined;
    return 'string';
  }
  if (t0 === 'number') {
    for (let i = 0; i < n; i++) {
      const v = vals[i];
      if (typeof v !== 'number' || v !== v || (v === 0 && 1 / v < 0)) return undefined;
    }
    return 'number';
  }
  return undefined;
}

const lessString: Less = (x: string, y: string) => x < y;

/**
 * Lua's `<` for the default order. A type error carries no position: in Lua it is raised
 * inside the C function sort, which has no line, not at the script's call site.
 */
function defaultLess(a: LuaValue, b: LuaValue): boolean {
  const ta = typeof a, tb = typeof b;
  if ((ta === 'number' && tb === 'number') || (ta === 'string' && tb === 'string')) return a < b;
  if (metaOf(a, '__lt') !== undefined || metaOf(b, '__lt') !== undefined) return lt(a, b);
  const t1 = type(a), t2 = type(b);
  throw new LuaError(t1 === t2 ? `attempt to compare two ${t1} values` : `attempt to compare ${t1} with ${t2}`);
}

function sortValues(vals: LuaValue[], cmp: LuaValue): void {
  if (cmp === undefined) {
    const kind = nativeOrder(vals);
    if (kind === 'number') {
      const f = Float64Array.from(vals as number[]).sort();
      for (let i = 0; i < vals.length; i++) vals[i] = f[i];
      return;
    }
    if (kind === 'string') {
      // byte strings: UTF-16 code unit order is byte order (strcmp in the C locale).
      // The quicksort with an inlined `<` beats Array#sort with a comparator by ~5x.
      auxsort(vals, 0, vals.length - 1, 0, lessString);
      return;
    }
    auxsort(vals, 0, vals.length - 1, 0, defaultLess);
    return;
  }
  auxsort(vals, 0, vals.length - 1, 0, comparatorLess(cmp));
}

function sort(t: LuaValue, cmp?: LuaValue): LuaValue[] {
  const tbl = writable(tableArg(t, arguments, 'sort'));
  if (cmp !== undefined && typeof cmp !== 'function') typeError(2, 'sort', 'function', cmp);
  const n = tbl.arr.length;
  if (n < 2) return EMPTY;
  const vals = tbl.arr.slice();
  sortValues(vals, cmp);
  writeBack(tbl, vals);
  return EMPTY;
}

function writeBack(t: LuaTable, vals: LuaValue[]): void {
  const a = t.arr;
  if (a.length === vals.length) {
    // the comparator did not resize the table: copy in place
    for (let i = 0; i < vals.length; i++) a[i] = vals[i];
    trimTail(a);
    return;
  }
  for (let i = 0; i < vals.length; i++) t.set(i + 1, vals[i]);
}

// ---- move -------------------------------------------------------------------------------

const MAXINT = 9223372036854775807; // 2^63 as a double
const MAXINT_EXACT = 9223372036854775807n; // math.maxinteger of Lua 5.4

function move(a1: LuaValue, f: LuaValue, e: LuaValue, t: LuaValue, a2?: LuaValue): LuaTable {
  const args = argv(arguments);
  const src = checkTable(args, 0, 'move');
  const from = checkInt(args, 1, 'move');
  const end = checkInt(args, 2, 'move');
  const to = checkInt(args, 3, 'move');
  const dst = a2 === undefined ? src : checkTable(args, 4, 'move');
  if (end >= from) {
    // the bounds checks in exact integers: in doubles MAXINT + from is 0 for from = minint,
    // and move({}, minint, -1, 1) would start copying 2^63 elements instead of failing
    if (!(from > 0 || BigInt(end) < MAXINT_EXACT + BigInt(from))) argError(3, 'move', 'too many elements to move');
    const n = end - from + 1;
    if (BigInt(to) > MAXINT_EXACT - (BigInt(end) - BigInt(from) + 1n) + 1n) argError(4, 'move', 'destination wrap around');
    const get = src.mt === undefined ? (k: number) => src.get(k) : (k: number) => index(src, k);
    const put = dst.mt === undefined ? (k: number, v: LuaValue) => rawset(dst, k, v) : (k: number, v: LuaValue) => setindex(dst, k, v);
    // n may be 2^53: the loops count against the execution budget like Lua loops, so a
    // host hard limit stops them
    if (to > end || to <= from || dst !== src) {
      for (let i = 0; i < n; i++) { put(to + i, get(from + i)); if (--budget.left < 0) budget.tick(); }
    } else {
      // overlapping ranges inside one table, moving up: copy backwards
      for (let i = n - 1; i >= 0; i--) { put(to + i, get(from + i)); if (--budget.left < 0) budget.tick(); }
    }
  }
  return dst;
}

// ---- reference extras -----------------------------------------------------------------

function getn(t: LuaValue): number {
  return tableArg(t, arguments, 'getn').arr.length;
}

/** Largest positive numeric key (5.1's table.maxn), 0 if none. */
function maxn(t: LuaValue): number {
  const tbl = tableArg(t, arguments, 'maxn');
  let max = tbl.arr.length;
  tbl.forEachHash((k) => {
    if (typeof k === 'number' && k > max) max = k;
  });
  return max;
}

/** create(narr, nhash): a preallocation hint in the reference; here just a new table. */
function create(narr?: LuaValue, nhash?: LuaValue): LuaTable {
  const args = argv(arguments);
  checkInt(args, 0, 'create');
  optInt(args, 1, 'create', 0);
  return new LuaTable();
}

function freeze(t: LuaValue): LuaTable {
  const tbl = tableArg(t, arguments, 'freeze');
  tbl.frozen = true;
  return tbl;
}

function isfrozen(t: LuaValue): boolean {
  return tableArg(t, arguments, 'isfrozen').frozen;
}

export function createTableLib(): LuaTable {
  return makeLib({
    insert, remove, concat, sort, unpack, pack, move,
    getn, maxn, create, freeze, isfrozen,
  });
}
