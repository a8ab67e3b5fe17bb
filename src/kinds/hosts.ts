// `process.host` and `terminal.host`: places processes run. All hosts share the node's
// scheduler (one JS thread); a host is the unit of spawning, naming (PIDs) and shutdown.

import type { Runtime, RtEntry } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import { EVENT } from '../kernel/process.js';
import { KIND, makeError } from '../modules/errors.js';
import { allowedModulesOf } from '../security/host-limits.js';

export function hostService(entry: RtEntry, rt: Runtime): Service {
  return {
    id: entry.id,
    deps: [],
    start() {
      rt.hosts.set(entry.id, { id: entry.id, kind: entry.kind, terminal: entry.kind === 'terminal.host', allowedModules: allowedModulesOf(entry) });
    },
    async stop(timeoutMs) {
      await stopProcesses(rt, (p) => p.host === entry.id, timeoutMs);
      rt.hosts.delete(entry.id);
    },
  };
}

/** Send CANCEL to matching processes, wait for them, then terminate what is left. */
export async function stopProcesses(rt: Runtime, match: (p: import('../kernel/process.js').Process) => boolean,
                                    timeoutMs: number): Promise<void> {
  const procs = [...rt.node.processes.values()].filter(match);
  if (procs.length === 0) return;
  const all = Promise.all(procs.map((p) => new Promise<void>((res) => p.onExit(() => res()))));
  for (const p of procs) {
    p.deliverEvent(rt.node.hooks.makeEvent({ kind: EVENT.CANCEL, from: '', reason: 'shutdown', at: Date.now() / 1000 }));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([all, new Promise<void>((res) => { timer = setTimeout(res, timeoutMs); })]);
  clearTimeout(timer);
  for (const p of procs) if (!p.exited) p.exit({ error: makeError(KIND.CANCELED, 'terminated after stop timeout') });
}
