// Wiring durable workflows into a runtime (called by boot): the `workflow` module and the
// spawn path of workflow.lua
// entries (process.spawn(entry, workflow_host, ...) starts a run on that host's engine).

import { KIND } from '../modules/errors.js';
import { createWorkflowModule } from '../modules/workflow.js';
import type { Runtime } from '../system/runtime.js';
import { workflowEngines } from './hosts.js';

export function installWorkflows(rt: Runtime, root: string): void {
  rt.modules.define('workflow', () => createWorkflowModule(rt));
  rt.workflows = {
    spawn(parent, entry, host, args, opts) {
      if (entry.kind !== 'workflow.lua') return { kind: KIND.INVALID, message: `${host} is a workflow.host: it runs workflow.lua entries, not ${entry.kind}` };
      const engine = workflowEngines(rt).get(host);
      if (engine === undefined) {
        const kind = rt.hosts.get(host)?.kind;
        return { kind: KIND.NOT_FOUND, message: kind === undefined ? `host '${host}' not found or not running` : `host '${host}' is a ${kind}: workflow.lua entries run on a workflow.host` };
      }
      return engine.spawn(parent, entry, args, opts);
    },
  };
}
