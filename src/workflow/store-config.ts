// Which store a `workflow.host` entry uses:
//
//   store: .wippy/workflows.db                     a SQLite file (relative to the app)
//   store: { type: sqlite, file: ... }             the same, spelled out
//   store: app:db                                  a db.sql.postgres entry (shared by nodes)
//                                                  or a db.sql.sqlite entry (its file)
//   store: { type: postgres, database: app:db }    the same, spelled out
//
// A bare entry name resolves in the host's namespace. Nothing is opened here, so the CLI
// and the runtime agree on the store without starting anything.
//
//   durability: batched | full    (default batched; see sqlite-store.ts and pg-store.ts)
//   sync_interval: 20ms           batched SQLite: how often the WAL is fsynced

import { isAbsolute, join } from 'node:path';
import type pg from 'pg';
import { pgConfigOf } from './pg-config.js';
import { parseDurationMs } from '../system/duration.js';

export const DEFAULT_STORE_FILE = '.wippy/workflows.db';

export type Durability = 'batched' | 'full';

export type StoreSpec =
  | { type: 'sqlite'; file: string; durability?: Durability; syncIntervalMs?: number }
  | { type: 'postgres'; entry: string; config: pg.PoolConfig; durability?: Durability };

export const DEFAULT_SYNC_INTERVAL_MS = 20;

export class StoreConfigError extends Error {}

interface EntryLike {
  id: string;
  kind: string;
  data: Record<string, unknown>;
}

function fileSpec(file: string, root: string): StoreSpec {
  return { type: 'sqlite', file: file === ':memory:' || isAbsolute(file) ? file : join(root, file) };
}

function entryRef(host: EntryLike, ref: string, lookup: (id: string) => EntryLike | undefined): EntryLike | undefined {
  if (ref.includes(':')) return lookup(ref);
  const ns = host.id.slice(0, host.id.indexOf(':'));
  return lookup(`${ns}:${ref}`);
}

function databaseSpec(host: EntryLike, db: EntryLike, root: string): StoreSpec {
  if (db.kind === 'db.sql.postgres') {
    try {
      return { type: 'postgres', entry: db.id, config: pgConfigOf(db.id, db.data) };
    } catch (e) {
      throw new StoreConfigError(`${host.id}: store ${(e as Error).message}`);
    }
  }
  if (db.kind === 'db.sql.sqlite' && typeof db.data.file === 'string') return fileSpec(db.data.file, root);
  throw new StoreConfigError(`${host.id}: store '${db.id}' is a ${db.kind}; a workflow store is a db.sql.postgres or db.sql.sqlite entry`);
}

export function storeSpecOf(host: EntryLike, root: string, lookup: (id: string) => EntryLike | undefined): StoreSpec {
  const spec = storeOf(host, root, lookup);
  const d = host.data.durability ?? 'batched';
  if (d !== 'batched' && d !== 'full') throw new StoreConfigError(`${host.id}: durability must be batched or full, not '${String(d)}'`);
  spec.durability = d;
  if (spec.type === 'sqlite' && d === 'batched') {
    let ms: number;
    try {
      ms = parseDurationMs(host.data.sync_interval, DEFAULT_SYNC_INTERVAL_MS);
    } catch (e) {
      throw new StoreConfigError(`${host.id}: sync_interval: ${(e as Error).message}`);
    }
    if (ms <= 0) throw new StoreConfigError(`${host.id}: sync_interval must be a positive duration (durability: full syncs every commit)`);
    spec.syncIntervalMs = ms;
  }
  return spec;
}

function storeOf(host: EntryLike, root: string, lookup: (id: string) => EntryLike | undefined): StoreSpec {
  const store = host.data.store as Record<string, unknown> | string | undefined;
  if (store === undefined || store === null || store === '') return fileSpec(DEFAULT_STORE_FILE, root);
  if (typeof store === 'string') {
    const db = entryRef(host, store, lookup);
    return db !== undefined ? databaseSpec(host, db, root) : fileSpec(store, root);
  }
  if (typeof store !== 'object') throw new StoreConfigError(`${host.id}: store must be a file, an entry id or a map`);
  const type = store.type ?? 'sqlite';
  if (type === 'sqlite') return fileSpec(typeof store.file === 'string' && store.file !== '' ? store.file : DEFAULT_STORE_FILE, root);
  if (type === 'postgres') {
    const ref = store.database;
    if (typeof ref !== 'string' || ref === '') throw new StoreConfigError(`${host.id}: store of type postgres needs database: <a db.sql.postgres entry id>`);
    const db = entryRef(host, ref, lookup);
    if (db === undefined) throw new StoreConfigError(`${host.id}: store database '${ref}' is not an entry of this app`);
    if (db.kind !== 'db.sql.postgres') throw new StoreConfigError(`${host.id}: store database '${ref}' is a ${db.kind}, not a db.sql.postgres`);
    return databaseSpec(host, db, root);
  }
  throw new StoreConfigError(`${host.id}: store type '${String(type)}' is not supported (sqlite or postgres)`);
}
