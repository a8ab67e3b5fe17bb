// Channels: Go-style, process-local, FIFO for values, senders and receivers.
// Capacity 0 is a rendezvous; Infinity is used for a process's inbox and events channels.

import { Waiter } from './waiter.js';

export interface CaseResult {
  /** index of the case that completed (0 for single operations) */
  idx: number;
  value: unknown;
  ok: boolean;
  /** a blocked sender woken because the channel closed */
  closed?: boolean;
}

interface Recv { waiter: Waiter; idx: number }
interface Send { waiter: Waiter; idx: number; value: unknown }

export class Channel {
  private buf: unknown[] = [];
  private head = 0;
  // blocked receivers and senders, made on first use (most channels, e.g. inboxes, never
  // have a blocked sender; an idle process's inbox has one receiver)
  private receivers: Recv[] | undefined = undefined;
  private senders: Send[] | undefined = undefined;
  closed = false;
  /** called when a value is buffered (the inbox uses it to count pending messages) */
  constructor(public readonly capacity: number) {}

  get size(): number {
    return this.buf.length - this.head;
  }

  // ---- non-blocking halves -----------------------------------------------------------

  /** Try to send now. Returns false when the sender would block. Throws when closed. */
  trySend(value: unknown): boolean {
    if (this.closed) throw new ChannelClosed();
    const r = this.takeReceiver();
    if (r !== undefined) {
      r.waiter.complete({ idx: r.idx, value, ok: true } satisfies CaseResult);
      return true;
    }
    if (this.size < this.capacity) {
      this.buf.push(value);
      return true;
    }
    return false;
  }

  /** Try to receive now: the value and ok, or undefined when the receiver would block. */
  tryReceive(): { value: unknown; ok: boolean } | undefined {
    if (this.size > 0) {
      const value = this.buf[this.head];
      this.buf[this.head++] = undefined;
      if (this.head > 64 && this.head * 2 > this.buf.length) {
        this.buf = this.buf.slice(this.head);
        this.head = 0;
      }
      // a blocked sender can now move its value into the buffer
      const s = this.takeSender();
      if (s !== undefined) {
        this.buf.push(s.value);
        s.waiter.complete({ idx: s.idx, value: s.value, ok: true } satisfies CaseResult);
      }
      return { value, ok: true };
    }
    const s = this.takeSender();
    if (s !== undefined) {
      s.waiter.complete({ idx: s.idx, value: s.value, ok: true } satisfies CaseResult);
      return { value: s.value, ok: true };
    }
    if (this.closed) return { value: undefined, ok: false };
    return undefined;
  }

  canSend(): boolean {
    return this.closed || this.liveReceiver() || this.size < this.capacity;
  }

  canReceive(): boolean {
    return this.size > 0 || this.liveSender() || this.closed;
  }

  // ---- blocking registrations ----------------------------------------------------------

  addReceiver(waiter: Waiter, idx: number): void {
    const r: Recv = { waiter, idx };
    const rs = (this.receivers ??= []);
    rs.push(r);
    waiter.onCancel(() => remove(rs, r));
  }

  addSender(waiter: Waiter, idx: number, value: unknown): void {
    const s: Send = { waiter, idx, value };
    const ss = (this.senders ??= []);
    ss.push(s);
    waiter.onCancel(() => remove(ss, s));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.receivers !== undefined) {
      for (const r of this.receivers.splice(0)) r.waiter.complete({ idx: r.idx, value: undefined, ok: false } satisfies CaseResult);
    }
    if (this.senders !== undefined) {
      for (const s of this.senders.splice(0)) s.waiter.complete({ idx: s.idx, value: s.value, ok: false, closed: true } satisfies CaseResult);
    }
  }

  private takeReceiver(): Recv | undefined {
    const rs = this.receivers;
    if (rs === undefined) return undefined;
    while (rs.length > 0) {
      const r = rs.shift()!;
      if (!r.waiter.done) return r;
    }
    return undefined;
  }

  private takeSender(): Send | undefined {
    const ss = this.senders;
    if (ss === undefined) return undefined;
    while (ss.length > 0) {
      const s = ss.shift()!;
      if (!s.waiter.done) return s;
    }
    return undefined;
  }

  private liveReceiver(): boolean {
    return this.receivers !== undefined && this.receivers.some((r) => !r.waiter.done);
  }

  private liveSender(): boolean {
    return this.senders !== undefined && this.senders.some((s) => !s.waiter.done);
  }
}

export class ChannelClosed extends Error {
  constructor() {
    super('send on closed channel');
  }
}

function remove<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

// ---- select ---------------------------------------------------------------------------

export interface SelectCase {
  channel: Channel;
  send: boolean;
  value?: unknown;
}

/**
 * Run the first case that can proceed now, scanning in order (deterministic: workflow
 * replay relies on it). Returns undefined when none can.
 */
export function selectNow(cases: SelectCase[]): CaseResult | undefined {
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    if (c.send) {
      if (c.channel.closed) return { idx: i, value: c.value, ok: false, closed: true };
      if (c.channel.trySend(c.value)) return { idx: i, value: c.value, ok: true };
    } else {
      const r = c.channel.tryReceive();
      if (r !== undefined) return { idx: i, value: r.value, ok: r.ok };
    }
  }
  return undefined;
}

/** Arm one waiter on every case; the first to complete wins. */
export function selectArm(cases: SelectCase[], waiter: Waiter): void {
  cases.forEach((c, i) => {
    if (c.send) c.channel.addSender(waiter, i, c.value);
    else c.channel.addReceiver(waiter, i);
  });
}
