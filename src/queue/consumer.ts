// A `queue.consumer`: deliveries fill a buffer of `prefetch` messages (the driver never
// hands out more unsettled ones); `concurrency` workers each run the handler function on
// the next buffered message. Settlement (services spec §4.2): a normal return acks, `false`,
// an error or `nil, err` nacks, `msg:ack()` / `msg:nack()` settle early and the first
// settlement wins. With a dead-letter policy on the queue, a message nacked for the
// `max_attempts`-th time moves to the dead-letter queue instead of being retried again.
// Stopping takes no new deliveries, gives back buffered ones, and waits for running
// handlers up to the stop timeout.

import type { Runtime, RtEntry } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';
import type { Process } from '../kernel/process.js';
import { LuaTable } from '../lua/runtime/table.js';
import { tostring } from '../lua/runtime/ops.js';
import { queues, type QueueDecl } from './manager.js';
import { decodeBody } from './codec.js';
import { publishBody } from './publish.js';
import type { Delivery, Subscription } from './types.js';

/** What `queue.message()` finds for the handler running a delivery. */
export interface DeliveryContext {
  delivery: Delivery;
  settle(ok: boolean): void;
}

/**
 * The delivery of a handler call, found through the call's context table: the function
 * call inherits its caller's context (runtime.callFunction), so a fresh table per delivery
 * identifies the call without the runtime knowing about queues.
 */
export const deliveries = new WeakMap<object, DeliveryContext>();

export interface ConsumerConfig {
  queue: string;
  func: string;
  concurrency: number;
  prefetch: number;
  autoAck: boolean;
}

export function consumerConfig(e: RtEntry): ConsumerConfig {
  const d = e.data;
  const num = (v: unknown, dflt: number, max: number) => {
    const n = Number(v ?? dflt);
    return Number.isFinite(n) && n >= 1 ? Math.min(Math.trunc(n), max) : dflt;
  };
  return {
    queue: resolveRef(String(d.queue ?? ''), e.id),
    func: resolveRef(String(d.func ?? ''), e.id),
    concurrency: num(d.concurrency, 1, 1000),
    prefetch: num(d.prefetch, 10, 10000),
    autoAck: d.auto_ack === true,
  };
}

export class Consumer {
  private sub: Subscription | undefined;
  private buffer: Delivery[] = [];
  private running = 0;
  private idle: (() => void)[] = [];
  private decl!: QueueDecl;

  constructor(private rt: Runtime, private id: string, private cfg: ConsumerConfig) {}

  start(): void {
    const m = queues(this.rt);
    this.decl = m.queue(this.cfg.queue);
    const fn = this.rt.entries.get(this.cfg.func);
    if (fn === undefined || fn.kind !== 'function.lua') throw new Error(`${this.id}: func '${this.cfg.func}' is not a function.lua entry`);
    this.sub = m.driver(this.decl.driverId).consume(this.decl.name, this.cfg.prefetch, (d) => {
      this.buffer.push(d);
      this.pump();
    });
  }

  private pump(): void {
    while (this.sub !== undefined && this.running < this.cfg.concurrency && this.buffer.length > 0) {
      this.run(this.buffer.shift()!);
    }
  }

  private run(d: Delivery): void {
    this.running++;
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      if (ok) void Promise.resolve(d.ack()).catch((e) => this.warn('ack failed', e));
      else this.reject(d);
    };
    if (this.cfg.autoAck) settle(true);
    const context = new LuaTable();
    deliveries.set(context, { delivery: d, settle });
    const caller = { ctx: { context } } as unknown as Process;
    this.rt.callFunction(caller, this.cfg.func, [decodeBody(d.msg.body)], (r) => {
      if (r.error !== undefined) {
        this.rt.log.log('warn', 'queue handler failed', { consumer: this.id, message: d.msg.id, error: tostring(r.error) });
        settle(false);
      } else settle(r.value !== false);
      this.running--;
      if (this.running === 0) for (const f of this.idle.splice(0)) f();
      this.pump();
    });
  }

  /** A nack: retried, or moved to the dead-letter queue once its attempts are used up. */
  private reject(d: Delivery): void {
    const dl = this.decl.deadLetter;
    if (dl !== undefined && dl.maxAttempts > 0 && d.msg.attempts >= dl.maxAttempts) {
      const headers = { ...d.msg.headers, x_dead_letter_from: this.decl.id, x_attempts: d.msg.attempts };
      Promise.resolve()
        .then(() => publishBody(this.rt, dl.queue, d.msg.body, headers))
        .then(() => d.ack(), (e) => { this.warn('dead-lettering failed; message requeued', e); return d.nack(); })
        .catch((e) => this.warn('settling failed', e));
      return;
    }
    void Promise.resolve(d.nack()).catch((e) => this.warn('nack failed', e));
  }

  private warn(msg: string, e: unknown): void {
    this.rt.log.log('warn', msg, { consumer: this.id, error: String(e instanceof Error ? e.message : e) });
  }

  async stop(timeoutMs: number): Promise<void> {
    this.sub?.cancel();
    this.sub = undefined;
    for (const d of this.buffer.splice(0)) void Promise.resolve(d.nack()).catch(() => {});
    if (this.running === 0) return;
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.id}: ${this.running} handler(s) still running after ${timeoutMs} ms`)), timeoutMs);
      this.idle.push(() => { clearTimeout(t); resolve(); });
    });
  }
}
