// Queue entries as supervised services: a driver opens (and closes on stop), a queue is
// declared (an unknown codec or a missing driver fails its start), and a consumer runs
// handlers for deliveries (src/queue/consumer.ts).

import type { RtEntry, Runtime } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import { queues } from '../queue/manager.js';
import { Consumer, consumerConfig } from '../queue/consumer.js';

export function queueService(entry: RtEntry, rt: Runtime): Service | undefined {
  if (entry.kind.startsWith('queue.driver.')) {
    const db = entry.data.database;
    return {
      id: entry.id,
      // a SQL driver starts after its database (and the database's migrations)
      deps: typeof db === 'string' && db !== '' ? [resolveRef(db, entry.id)] : [],
      start() { queues(rt).driver(entry.id); },
      async stop() { await queues(rt).closeDriver(entry.id); },
    };
  }
  if (entry.kind === 'queue.queue') {
    return {
      id: entry.id,
      deps: [resolveRef(String(entry.data.driver ?? ''), entry.id)],
      start() {
        const q = queues(rt).queue(entry.id);
        queues(rt).driver(q.driverId);
      },
      stop() {},
    };
  }
  if (entry.kind === 'queue.consumer') {
    const cfg = consumerConfig(entry);
    let consumer: Consumer | undefined;
    return {
      id: entry.id,
      deps: [cfg.queue],
      start() {
        consumer = new Consumer(rt, entry.id, cfg);
        consumer.start();
      },
      async stop(timeoutMs) {
        await consumer?.stop(timeoutMs);
        consumer = undefined;
      },
    };
  }
  return undefined;
}
