// The Lua table: an array part for keys 1..n, a null-prototype object for string keys,
// and a Map for every other key.
//
// Invariants (they make `#t`, `ipairs` and numeric loops cheap):
// - arr[i] holds t[i+1]; the last element of arr is never nil (undefined);
//   holes inside arr are allowed and read as nil.
// - `others` never holds the key arr.length+1: setting it appends to arr and pulls the
//   following integer keys over from `others`. So `#t === arr.length` is always a border.
// - keys are never NaN; -0 and 0 are the same key (Map uses SameValueZero).
// - `strs` has no prototype, so no key (`__proto__`, `constructor`, `toString`) reaches
//   anything but the table's own fields; a table without string keys shares the frozen
//   NO_STRS, so reads need no check and only setStr allocates. Assigning nil leaves the
//   property holding undefined (a `delete` costs a runtime call, ~20x a store); such dead
//   names are dropped by rebuilding the store once they outnumber the live ones. (A
//   dictionary-mode object looks a string up about twice as fast as a Map, and compiled
//   code reads it in place: `t.strs[k]`.)
// - `names` lists every name in `strs` (live or dead) once, in insertion order: traversal
//   walks it, as Object.keys on a large dictionary sorts its keys on every call.
//
// Traversal order is the array part, then the string keys, then the other keys. Assigning
// to an existing key (including nil, which deletes) during a traversal keeps `next` stable:
// a deleted name stays in `names` until a rebuild, and a rebuild makes a new `names`
// array, so a traversal keeps walking the one it started on (reading values from the
// current store); a Map iterator survives deletions. Both positions are cached per table
// so the usual `next(t, k)` loop costs O(1) per step.

import type { LuaValue } from './types.js';

/** the source of every table's `ver` (see LuaTable.ver) */
let versions = 0;

type StrStore = Record<string, LuaValue>;

/** `strs` of every table that never held a string key: empty, and frozen so a write that
 * skipped setStr fails loudly instead of filling every table at once */
const NO_STRS: StrStore = Object.freeze(Object.create(null) as StrStore);

export class LuaTable {
  arr: LuaValue[] = [];
  /** string keys (a nil value is a dead name); NO_STRS until the first one is set */
  strs: StrStore = NO_STRS;
  /** keys that are neither strings nor in the array part */
  others: Map<LuaValue, LuaValue> | undefined = undefined;
  mt: LuaTable | undefined = undefined;
  /** read-only tables (library tables shared by every process) refuse writes */
  frozen = false;
  /**
   * Globals only: the shared, read-only base environment consulted when a global is not
   * set in this table. Gives each process its own `_G` for the price of an empty table.
   */
  fallback: LuaTable | undefined = undefined;
  /** true once the hash part held a non-sequence key; JSON uses it to tell {} from [] */
  hadHash = false;
  /**
   * Renewed by every write to the hash part, from one counter for all tables, so a `ver`
   * names one table in one state: compiled code caches a global's value, or a field of a
   * global module table, per site and trusts it while the table's `ver` is the one it saw.
   */
  ver = ++versions;
  /** number of live (non-nil) string keys, and of dead names still in `strs` */
  private nstrs = 0;
  private ndead = 0;
  /** every name in `strs`, in insertion order (see above) */
  private names: string[] | undefined = undefined;
  // cached traversal state for next(): the names array walked and the position in it ...
  private walked: string[] | undefined = undefined;
  private strPos = 0;
  // ... and the iterator over `others`
  private iter: Iterator<[LuaValue, LuaValue]> | undefined = undefined;
  private iterKey: LuaValue = undefined;

  constructor(arr?: LuaValue[]) {
    if (arr !== undefined) {
      this.arr = arr;
      // keep the invariant: no trailing nils
      let n = arr.length;
      while (n > 0 && arr[n - 1] === undefined) n--;
      if (n !== arr.length) arr.length = n;
    }
  }

  get(key: LuaValue): LuaValue {
    if (typeof key === 'string') return this.strs[key];
    if (typeof key === 'number') {
      const a = this.arr;
      if (key >= 1 && key <= a.length) {
        const i = key - 1;
        if ((i | 0) === i) return a[i];
      }
    }
    const h = this.others;
    return h === undefined ? undefined : h.get(key);
  }

  getStr(key: string): LuaValue {
    return this.strs[key];
  }

  getInt(key: number): LuaValue {
    const a = this.arr;
    if (key >= 1 && key <= a.length) return a[key - 1];
    const h = this.others;
    return h === undefined ? undefined : h.get(key);
  }

  /** Raw set. Caller checks `frozen` and NaN/nil keys (see rawset in ops). */
  set(key: LuaValue, value: LuaValue): void {
    if (typeof key === 'string') {
      this.setStr(key, value);
      return;
    }
    if (typeof key === 'number') {
      const a = this.arr;
      const n = a.length;
      if (key >= 1 && key <= n + 1 && Number.isInteger(key)) {
        if (key <= n) {
          a[key - 1] = value;
          if (value === undefined && key === n) this.trimTail();
          return;
        }
        // key === n + 1: append
        if (value === undefined) {
          // deleting a key that cannot be in `others` (invariant) is a no-op
          return;
        }
        a.push(value);
        if (this.others !== undefined && this.others.size > 0) this.migrateFromOthers();
        return;
      }
    }
    this.ver = ++versions;
    if (value === undefined) {
      if (this.others !== undefined) this.others.delete(key);
      return;
    }
    if (this.others === undefined) this.others = new Map();
    this.others.set(key, value);
    this.hadHash = true;
  }

