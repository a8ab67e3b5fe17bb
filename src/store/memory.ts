// `store.memory`: a Map in this process. Values are deep copies, so no table is shared
// between the processes that set and get it. Expired keys read as missing and are swept
// every `cleanup_interval` (and before a new key is refused for lack of room).

import type { LuaValue } from '../lua/runtime/types.js';
import { copyValue } from '../kernel/copy.js';
import { KIND } from '../modules/errors.js';
import { SqlError } from '../sql/types.js';
import { checkStorable } from './codec.js';
import type { KvStore, ListOptions, ListResult, PutOptions, StoreEntry } from './types.js';

interface Slot {
  value: LuaValue;
  expiresAt: number; // ms since epoch; 0 = never
  version: number;
}

export class MemoryStore implements KvStore {
  readonly backend = 'memory' as const;
  readonly conditional = true;
  private data = new Map<string, Slot>();
  private versions = 0;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private maxSize: number, cleanupMs: number, private now: () => number = Date.now) {
    if (cleanupMs > 0) {
      this.timer = setInterval(() => this.sweep(), cleanupMs);
      this.timer.unref();
    }
  }

  private live(key: string): Slot | undefined {
    const s = this.data.get(key);
    if (s === undefined) return undefined;
    if (s.expiresAt !== 0 && s.expiresAt <= this.now()) {
      this.data.delete(key);
      return undefined;
    }
    return s;
  }

  sweep(): void {
    const t = this.now();
    for (const [k, s] of this.data) if (s.expiresAt !== 0 && s.expiresAt <= t) this.data.delete(k);
  }

  private entry(key: string, s: Slot): StoreEntry {
    return { key, value: copyValue(s.value), version: String(s.version) };
  }

  private write(key: string, value: LuaValue, ttlSeconds: number): Slot {
    // the same values as the durable backends, so code moves between them unchanged
    checkStorable(value);
    if (!this.data.has(key) && this.data.size >= this.maxSize) {
      this.sweep();
      if (this.data.size >= this.maxSize) throw new SqlError(KIND.INVALID, `store is full (max_size ${this.maxSize})`);
    }
    const slot = { value: copyValue(value), expiresAt: ttlSeconds > 0 ? this.now() + ttlSeconds * 1000 : 0, version: ++this.versions };
    this.data.set(key, slot);
    return slot;
  }

  get(key: string): StoreEntry | undefined {
    const s = this.live(key);
    return s === undefined ? undefined : this.entry(key, s);
  }

  set(key: string, value: LuaValue, ttlSeconds: number): void {
    this.write(key, value, ttlSeconds);
  }

  has(key: string): boolean {
    return this.live(key) !== undefined;
  }

  delete(key: string): boolean {
    const existed = this.live(key) !== undefined;
    this.data.delete(key);
    return existed;
  }

  put(key: string, value: LuaValue, opts: PutOptions): StoreEntry {
    const cur = this.live(key);
    if (opts.onlyIfAbsent && cur !== undefined) throw new SqlError(KIND.ALREADY_EXISTS, `key '${key}' already exists`, false);
    if (opts.ifVersion !== undefined && (cur === undefined || String(cur.version) !== opts.ifVersion)) {
      throw new SqlError(KIND.CONFLICT, `key '${key}' version mismatch`, true);
    }
    return this.entry(key, this.write(key, value, opts.ttl ?? 0));
  }

  list(opts: ListOptions): ListResult {
    const keys = [...this.data.keys()].filter((k) => (opts.prefix === undefined || k.startsWith(opts.prefix)) && (opts.after === undefined || k > opts.after)).sort();
    const items: StoreEntry[] = [];
    let i = 0;
    for (; i < keys.length && items.length < opts.limit; i++) {
      const s = this.live(keys[i]);
      if (s !== undefined) items.push(this.entry(keys[i], s));
    }
    const hasMore = keys.slice(i).some((k) => this.live(k) !== undefined);
    return { items, cursor: items.length > 0 ? items[items.length - 1].key : undefined, hasMore };
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.data.clear();
  }
}
