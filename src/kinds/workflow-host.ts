// `workflow.host`: where workflow.lua entries run durably. Its store is an embedded SQLite
// file, `.wippy/workflows.db` under the app folder unless the entry says otherwise:
//
//   - name: workflows
//     kind: workflow.host
//     store: { type: sqlite, file: .wippy/workflows.db }   # optional; relative to the app
//     poll_interval: 200ms                                  # optional: CLI signals/cancels
//
// Starting the host resumes every unfinished run (see workflow/engine.ts); stopping it ends
// the runs' processes without recording anything, so they resume at the next start.

import { isAbsolute, join } from 'node:path';
import type { Runtime, RtEntry } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import { parseDurationMs } from '../system/duration.js';
import { WorkflowEngine } from '../workflow/engine.js';
import { SqliteStore } from '../workflow/sqlite-store.js';
import { workflowEngines } from '../workflow/hosts.js';
import type { WorkflowStore } from '../workflow/store.js';

export const DEFAULT_STORE_FILE = '.wippy/workflows.db';

/** The SQLite file of a workflow.host entry. */
export function storeFileOf(entry: RtEntry, root: string): string {
  const store = entry.data.store as Record<string, unknown> | string | undefined;
  let file: string = DEFAULT_STORE_FILE;
  if (typeof store === 'string' && store !== '') file = store;
  else if (store !== undefined && typeof store === 'object') {
    const type = store.type ?? 'sqlite';
    if (type !== 'sqlite') throw new Error(`${entry.id}: store type '${String(type)}' is not supported yet (sqlite only)`);
    if (typeof store.file === 'string' && store.file !== '') file = store.file;
  }
  return file === ':memory:' || isAbsolute(file) ? file : join(root, file);
}

export function openStore(entry: RtEntry, root: string): WorkflowStore {
  return new SqliteStore(storeFileOf(entry, root));
}

export function workflowHostService(entry: RtEntry, rt: Runtime, root: string): Service {
  let engine: WorkflowEngine | undefined;
  return {
    id: entry.id,
    deps: [],
    start() {
      const store = openStore(entry, root);
      engine = new WorkflowEngine(rt, {
        hostId: entry.id, store, log: rt.log, pollMs: parseDurationMs(entry.data.poll_interval, 200),
      });
      rt.hosts.set(entry.id, { id: entry.id, kind: entry.kind });
      workflowEngines(rt).set(entry.id, engine);
      engine.start();
    },
    stop() {
      const e = engine;
      engine = undefined;
      if (e === undefined) return;
      e.stop();
      workflowEngines(rt).delete(entry.id);
      rt.hosts.delete(entry.id);
      e.store.close();
    },
  };
}
