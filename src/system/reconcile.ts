// Reconciling an applied registry change with what runs: services whose entry (or whose
// process code) changed are restarted with the new definition, removed ones stop, new
// auto-start ones start. Functions need nothing here: their pools are emptied by the
// runtime and the next call compiles the new source.

import type { Change } from '../registry/delta.js';
import type { Entry } from '../registry/entry.js';
import type { Runtime } from './runtime.js';
import { resolveRef } from './runtime.js';
import { policyOf, type Service, type Supervisor } from './supervisor.js';
import type { Log } from './log.js';

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
    const touched = new Set<string>();
    for (const c of changes) {
      const id = c.entry.id;
      if (this.sup.has(id)) touched.add(id);
      if (c.op !== 'delete' && this.serviceOf(c.entry, this.rt) !== undefined) touched.add(id);
    }
    // services running changed process code are restarted too
    for (const e of this.rt.entries.all()) {
      if (e.kind !== 'process.service' || !this.sup.has(e.id)) continue;
      const proc = resolveRef(String(e.data.process ?? ''), e.id);
      if (changedIds.has(proc)) touched.add(e.id);
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
}
