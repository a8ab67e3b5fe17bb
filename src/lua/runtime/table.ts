// The Lua table: an array part for keys 1..n and a Map for every other key.
//
// Invariants (they make `#t`, `ipairs` and numeric loops cheap):
// - arr[i] holds t[i+1]; the last element of arr is never nil (undefined);
//   holes inside arr are allowed and read as nil.
// - the hash never holds the key arr.length+1: setting it appends to arr and pulls the
//   following integer keys over from the hash. So `#t === arr.length` is always a border.
// - keys are never NaN; -0 and 0 are the same key (Map uses SameValueZero).
//
// Traversal order is the array part, then the hash in insertion order. Assigning to an
// existing key (including nil, which deletes) during a traversal keeps `next` stable:
// a Map iterator survives deletions, and the last iterator is cached per table so the
// usual `next(t, k)` loop costs O(1) per step.

import type { LuaValue } from './types.js';

/** the source of every table's `ver` (see LuaTable.ver) */
let versions = 0;

export class LuaTable {
  arr: LuaValue[] = [];
  hash: Map<LuaValue, LuaValue> | undefined = undefined;
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
  // cached traversal state for next()
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
    if (typeof key === 'number') {
      const a = this.arr;
      if (key >= 1 && key <= a.length) {
        const i = key - 1;
        if ((i | 0) === i) return a[i];
      }
    }
    const h = this.hash;
    return h === undefined ? undefined : h.get(key);
  }

  getStr(key: string): LuaValue {
    const h = this.hash;
    return h === undefined ? undefined : h.get(key);
  }

  getInt(key: number): LuaValue {
    const a = this.arr;
    if (key >= 1 && key <= a.length) return a[key - 1];
    const h = this.hash;
    return h === undefined ? undefined : h.get(key);
  }

  /** Raw set. Caller checks `frozen` and NaN/nil keys (see rawset in ops). */
  set(key: LuaValue, value: LuaValue): void {
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
          // deleting a key that cannot be in the hash (invariant) is a no-op
          return;
        }
        a.push(value);
        if (this.hash !== undefined && this.hash.size > 0) this.migrateFromHash();
        return;
      }
    }
    this.ver = ++versions;
    if (value === undefined) {
      if (this.hash !== undefined) this.hash.delete(key);
      return;
    }
    if (this.hash === undefined) this.hash = new Map();
    this.hash.set(key, value);
    this.hadHash = true;
  }

  setStr(key: string, value: LuaValue): void {
    this.ver = ++versions;
    if (value === undefined) {
      if (this.hash !== undefined) this.hash.delete(key);
      return;
    }
    if (this.hash === undefined) this.hash = new Map();
    this.hash.set(key, value);
    this.hadHash = true;
  }

  setInt(key: number, value: LuaValue): void {
    this.set(key, value);
  }

  /** The border `#t` (without __len). */
  length(): number {
    return this.arr.length;
  }

  private trimTail(): void {
    const a = this.arr;
    let n = a.length;
    while (n > 0 && a[n - 1] === undefined) n--;
    a.length = n;
  }

  private migrateFromHash(): void {
    const h = this.hash!;
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
    } else if (typeof key === 'number' && Number.isInteger(key) && key >= 1 && key <= a.length) {
      i = key;
    } else if (typeof key === 'number' && Number.isInteger(key) && key >= 1 &&
               (this.hash === undefined || !this.hash.has(key)) && this.iterKey !== key) {
      // an array key that was removed from the tail during traversal: the rest is the hash
      i = a.length;
    } else {
      return this.nextInHash(key);
    }
    for (; i < a.length; i++) {
      const v = a[i];
      if (v !== undefined) return [i + 1, v];
    }
    return this.firstInHash();
  }

  private firstInHash(): [LuaValue, LuaValue] | undefined {
    const h = this.hash;
    if (h === undefined || h.size === 0) {
      this.iter = undefined;
      return undefined;
    }
    const it = h.entries();
    this.iter = it;
    return this.advance(it);
  }

  private nextInHash(key: LuaValue): [LuaValue, LuaValue] | undefined {
    const h = this.hash;
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
    return n + (this.hash === undefined ? 0 : this.hash.size);
  }
}
