// Reconciling an applied registry change with what runs: services whose entry (or whose
// process code) changed are restarted with the new definition, removed ones stop, new
// auto-start ones start. Functions need nothing here: their pools are emptied by the
// runtime and the next call compiles the new source.
//
// Services that asked to be upgradable are not restarted when only their code changed:
// - a process that opted in with `process.set_options{upgradable = true}` has been sent
//   OUTDATED (runtime.entriesChanged) and upgrades itself, carrying its own state;
// - a service entry with `meta.upgradable: true` is upgraded in place here: the new code
//   starts in the same process (PID, mailbox, names, monitors and links kept) with the
//   service's `input`. A change of the service's `process` or `input` is applied the same
//   way; a change of its host or lifecycle still restarts it.

import { isDeepStrictEqual } from 'node:util';
import type { Change } from '../registry/delta.js';
import type { Entry } from '../registry/entry.js';
import type { Runtime, RtEntry } from './runtime.js';
import { resolveRef } from './runtime.js';
import { policyOf, type Service, type Supervisor } from './supervisor.js';
import type { Log } from './log.js';
import type { Process } from '../kernel/process.js';
import { codeDependencies } from './outdated.js';
import { toLua } from './convert.js';

export type ServiceFactory = (e: Entry, rt: Runtime) => Service | undefined;

export class Reconciler {
  private queue: Promise<void> = Promise.resolve();

  constructor(private rt: Runtime, private sup: Supervisor, private serviceOf: ServiceFactory, private log: Log) {}

  /** Changes are reconciled one changeset at a time, in order. */
  apply(changes: readonly Change[]): Promise<void> {
    this.queue = this.queue.then(() => this.run(changes)).catch((e) => {
      this.log.log('error', 'reconciling a registry change failed', { error: String(e) });
    });
    return this.queue;
  }

  private async run(changes: readonly Change[]): Promise<void> {
    const changedIds = new Set(changes.map((c) => c.entry.id));
    const byId = new Map(changes.map((c) => [c.entry.id, c]));
    const touched = new Set<string>();
    for (const c of changes) {
      const id = c.entry.id;
      if (this.upgradeInPlace(c)) continue;
      if (this.sup.has(id)) touched.add(id);
      if (c.op !== 'delete' && this.serviceOf(c.entry, this.rt) !== undefined) touched.add(id);
    }
    // services running changed process code (or a library it imports) are restarted too,
    // unless they upgrade in place
    for (const e of this.rt.entries.all()) {
      if (e.kind !== 'process.service' || !this.sup.has(e.id) || byId.has(e.id)) continue;
      const proc = resolveRef(String(e.data.process ?? ''), e.id);
      const deps = codeDependencies(this.rt.entries, proc);
      if (![...changedIds].some((id) => deps.has(id))) continue;
      const p = this.runningProcess(e.id);
      if (p !== undefined && p.upgradable) {
        this.log.log('info', 'service code changed; the process was sent OUTDATED', { service: e.id, pid: p.pid });
        continue;
      }
      if (p !== undefined && e.meta.upgradable === true) {
        this.rt.upgradeProcess(p, proc, inputOf(e));
        continue;
      }
      touched.add(e.id);
    }
    for (const id of touched) {
      await this.sup.remove(id);
      const e = this.rt.entries.get(id) as Entry | undefined;
      if (e === undefined) {
        this.log.log('info', 'service removed', { service: id });
        continue;
      }
      const svc = this.serviceOf(e, this.rt);
      const lifecycle = e.data.lifecycle as Record<string, unknown> | undefined;
      if (svc === undefined || (lifecycle?.auto_start !== true && !e.kind.endsWith('.host'))) continue;
      await this.sup.addLive(svc, policyOf(lifecycle));
    }
  }

  /**
   * An updated `process.service` with `meta.upgradable: true` whose change is only its
   * process, input or meta: swap the code of its running process. True when done.
   */
  private upgradeInPlace(c: Change): boolean {
    const e = c.entry, old = c.original;
    if (c.op !== 'update' || old === undefined || e.kind !== 'process.service' || old.kind !== e.kind) return false;
    if (e.meta.upgradable !== true || !this.sup.has(e.id)) return false;
    const { process: _p1, input: _i1, ...rest } = e.data;
    const { process: _p2, input: _i2, ...oldRest } = old.data;
    if (!isDeepStrictEqual(rest, oldRest)) return false;
    const p = this.runningProcess(e.id);
    if (p === undefined) return false;
    this.rt.upgradeProcess(p, resolveRef(String(e.data.process ?? ''), e.id), inputOf(e));
    const svc = this.serviceOf(e as Entry, this.rt);
    if (svc !== undefined) this.sup.redefine(e.id, svc);
    return true;
  }

  /** The live process of a service (process.service tags it with ctx.service). */
  private runningProcess(serviceId: string): Process | undefined {
    for (const p of this.rt.node.processes.values()) if (p.ctx.service === serviceId && !p.exited) return p;
    return undefined;
  }
}

function inputOf(e: RtEntry): ReturnType<typeof toLua>[] {
  return (Array.isArray(e.data.input) ? e.data.input : []).map(toLua);
}