  setStr(key: string, value: LuaValue): void {
    this.ver = ++versions;
    let s = this.strs;
    if (value === undefined) {
      if (s[key] !== undefined) {
        s[key] = undefined;
        this.nstrs--;
        if (++this.ndead > this.nstrs + 16) this.dropDead();
      }
      return;
    }
    if (s[key] === undefined) {
      if (s === NO_STRS) {
        s = this.strs = Object.create(null) as StrStore;
        this.names = [key];
      } else if (this.ndead > 0 && key in s) {
        this.ndead--;
      } else {
        this.names!.push(key);
      }
      this.nstrs++;
      this.hadHash = true;
    }
    s[key] = value;
  }

  /** A fresh store and names list with the live keys only (a traversal keeps walking the
   * old list: it holds names, and every value is read from the current store). */
  private dropDead(): void {
    const old = this.strs;
    const s = Object.create(null) as StrStore;
    const names: string[] = [];
    for (const k of this.names!) {
      const v = old[k];
      if (v !== undefined) {
        s[k] = v;
        names.push(k);
      }
    }
    this.strs = s;
    this.names = names;
    this.ndead = 0;
  }

  setInt(key: number, value: LuaValue): void {
    this.set(key, value);
  }

  /** The border `#t` (without __len). */
  length(): number {
    return this.arr.length;
  }

  /** Number of keys outside the array part. */
  hashSize(): number {
    return this.nstrs + (this.others === undefined ? 0 : this.others.size);
  }

  /**
   * Calls `fn` for every key outside the array part with its value, in traversal order
   * (string keys, then the others), until `fn` returns true. Host code reads tables
   * through this, never through the stores themselves.
   */
  forEachHash(fn: (key: LuaValue, value: LuaValue) => boolean | void): void {
    if (this.nstrs > 0) {
      const s = this.strs;
      for (const k of this.names!) {
        const v = s[k];
        if (v !== undefined && fn(k, v) === true) return;
      }
    }
    if (this.others !== undefined) {
      for (const [k, v] of this.others) if (fn(k, v) === true) return;
    }
  }

  private trimTail(): void {
    const a = this.arr;
    let n = a.length;
    while (n > 0 && a[n - 1] === undefined) n--;
    a.length = n;
  }

  private migrateFromOthers(): void {
    const h = this.others!;
    const a = this.arr;
    let next = a.length + 1;
    let v = h.get(next);
    while (v !== undefined) {
      a.push(v);
      h.delete(next);
      next++;
      v = h.get(next);
    }
  }

  /**
   * Lua's `next`: returns the key after `key` (undefined key = first) and its value,
   * or undefined when the traversal is over. Throws a plain Error('invalid key to next')
   * for a key that is not in the table.
   */
  next(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const a = this.arr;
    let i: number;
    if (key === undefined) {
      i = 0;
    } else if (typeof key === 'string') {
      return this.nextStr(key);
    } else if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= a.length) {
      i = key;
    } else if (typeof key === 'number' && Number.isInteger(key) && key >= 1 &&
               (this.others === undefined || !this.others.has(key)) && this.iterKey !== key) {
      // an array key that was removed from the tail during traversal: the rest is the hash
      i = a.length;
    } else {
      return this.nextOther(key);
    }
    for (; i < a.length; i++) {
      const v = a[i];
      if (v !== undefined) return [i + 1, v];
    }
    return this.strsFrom(this.names, 0);
  }

  /** The first live string key at position `p` or later of `ks` (the names walked),
   * else the other keys. */
  private strsFrom(ks: string[] | undefined, p: number): [LuaValue, LuaValue] | undefined {
    if (ks !== undefined) {
      const s = this.strs;
      for (; p < ks.length; p++) {
        const k = ks[p];
        const v = s[k];
        if (v !== undefined) {
          this.walked = ks;
          this.strPos = p;
          return [k, v];
        }
      }
    }
    this.walked = undefined; // past the string keys: keep no old names list alive
    return this.firstOther();
  }

  private nextStr(key: string): [LuaValue, LuaValue] | undefined {
    const ks = this.walked;
    if (ks !== undefined && ks[this.strPos] === key) return this.strsFrom(ks, this.strPos + 1);
    // slow path: a traversal resumed from an arbitrary key (or two traversals interleaved)
    const names = this.names;
    const p = names === undefined ? -1 : names.indexOf(key);
    if (p < 0) throw new Error("invalid key to 'next'");
    return this.strsFrom(names, p + 1);
  }

  private firstOther(): [LuaValue, LuaValue] | undefined {
    const h = this.others;
    if (h === undefined || h.size === 0) {
      this.iter = undefined;
      return undefined;
    }
    const it = h.entries();
    this.iter = it;
    return this.advance(it);
  }

  private nextOther(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const h = this.others;
    if (this.iter !== undefined && this.iterKey === key) return this.advance(this.iter);
    if (h === undefined) throw new Error("invalid key to 'next'");
    // slow path: a traversal resumed from an arbitrary key
    const it = h.entries();
    for (;;) {
      const r = it.next();
      if (r.done) throw new Error("invalid key to 'next'");
      if (r.value[0] === key || (key !== key && r.value[0] !== r.value[0])) break;
    }
    this.iter = it;
    return this.advance(it);
  }

  private advance(it: Iterator<[LuaValue, LuaValue]>): [LuaValue, LuaValue] | undefined {
    for (;;) {
      const r = it.next();
      if (r.done) {
        this.iter = undefined;
        this.iterKey = undefined;
        return undefined;
      }
      if (r.value[1] !== undefined) {
        this.iterKey = r.value[0];
        return r.value;
      }
    }
  }

  /** Number of non-nil entries (for tooling and JSON; O(n) over the array part). */
  count(): number {
    let n = 0;
    for (const v of this.arr) if (v !== undefined) n++;
    return n + this.hashSize();
  }
}
