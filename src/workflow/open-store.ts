// Opening the store a StoreSpec names (store-config.ts).

import { PgStore } from './pg-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { StoreSpec } from './store-config.js';
import type { WorkflowStore } from './store.js';

export function openStoreOf(spec: StoreSpec): WorkflowStore {
  return spec.type === 'postgres' ? new PgStore(spec.config) : new SqliteStore(spec.file);
}
