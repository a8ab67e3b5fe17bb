// `workflow.host`: where workflow.lua entries run durably. Its store is an embedded SQLite
// file (one node), or a db.sql.postgres entry that several `wippy run` nodes share:
//
//   - name: workflows
//     kind: workflow.host
//     store: app:db                 # optional; default .wippy/workflows.db (store-config.ts)
//     poll_interval: 200ms          # optional: signals/cancels written by other processes
//     lease: 6s                     # shared store: a silent node's runs move after this
//     heartbeat_interval: 2s        # shared store: lease renewal (default lease / 3)
//     takeover_interval: 1s         # shared store: how often to look for orphaned runs
//
// Starting the host resumes every unfinished run it may own (see workflow/engine.ts);
// stopping it ends the runs' processes without recording anything, so they resume at the
// next start — on a shared store, on whichever node takes them first.

import type { Runtime, RtEntry } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import { parseDurationMs } from '../system/duration.js';
import { WorkflowEngine, type LeaseOptions } from '../workflow/engine.js';
import { workflowEngines } from '../workflow/hosts.js';
import { storeSpecOf } from '../workflow/store-config.js';
import { openStoreOf } from '../workflow/open-store.js';
import type { WorkflowStore } from '../workflow/store.js';

export function openStore(entry: RtEntry, root: string, rt: Runtime): WorkflowStore {
  return openStoreOf(storeSpecOf(entry, root, (id) => rt.entries.get(id)));
}

export function leaseOptionsOf(entry: RtEntry): LeaseOptions {
  const ttlMs = parseDurationMs(entry.data.lease, 6000);
  if (ttlMs <= 0) throw new Error(`${entry.id}: lease must be a positive duration`);
  const heartbeatMs = parseDurationMs(entry.data.heartbeat_interval, Math.max(1, Math.floor(ttlMs / 3)));
  if (heartbeatMs <= 0 || heartbeatMs >= ttlMs) throw new Error(`${entry.id}: heartbeat_interval must be shorter than lease`);
  const takeoverMs = parseDurationMs(entry.data.takeover_interval, Math.min(1000, heartbeatMs));
  if (takeoverMs <= 0) throw new Error(`${entry.id}: takeover_interval must be a positive duration`);
  return { ttlMs, heartbeatMs, takeoverMs };
}

export function workflowHostService(entry: RtEntry, rt: Runtime, root: string): Service {
  let engine: WorkflowEngine | undefined;
  return {
    id: entry.id,
    deps: [],
    start() {
      const lease = leaseOptionsOf(entry);
      const store = openStore(entry, root, rt);
      engine = new WorkflowEngine(rt, {
        hostId: entry.id, store, log: rt.log, pollMs: parseDurationMs(entry.data.poll_interval, 200), lease,
      });
      rt.hosts.set(entry.id, { id: entry.id, kind: entry.kind });
      workflowEngines(rt).set(entry.id, engine);
      try {
        engine.start();
      } catch (e) {
        workflowEngines(rt).delete(entry.id);
        rt.hosts.delete(entry.id);
        store.close();
        engine = undefined;
        throw e;
      }
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
