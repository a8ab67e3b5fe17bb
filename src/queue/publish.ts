// Publishing to a `queue.queue` entry: encode with the queue's codec and hand the bytes to
// its driver. Used by `queue.publish` and by consumers moving a message to a dead-letter queue.

import type { Runtime } from '../system/runtime.js';
import type { Maybe } from '../sql/lua-async.js';
import { queues } from './manager.js';
import type { Headers } from './types.js';

export function publishBody(rt: Runtime, queueId: string, body: string, headers: Headers): Maybe<string> {
  const m = queues(rt);
  const q = m.queue(queueId);
  return m.driver(q.driverId).publish(q.name, body, headers, { maxLength: q.maxLength });
}
