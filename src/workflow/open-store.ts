// Opening the store a StoreSpec names (store-config.ts).

import { PgStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { StoreSpec } from './store-config.js';
import type { WorkflowStore } from './store.js';

export function openStoreOf(spec: StoreSpec): WorkflowStore {
  if (spec.type === 'postgres') return new PgStore(spec.config, { durability: spec.durability ?? 'batched' });
  return new SqliteStore(spec.file, { syncIntervalMs: spec.durability === 'full' ? undefined : spec.syncIntervalMs });
}
