// Channels: Go-style, process-local, FIFO for values, senders and receivers.
// Capacity 0 is a rendezvous; Infinity is used for a process's inbox and events channels.

import { Waiter, type WaitSource } from './waiter.js';

export interface CaseResult {
  /** index of the case that completed (0 for single operations) */
  idx: number;
  value: unknown;
  ok: boolean;
  /** a blocked sender woken because the channel closed */
  closed?: boolean;
}

interface Recv { waiter: Waiter; idx: number }

/**
 * A receiver armed with index DIRECT is a plain receive, not a select case: its waiter
 * completes with the value itself (or CLOSED), without a CaseResult record per message.
 */
export const DIRECT = -1;
/** what a DIRECT receiver gets when the channel closes */
export const CLOSED: unique symbol = Symbol('closed');
/** `receiveNow` found nothing to receive */
export const NOTHING: unique symbol = Symbol('nothing');

/** capacity of an unbounded channel: the largest small integer (2^30 - 1) */
const UNBOUNDED = 0x3fffffff;
interface Send { waiter: Waiter; idx: number; value: unknown }

// Blocked receivers and senders are FIFO queues kept as a first slot plus an overflow array
// made on first use: an idle process parks one receiver on its inbox, and that costs no
// array (and the first receiver's slot is two fields, not a record). Invariant: the slot is
// empty only when the overflow array is empty too. The buffer, too, is made on first use.
// A waiter armed here is withdrawn through `withdraw` (the channel is its WaitSource), so
// arming allocates no cleanup closure.
export class Channel implements WaitSource {
  private buf: unknown[] | undefined = undefined;
  private head = 0;
  private r0w: Waiter | undefined = undefined;
  private r0i = 0;
  private rq: Recv[] | undefined = undefined;
  private s0: Send | undefined = undefined;
  private sq: Send[] | undefined = undefined;
  closed = false;
  /**
   * How a language layer shows this channel (modules/channel.ts: its Lua userdata, made
   * once, and the function converting received values). Declared here so that setting
   * them adds no property store to every inbox.
   */
  face: unknown = undefined;
  faceView: unknown = undefined;
  /** how many values may wait in the buffer */
  readonly capacity: number;

  constructor(capacity: number) {
    // Infinity (inbox, events) is kept as a small integer: a field that ever holds a
    // non-integer is stored boxed, one 16-byte heap number per channel
    this.capacity = capacity >= UNBOUNDED ? UNBOUNDED : capacity;
  }

  get size(): number {
    return this.buf === undefined ? 0 : this.buf.length - this.head;
  }

  /** `value` is buffered, not yet received */
  holds(value: unknown): boolean {
    return this.buf !== undefined && this.buf.indexOf(value, this.head) >= 0;
  }

  // ---- non-blocking halves -----------------------------------------------------------

  /** Try to send now. Returns false when the sender would block. Throws when closed. */
  trySend(value: unknown): boolean {
    if (this.closed) throw new ChannelClosed();
    for (let w = this.r0w; w !== undefined; w = this.r0w) {
      const idx = this.r0i;
      this.shiftReceiver();
      if (!w.done) {
        w.complete(idx === DIRECT ? value : { idx, value, ok: true } satisfies CaseResult);
        return true;
      }
    }
    if (this.size < this.capacity) {
      (this.buf ??= []).push(value);
      return true;
    }
    return false;
  }

  /**
   * `tryReceive` without its record: the value, CLOSED (closed and drained), or NOTHING
   * (the receiver would block). Only for a plain Channel (subclasses override tryReceive).
   */
  receiveNow(): unknown {
    const buf = this.buf;
    // the common case: a buffered value and no blocked sender
    if (buf !== undefined && buf.length > this.head && this.s0 === undefined) {
      const value = buf[this.head];
      buf[this.head++] = undefined;
      if (this.head === buf.length) {
        buf.length = 0;
        this.head = 0;
      } else if (this.head > 64 && this.head * 2 > buf.length) {
        this.buf = buf.slice(this.head);
        this.head = 0;
      }
      return value;
    }
    const r = this.tryReceive();
    if (r === undefined) return NOTHING;
    return r.ok ? r.value : CLOSED;
  }

