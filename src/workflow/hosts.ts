// The running workflow hosts of a runtime (workflow.host entries), for the `workflow`
// module and process.spawn to find the engine of a host.

import type { Runtime } from '../system/runtime.js';
import type { WorkflowEngine } from './engine.js';

const byRuntime = new WeakMap<Runtime, Map<string, WorkflowEngine>>();

export function workflowEngines(rt: Runtime): Map<string, WorkflowEngine> {
  let m = byRuntime.get(rt);
  if (m === undefined) {
    m = new Map();
    byRuntime.set(rt, m);
  }
  return m;
}

/** The engine of `host`, or the only one when host is undefined. */
export function engineFor(rt: Runtime, host: string | undefined): WorkflowEngine | string {
  const m = workflowEngines(rt);
  if (host !== undefined) return m.get(host) ?? `workflow host '${host}' not found or not running`;
  if (m.size === 1) return [...m.values()][0];
  if (m.size === 0) return 'no workflow.host is running';
  return `several workflow hosts are running (${[...m.keys()].join(', ')}): name one with host`;
}

/** The engine whose store holds run `id` (live runs first). */
export function engineOfRun(rt: Runtime, id: string): WorkflowEngine | undefined {
  const m = workflowEngines(rt);
  for (const e of m.values()) if (e.live.has(id)) return e;
  for (const e of m.values()) if (e.store.getRun(id) !== undefined) return e;
  return undefined;
}
