// `queue.driver.memory`: queues in this process. Consumers take messages in turn while
// they have room under their prefetch; a nack puts the message at the tail. Nothing
// survives a restart.

import { KIND } from '../modules/errors.js';
import { SqlError } from '../sql/types.js';
import type { Delivery, Headers, QueueDriver, QueueMessage, QueueOptions, Subscription } from './types.js';

interface Sub {
  prefetch: number;
  inflight: number;
  onDelivery: (d: Delivery) => void;
  active: boolean;
}

interface Q {
  ready: QueueMessage[];
  subs: Sub[];
  next: number;
  unacked: number;
}

export class MemoryDriver implements QueueDriver {
  private queues = new Map<string, Q>();
  private ids = 0;
  private scheduled = new Set<Q>();

  private q(name: string): Q {
    let q = this.queues.get(name);
    if (q === undefined) {
      q = { ready: [], subs: [], next: 0, unacked: 0 };
      this.queues.set(name, q);
    }
    return q;
  }

  publish(queue: string, body: string, headers: Headers, opts: QueueOptions): string {
    const q = this.q(queue);
    if (opts.maxLength > 0 && q.ready.length >= opts.maxLength) {
      throw new SqlError(KIND.UNAVAILABLE, `queue '${queue}' is full (max_length ${opts.maxLength})`, true);
    }
    const id = `${Date.now().toString(36)}-${(++this.ids).toString(36)}`;
    q.ready.push({ id, body, headers, attempts: 0 });
    this.schedule(q);
    return id;
  }

  /** Dispatch on a later tick: a publisher never runs consumer code inside its own call. */
  private schedule(q: Q): void {
    if (this.scheduled.has(q)) return;
    this.scheduled.add(q);
    queueMicrotask(() => {
      this.scheduled.delete(q);
      this.dispatch(q);
    });
  }

  private dispatch(q: Q): void {
    while (q.ready.length > 0) {
      const sub = this.pick(q);
      if (sub === undefined) return;
      const msg = q.ready.shift()!;
      msg.attempts++;
      sub.inflight++;
      q.unacked++;
      let settled = false;
      const settle = (requeue: boolean) => {
        if (settled) return;
        settled = true;
        sub.inflight--;
        q.unacked--;
        if (requeue) q.ready.push(msg);
        this.schedule(q);
      };
      sub.onDelivery({ msg, ack: () => settle(false), nack: () => settle(true) });
    }
  }

  /** The next subscriber with room, round robin. */
  private pick(q: Q): Sub | undefined {
    const n = q.subs.length;
    for (let i = 0; i < n; i++) {
      const s = q.subs[(q.next + i) % n];
      if (s.active && s.inflight < s.prefetch) {
        q.next = (q.next + i + 1) % n;
        return s;
      }
    }
    return undefined;
  }

  consume(queue: string, prefetch: number, onDelivery: (d: Delivery) => void): Subscription {
    const q = this.q(queue);
    const sub: Sub = { prefetch: Math.max(1, prefetch), inflight: 0, onDelivery, active: true };
    q.subs.push(sub);
    this.schedule(q);
    return {
      cancel: () => {
        sub.active = false;
        q.subs = q.subs.filter((s) => s !== sub);
      },
    };
  }

  info(queue: string): Record<string, number> {
    const q = this.q(queue);
    return { message_count: q.ready.length, ready: q.ready.length, unacked: q.unacked, consumer_count: q.subs.length };
  }

  async close(): Promise<void> {
    for (const q of this.queues.values()) for (const s of q.subs) s.active = false;
    this.queues.clear();
  }
}
