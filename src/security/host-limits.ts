// Process hosts as a security boundary (workflows-cluster.md §3.6). A host may list the
// modules its processes can be granted:
//
//   - name: sandbox
//     kind: process.host
//     host: { allowed_modules: [json, time] }
//
// A process spawned there whose entry asks for another module is refused, `require` of such
// a module fails inside it (libraries it imports included), and a registry change that
// would run a service with such a process on the host is rejected. A host without the list
// allows every module (the reference has no such limit, so apps keep working unchanged).

import { qualify } from './service.js';
import type { GuardEntry } from './registry-guard.js';

export const HOST_KINDS: ReadonlySet<string> = new Set(['process.host', 'terminal.host']);

/** The host's module allow-list, or undefined for no limit. */
export function allowedModulesOf(host: { data: Record<string, unknown> }): string[] | undefined {
  const h = host.data.host as Record<string, unknown> | undefined;
  const list = h?.allowed_modules;
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Modules of `modules` that the allow-list does not contain. */
export function modulesOutside(modules: unknown, allowed: readonly string[]): string[] {
  return (Array.isArray(modules) ? modules : []).filter((m): m is string => typeof m === 'string' && !allowed.includes(m));
}

export interface HostProblem {
  entry: string;
  message: string;
}

/**
 * Services whose process would get modules their host forbids, plus malformed allow-lists.
 * With `touched`, only problems involving a touched entry (service, host or process) count.
 */
export function hostLimitProblems(entries: Iterable<GuardEntry>, touched?: ReadonlySet<string>): HostProblem[] {
  const byId = new Map<string, GuardEntry>();
  for (const e of entries) byId.set(e.id, e);
  const problems: HostProblem[] = [];
  for (const e of byId.values()) {
    if (HOST_KINDS.has(e.kind)) {
      const h = e.data.host as Record<string, unknown> | undefined;
      const list = h?.allowed_modules;
      if (list !== undefined && !(Array.isArray(list) && list.every((x) => typeof x === 'string'))) {
        if (touched === undefined || touched.has(e.id)) problems.push({ entry: e.id, message: 'host.allowed_modules must be a list of module names' });
      }
      continue;
    }
    if (e.kind !== 'process.service') continue;
    const hostId = qualify(String(e.data.host ?? ''), e.id);
    const procId = qualify(String(e.data.process ?? ''), e.id);
    const host = byId.get(hostId), proc = byId.get(procId);
    if (host === undefined || proc === undefined) continue;
    const allowed = allowedModulesOf(host);
    if (allowed === undefined) continue;
    if (touched !== undefined && !touched.has(e.id) && !touched.has(hostId) && !touched.has(procId)) continue;
    const outside = modulesOutside(proc.data.modules, allowed);
    if (outside.length > 0) {
      problems.push({ entry: e.id, message: `process ${procId} is granted ${outside.join(', ')}, which host ${hostId} does not allow (host.allowed_modules: ${allowed.join(', ') || 'none'})` });
    }
  }
  return problems;
}
