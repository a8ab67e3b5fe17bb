// `process.service`: a supervised process. Starting spawns `process` on `host` with
// `input` as arguments; an error exit is a failure (restart policy), a normal return ends
// the service; stopping cancels the process and terminates it after `stop_timeout`.

import type { Runtime, RtEntry } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import type { Process } from '../kernel/process.js';
import { tostring } from '../lua/runtime/ops.js';
import { toLua } from '../system/convert.js';
import { stopProcesses } from './hosts.js';

export function processService(entry: RtEntry, rt: Runtime): Service {
  const procId = resolveRef(String(entry.data.process ?? ''), entry.id);
  const hostId = resolveRef(String(entry.data.host ?? ''), entry.id);
  const input = Array.isArray(entry.data.input) ? entry.data.input : [];
  let current: Process | undefined;
  return {
    id: entry.id,
    deps: [hostId, procId],
    start(fail, exited) {
      const security = (entry.data.lifecycle as Record<string, unknown> | undefined)?.security;
      const r = rt.spawn(undefined, procId, hostId, input.map(toLua),
        security === undefined ? {} : { securityBlock: { config: security, owner: entry.id } });
      if ('kind' in r) throw new Error(r.message);
      current = r;
      r.ctx.service = entry.id;
      r.onExit((res) => {
        if (res.error !== undefined) fail(tostring(res.error));
        else exited();
      });
    },
    async stop(timeoutMs) {
      const p = current;
      if (p !== undefined && !p.exited) await stopProcesses(rt, (x) => x === p, timeoutMs);
    },
  };
}
