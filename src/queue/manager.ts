// The queue drivers and queues of one runtime. A driver opens on first use from its entry
// (placeholders resolved); a `queue.queue` entry names its driver, external name, codec,
// length limit and dead-letter policy. Changed entries take effect on next use.

import type { Runtime } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';
import { resolvePlaceholders, type EnvLookup } from '../system/placeholders.js';
import { parseDurationMs } from '../system/duration.js';
import { KIND } from '../modules/errors.js';
import { SqlError } from '../sql/types.js';
import { databases } from '../sql/manager.js';
import { MemoryDriver } from './memory.js';
import { SqlDriver } from './sql.js';
import type { QueueDriver } from './types.js';

export const DRIVER_KINDS = new Set(['queue.driver.memory', 'queue.driver.sql']);
export const CODECS = new Set(['json/plain', 'json', 'application/json']);

export interface QueueDecl {
  id: string;
  driverId: string;
  name: string;
  codec: string;
  maxLength: number;
  deadLetter: { queue: string; maxAttempts: number } | undefined;
}

export class QueueManager {
  private drivers = new Map<string, { key: string; driver: QueueDriver }>();

  constructor(private rt: Runtime) {}

  private data(id: string): Record<string, unknown> {
    const e = this.rt.entries.get(id);
    try {
      return resolvePlaceholders(e?.data ?? {}, this.rt.env as EnvLookup | undefined, '');
    } catch (err) {
      throw new SqlError(KIND.INVALID, `${id}: ${(err as Error).message}`);
    }
  }

  /** The declaration of queue entry `id`; throws NOT_FOUND / INVALID. */
  queue(id: string): QueueDecl {
    const e = this.rt.entries.get(id);
    if (e === undefined) throw new SqlError(KIND.NOT_FOUND, `queue '${id}' not found`);
    if (e.kind !== 'queue.queue') throw new SqlError(KIND.INVALID, `entry '${id}' is a ${e.kind}, not a queue.queue`);
    const d = this.data(id);
    if (typeof d.driver !== 'string' || d.driver === '') throw new SqlError(KIND.INVALID, `${id}: queue.queue needs 'driver'`);
    const codec = typeof d.codec === 'string' ? d.codec : 'json/plain';
    if (!CODECS.has(codec)) throw new SqlError(KIND.INVALID, `${id}: codec '${codec}' is not supported (json/plain)`);
    const opts = (d.driver_options ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const max = Number(opts.memory?.max_length ?? 1000);
    const dl = (d.dead_letter ?? undefined) as Record<string, unknown> | undefined;
    const dlQueue = typeof dl?.queue === 'string' && dl.queue !== '' ? resolveRef(dl.queue, id) : undefined;
    return {
      id,
      driverId: resolveRef(d.driver, id),
      name: typeof d.queue_name === 'string' && d.queue_name !== '' ? d.queue_name : id.slice(id.indexOf(':') + 1),
      codec,
      maxLength: Number.isFinite(max) ? max : 1000,
      deadLetter: dlQueue === undefined ? undefined : { queue: dlQueue, maxAttempts: Number(dl?.max_attempts ?? 0) || 0 },
    };
  }

  driver(id: string): QueueDriver {
    const e = this.rt.entries.get(id);
    if (e === undefined) throw new SqlError(KIND.NOT_FOUND, `queue driver '${id}' not found`);
    if (!DRIVER_KINDS.has(e.kind)) throw new SqlError(KIND.INVALID, `${e.kind} is not a queue driver this runtime has (queue.driver.memory, queue.driver.sql)`);
    const d = this.data(id);
    const key = JSON.stringify([e.kind, d]);
    const cur = this.drivers.get(id);
    if (cur !== undefined && cur.key === key) return cur.driver;
    let driver: QueueDriver;
    if (e.kind === 'queue.driver.memory') driver = new MemoryDriver();
    else {
      if (typeof d.database !== 'string' || d.database === '') throw new SqlError(KIND.INVALID, `${id}: queue.driver.sql needs 'database'`);
      const dbId = resolveRef(d.database, id);
      driver = new SqlDriver(() => databases(this.rt).get(dbId), {
        table: typeof d.table === 'string' ? d.table : 'wippy_queue',
        pollMs: parseDurationMs(d.poll_interval, 1000),
        visibilityMs: parseDurationMs(d.visibility_timeout, 300_000),
      });
    }
    if (cur !== undefined) void cur.driver.close();
    this.drivers.set(id, { key, driver });
    return driver;
  }

  async closeDriver(id: string): Promise<void> {
    const cur = this.drivers.get(id);
    if (cur === undefined) return;
    this.drivers.delete(id);
    await cur.driver.close();
  }
}

const managers = new WeakMap<Runtime, QueueManager>();

export function queues(rt: Runtime): QueueManager {
  let m = managers.get(rt);
  if (m === undefined) {
    m = new QueueManager(rt);
    managers.set(rt, m);
  }
  return m;
}
