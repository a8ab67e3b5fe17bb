// The process of a workflow run: an ordinary kernel process whose messages and inbox are
// durable. A message sent to it (process.send to its PID or workflow ID) is written to the
// store's inbox first; `process.inbox()` and `process.listen(topic)` return channels whose
// receives are recorded steps (replayed from history after a restart). `time.after` in a
// workflow returns a durable timer channel of the same family.

import { Channel } from '../kernel/channel.js';
import { Process, type ExitResult, type Message, type Node, type ProcTask } from '../kernel/process.js';
import type { Waiter } from '../kernel/waiter.js';
import { LuaTable } from '../lua/runtime/table.js';
import { rtError } from '../lua/runtime/errors.js';
import type { LuaFunction, LuaValue } from '../lua/runtime/types.js';
import { allG } from '../lua/runtime/ops.js';
import { LiveRun, at, wallMs } from './run.js';

/** Why the engine ended a workflow process (nothing is recorded for these). */
export type EngineExit = 'shutdown' | 'blocked' | 'terminated' | 'continued';

export class WfProcess extends Process {
  /** set by the engine before it ends the process itself */
  engineExit: EngineExit | undefined = undefined;
  /** set when the workflow's code finished (returned or raised) */
  codeDone = false;
  mainTask: ProcTask | undefined = undefined;
  private durableInbox: InboxChannel | undefined = undefined;
  private topics = new Map<string, InboxChannel>();

  constructor(node: Node, pid: string, env: LuaTable, host: string, readonly run: LiveRun) {
    super(node, pid, env, host);
  }

  /** Start a coroutine; the workflow's code finishing is noticed through the wrapper. */
  override startTask(fn: LuaFunction, args: LuaValue[], main: boolean): ProcTask {
    const self = this;
    const wrapped: LuaFunction = () => rtError('workflow task');
    wrapped.$g = function* (...a: LuaValue[]) {
      try {
        const r = yield* allG(fn.$g !== undefined ? yield* fn.$g(...a) : fn(...a));
        if (main) self.codeDone = true;
        return r;
      } catch (e) {
        self.codeDone = true;
        throw e;
      }
    };
    const t = super.startTask(wrapped, args, main);
    if (main) this.mainTask = t;
    return t;
  }

  /** A message for the workflow: stored first, then offered to its durable channels. */
  override deliver(m: Message): void {
    if (this.exited) return;
    this.run.deliver(m);
  }

  /** Monitor/link events are not durable: a workflow learns of cancellation through its
   * durable operations (they raise CANCELED), so CANCEL becomes a durable request. */
  override deliverEvent(e: LuaTable): void {
    if (this.exited) return;
    if (e.getStr('kind') === 'pid.cancel') {
      const reason = e.getStr('reason');
      this.run.engine.cancel(this.run.id, typeof reason === 'string' && reason !== '' ? reason : 'canceled');
    }
  }

  override openInbox(): Channel {
    return (this.durableInbox ??= new InboxChannel(this.run, undefined, true));
  }

  override listen(topic: string, message: boolean): Channel {
    let ch = this.topics.get(topic);
    if (ch === undefined) {
      ch = new InboxChannel(this.run, topic, message);
      this.topics.set(topic, ch);
    }
    return ch;
  }

  override unlisten(ch: Channel): void {
    for (const [t, c] of this.topics) if (c === ch) this.topics.delete(t);
  }

  /** Topics that have their own channel: the inbox gets every other topic. */
  listening(topic: string): boolean {
    return this.topics.has(topic);
  }

  override exit(r: ExitResult): void {
    if (this.exited) return;
    const final = this.run.processExiting(this, r);
    super.exit(final);
  }
}

// ---- durable channels -----------------------------------------------------------------

/** A receive-only channel whose receives are steps of the run (see LiveRun.tryReceive). */
export abstract class DurableChannel extends Channel {
  constructor(readonly run: LiveRun) {
    super(0);
  }

  /** the step a receive from this channel records: kind and name */
  abstract readonly stepKind: string;
  abstract readonly stepName: string;
  /** the value a recorded step gives (from its output JSON) */
  abstract fromRecord(output: string): unknown;
  /** live: what can be received now, with the step output to record */
  abstract takeLive(): { value: unknown; output: string; signal?: number } | undefined;
  /** live: start whatever makes takeLive succeed later (a timer); undo with the result */
  arm(): (() => void) | undefined {
    return undefined;
  }

  override get size(): number {
    return 0;
  }

  override trySend(): boolean {
    return rtError('cannot send to a workflow channel');
  }

  override addSender(): void {
    rtError('cannot send to a workflow channel');
  }

  override tryReceive(): { value: unknown; ok: boolean } | undefined {
    return this.run.tryReceive(this);
  }

  override addReceiver(waiter: Waiter, idx: number): void {
    this.run.armReceive(this, waiter, idx);
  }

  override canSend(): boolean {
    return false;
  }

  override canReceive(): boolean {
    return this.run.canReceive(this);
  }

  override close(): void {
    // durable channels close when the workflow is canceled, not by code
  }
}

/** The inbox (topic undefined: every topic without a listener) or one listened topic. */
export class InboxChannel extends DurableChannel {
  readonly stepKind = 'recv';
  readonly stepName: string;

  constructor(run: LiveRun, readonly topic: string | undefined, readonly asMessage: boolean) {
    super(run);
    this.stepName = topic ?? '*';
  }

  matches(topic: string): boolean {
    if (this.topic !== undefined) return topic === this.topic;
    return !this.run.process!.listening(topic);
  }

  fromRecord(output: string): unknown {
    return this.view(LiveRun.recvMessage(output));
  }

  view(m: Message): unknown {
    if (this.asMessage) return m;
    if (m.payloads.length === 0) return undefined;
    if (m.payloads.length === 1) return m.payloads[0];
    return new LuaTable([...m.payloads]);
  }

  takeLive(): { value: unknown; output: string; signal?: number } | undefined {
    const s = this.run.takeSignal((topic) => this.matches(topic));
    if (s === undefined) return undefined;
    return { value: this.view(s.message), output: s.output, signal: s.id };
  }
}

/** `time.after(d)` in a workflow: fires once at a recorded wall-clock time. */
export class TimerChannel extends DurableChannel {
  readonly stepKind = 'fire';
  readonly stepName: string;
  private fired = false;

  constructor(run: LiveRun, readonly timerSeq: number, readonly until: number, readonly fireValue: () => LuaValue) {
    super(run);
    this.stepName = String(timerSeq);
  }

  fromRecord(): unknown {
    this.fired = true;
    return this.fireValue();
  }

  takeLive(): { value: unknown; output: string } | undefined {
    if (this.fired || wallMs() < this.until) return undefined;
    this.fired = true;
    return { value: this.fireValue(), output: JSON.stringify({ at: this.until }) };
  }

  override arm(): (() => void) | undefined {
    if (this.fired) return undefined;
    return at(this.until, () => this.run.pump());
  }
}
