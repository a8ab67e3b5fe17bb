// `store.sql`: keys in an existing table of a `db.sql.*` database (services spec §3.1):
// key VARCHAR primary key, value BLOB/BYTEA (codec.ts), expires_at BIGINT Unix seconds or
// NULL. Names are checked against an identifier pattern before they reach SQL; keys and
// values are always bound. No conditional writes (put with conditions is INVALID).

import type { LuaValue } from '../lua/runtime/types.js';
import { KIND } from '../modules/errors.js';
import { then, type Maybe } from '../sql/lua-async.js';
import { SqlError, type Database, type Row } from '../sql/types.js';
import { decodeValue, encodeValue } from './codec.js';
import type { KvStore, ListOptions, ListResult, PutOptions, StoreEntry } from './types.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

export interface SqlStoreConfig {
  table: string;
  key: string;
  value: string;
  expires: string;
  cleanupMs: number;
}

export function checkIdentifiers(id: string, c: SqlStoreConfig): void {
  for (const [field, v] of [['table_name', c.table], ['id_column_name', c.key], ['payload_column_name', c.value], ['expire_column_name', c.expires]]) {
    if (!IDENT.test(v)) throw new Error(`${id}: ${field} ${JSON.stringify(v)} is not a valid SQL identifier`);
  }
}

const nowSec = () => Math.floor(Date.now() / 1000);

export class SqlStore implements KvStore {
  readonly backend = 'sql' as const;
  readonly conditional = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private q: { get: string; upsert: string; del: string; has: string; sweep: string; list: string };

  constructor(private db: () => Database, c: SqlStoreConfig) {
    const { table: t, key: k, value: v, expires: e } = c;
    const live = `(${e} IS NULL OR ${e} > ?)`;
    this.q = {
      get: `SELECT ${v} AS v FROM ${t} WHERE ${k} = ? AND ${live}`,
      upsert: `INSERT INTO ${t} (${k}, ${v}, ${e}) VALUES (?, ?, ?) ON CONFLICT (${k}) DO UPDATE SET ${v} = excluded.${v}, ${e} = excluded.${e}`,
      del: `DELETE FROM ${t} WHERE ${k} = ?`,
      has: `SELECT ${e} AS e FROM ${t} WHERE ${k} = ? AND ${live}`,
      sweep: `DELETE FROM ${t} WHERE ${e} IS NOT NULL AND ${e} <= ?`,
      list: `SELECT ${k} AS k, ${v} AS v FROM ${t} WHERE ${live} AND ${k} > ? AND substr(${k}, 1, ?) = ? ORDER BY ${k} LIMIT ?`,
    };
    if (c.cleanupMs > 0) {
      this.timer = setInterval(() => {
        try { void Promise.resolve(this.db().execute(this.q.sweep, [nowSec()])).catch(() => {}); } catch { /* database gone: next tick */ }
      }, c.cleanupMs);
      this.timer.unref();
    }
  }

  get(key: string): Maybe<StoreEntry | undefined> {
    return then(this.db().query(this.q.get, [key, nowSec()]), (rows) => rows.length === 0 ? undefined : { key, value: decode(rows[0].v), version: '' });
  }

  set(key: string, value: LuaValue, ttlSeconds: number): Maybe<void> {
    const exp = ttlSeconds > 0 ? nowSec() + Math.ceil(ttlSeconds) : null;
    return then(this.db().execute(this.q.upsert, [key, encodeValue(value), exp]), () => undefined);
  }

  has(key: string): Maybe<boolean> {
    return then(this.db().query(this.q.has, [key, nowSec()]), (rows) => rows.length > 0);
  }

  delete(key: string): Maybe<boolean> {
    // an expired row is removed too, but reported as not having existed
    return then(this.has(key), (existed) => then(this.db().execute(this.q.del, [key]), () => existed)) as Maybe<boolean>;
  }

  put(key: string, value: LuaValue, opts: PutOptions): Maybe<StoreEntry> {
    if (opts.onlyIfAbsent || opts.ifVersion !== undefined) {
      throw new SqlError(KIND.INVALID, 'store.sql does not support conditional writes (only_if_absent, if_version)');
    }
    return then(this.set(key, value, opts.ttl ?? 0), () => ({ key, value, version: '' }));
  }

  list(opts: ListOptions): Maybe<ListResult> {
    const prefix = opts.prefix ?? '';
    return then(this.db().query(this.q.list, [nowSec(), opts.after ?? '', prefix.length, prefix, opts.limit + 1]), (rows: Row[]) => {
      const hasMore = rows.length > opts.limit;
      const items = rows.slice(0, opts.limit).map((r) => ({ key: String(r.k), value: decode(r.v), version: '' }));
      return { items, cursor: items.length > 0 ? items[items.length - 1].key : undefined, hasMore };
    });
  }

  close(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }
}

function decode(v: unknown): LuaValue {
  if (Buffer.isBuffer(v)) return decodeValue(v);
  if (typeof v === 'string') return decodeValue(Buffer.from(v, 'utf8'));
  throw new SqlError(KIND.INTERNAL, 'stored value is not bytes');
}
