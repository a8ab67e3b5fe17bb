// What a key-value store backend offers the `store` module (services spec §3).

import type { LuaValue } from '../lua/runtime/types.js';
import type { Maybe } from '../sql/lua-async.js';

export interface StoreEntry {
  key: string;
  value: LuaValue;
  version: string;
}

export interface PutOptions {
  ttl?: number;
  onlyIfAbsent?: boolean;
  ifVersion?: string;
}

export interface ListOptions {
  prefix?: string;
  after?: string;
  limit: number;
}

export interface ListResult {
  items: StoreEntry[];
  cursor: string | undefined;
  hasMore: boolean;
}

export interface KvStore {
  readonly backend: 'memory' | 'sql';
  readonly conditional: boolean;
  get(key: string): Maybe<StoreEntry | undefined>;
  set(key: string, value: LuaValue, ttlSeconds: number): Maybe<void>;
  has(key: string): Maybe<boolean>;
  delete(key: string): Maybe<boolean>;
  put(key: string, value: LuaValue, opts: PutOptions): Maybe<StoreEntry>;
  list(opts: ListOptions): Maybe<ListResult>;
  close(): void;
}