  /** Try to receive now: the value and ok, or undefined when the receiver would block. */
  tryReceive(): { value: unknown; ok: boolean } | undefined {
    let buf = this.buf;
    if (buf !== undefined && buf.length > this.head) {
      const value = buf[this.head];
      buf[this.head++] = undefined;
      if (this.head === buf.length) {
        buf.length = 0;
        this.head = 0;
      } else if (this.head > 64 && this.head * 2 > buf.length) {
        buf = this.buf = buf.slice(this.head);
        this.head = 0;
      }
      // a blocked sender can now move its value into the buffer
      const s = this.takeSender();
      if (s !== undefined) {
        buf.push(s.value);
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
    if (this.r0w === undefined) {
      this.r0w = waiter;
      this.r0i = idx;
    } else (this.rq ??= []).push({ waiter, idx });
    waiter.armedOn(this);
  }

  addSender(waiter: Waiter, idx: number, value: unknown): void {
    const s: Send = { waiter, idx, value };
    if (this.s0 === undefined) this.s0 = s;
    else (this.sq ??= []).push(s);
    waiter.armedOn(this);
  }

  /** A waiter armed here completed elsewhere or was canceled: drop its entries. */
  withdraw(w: Waiter): void {
    if (this.r0w !== undefined) {
      if (this.rq !== undefined && this.rq.length > 0) dropWaiter(this.rq, w);
      while (this.r0w !== undefined && this.r0w === w) this.shiftReceiver();
    }
    if (this.s0 !== undefined) {
      if (this.sq !== undefined && this.sq.length > 0) dropWaiter(this.sq, w);
      while (this.s0 !== undefined && this.s0.waiter === w) this.s0 = this.sq?.shift();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const rs: Recv[] = this.r0w === undefined ? [] : [{ waiter: this.r0w, idx: this.r0i }, ...(this.rq ?? [])];
    const ss = this.s0 === undefined ? [] : [this.s0, ...(this.sq ?? [])];
    this.r0w = this.s0 = undefined;
    this.rq = this.sq = undefined;
    for (const r of rs) r.waiter.complete(r.idx === DIRECT ? CLOSED : { idx: r.idx, value: undefined, ok: false } satisfies CaseResult);
    for (const s of ss) s.waiter.complete({ idx: s.idx, value: s.value, ok: false, closed: true } satisfies CaseResult);
  }

  /** Move the next queued receiver into the first slot. */
  private shiftReceiver(): void {
    const next = this.rq !== undefined && this.rq.length > 0 ? this.rq.shift() : undefined;
    if (next === undefined) {
      this.r0w = undefined;
      this.r0i = 0;
    } else {
      this.r0w = next.waiter;
      this.r0i = next.idx;
    }
  }

  private takeSender(): Send | undefined {
    for (;;) {
      const s = this.s0;
      if (s === undefined) return undefined;
      this.s0 = this.sq !== undefined && this.sq.length > 0 ? this.sq.shift() : undefined;
      if (!s.waiter.done) return s;
    }
  }

  private liveReceiver(): boolean {
    if (this.r0w === undefined) return false;
    return !this.r0w.done || (this.rq !== undefined && this.rq.some((r) => !r.waiter.done));
  }

  private liveSender(): boolean {
    if (this.s0 === undefined) return false;
    return !this.s0.waiter.done || (this.sq !== undefined && this.sq.some((s) => !s.waiter.done));
  }
}

export class ChannelClosed extends Error {
  constructor() {
    super('send on closed channel');
  }
}

/** Remove, in place and in order, every entry of waiter w. */
function dropWaiter(list: { waiter: Waiter }[], w: Waiter): void {
  let j = 0;
  for (let i = 0; i < list.length; i++) if (list[i].waiter !== w) list[j++] = list[i];
  list.length = j;
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
