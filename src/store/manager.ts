// The stores of one runtime, by entry id, opened on first use from the entry's data
// (placeholders resolved). A changed entry opens a new store on next use: a memory store
// starts empty then, a SQL store simply uses its new table or database.

import type { Runtime } from '../system/runtime.js';
import { resolvePlaceholders, type EnvLookup } from '../system/placeholders.js';
import { parseDurationMs } from '../system/duration.js';
import { resolveRef } from '../system/runtime.js';
import { KIND } from '../modules/errors.js';
import { SqlError } from '../sql/types.js';
import { databases } from '../sql/manager.js';
import { MemoryStore } from './memory.js';
import { SqlStore, checkIdentifiers } from './sql.js';
import type { KvStore } from './types.js';

export const STORE_KINDS = new Set(['store.memory', 'store.sql']);

export class StoreManager {
  private open = new Map<string, { key: string; store: KvStore }>();

  constructor(private rt: Runtime) {}

  get(id: string): KvStore {
    const entry = this.rt.entries.get(id);
    if (entry === undefined) throw new SqlError(KIND.NOT_FOUND, `store '${id}' not found`);
    if (!entry.kind.startsWith('store.')) throw new SqlError(KIND.INVALID, `entry '${id}' is a ${entry.kind}, not a store`);
    if (!STORE_KINDS.has(entry.kind)) throw new SqlError(KIND.INVALID, `${entry.kind} is not supported by this runtime (store.memory, store.sql)`);
    let data: Record<string, unknown>;
    try {
      data = resolvePlaceholders(entry.data, this.rt.env as EnvLookup | undefined, '');
    } catch (e) {
      throw new SqlError(KIND.INVALID, `${id}: ${(e as Error).message}`);
    }
    const key = JSON.stringify([entry.kind, data]);
    const cur = this.open.get(id);
    if (cur !== undefined && cur.key === key) return cur.store;
    const store = this.make(id, entry.kind, data);
    cur?.store.close();
    this.open.set(id, { key, store });
    return store;
  }

  private make(id: string, kind: string, d: Record<string, unknown>): KvStore {
    try {
      if (kind === 'store.memory') {
        const max = Number(d.max_size ?? 0);
        return new MemoryStore(Number.isFinite(max) && max > 0 ? max : 10000, parseDurationMs(d.cleanup_interval, 300_000));
      }
      const dbRef = d.database;
      if (typeof dbRef !== 'string' || dbRef === '') throw new Error(`${id}: store.sql needs 'database' (a db.sql.* entry id)`);
      const table = d.table_name ?? d.table;
      if (typeof table !== 'string' || table === '') throw new Error(`${id}: store.sql needs 'table_name'`);
      const cfg = {
        table,
        key: String(d.id_column_name ?? 'key'),
        value: String(d.payload_column_name ?? 'value'),
        expires: String(d.expire_column_name ?? 'expires_at'),
        cleanupMs: parseDurationMs(d.cleanup_interval, 0),
      };
      checkIdentifiers(id, cfg);
      const dbId = resolveRef(dbRef, id);
      return new SqlStore(() => databases(this.rt).get(dbId), cfg);
    } catch (e) {
      if (e instanceof SqlError) throw e;
      throw new SqlError(KIND.INVALID, (e as Error).message);
    }
  }

  closeAll(): void {
    for (const { store } of this.open.values()) store.close();
    this.open.clear();
  }
}

const managers = new WeakMap<Runtime, StoreManager>();

export function stores(rt: Runtime): StoreManager {
  let m = managers.get(rt);
  if (m === undefined) {
    m = new StoreManager(rt);
    managers.set(rt, m);
  }
  return m;
}
