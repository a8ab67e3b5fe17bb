// A workflow run executing in this node: its history, its sequence counter, and the
// durable operations its code performs.
//
// The replay rule. Every durable operation takes the next sequence number `seq`. If the
// history has a step at `seq`, the operation is being replayed: the step must be of the
// same kind and name (otherwise the code changed under the run: the run is BLOCKED with a
// report naming seq, the recorded step and the new operation, and stops), and its recorded
// output is returned without doing anything. If there is no step at `seq`, the operation
// runs live and its outcome is recorded as step `seq` (one SQLite transaction; a consumed
// signal is marked in the same transaction). So a run that crashes re-executes only the
// operation that was in flight, and continues live from the first unrecorded step.
//
// What is a step (kind, name -> output):
//   call  function id -> {v} | {e}      an activity, after its retries (funcs.call)
//   child entry id    -> {v} | {e}      a child workflow (workflow.exec), id "<run>/<seq>"
//   sleep ''          -> {until}        a durable timer: the wake-up time, recorded when reached
//   timer ''          -> {until}        time.after(d): a durable timer channel
//   fire  timer seq   -> {at}           that timer's value was received
//   recv  topic | '*' -> {signal,topic,from,payloads}  a message consumed from the inbox
//   send  topic       -> {}             process.send from the workflow (not repeated on replay)
//   now   'time'|'os' -> {ns}           time.now(), os.time()
//   uuid  v1|v4|v7    -> "uuid"
//   version change id -> {v}            workflow.version marker
//   cancel ''         -> {reason}       the run observed its cancellation here
// math.random is a generator seeded from the run id, so it needs no steps.
//
// Durable operations may only run on the workflow's main coroutine: the order of operations
// of concurrent coroutines depends on timing, which replay cannot reproduce.

import { LuaError } from '../lua/runtime/errors.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaGen, LuaValue } from '../lua/runtime/types.js';
import { tostring } from '../lua/runtime/ops.js';
import type { ExitResult, Message } from '../kernel/process.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import type { CaseResult } from '../kernel/channel.js';
import { KIND, makeError, errorOf } from '../modules/errors.js';
import { CodecError, decodeValue, encodeError, encodeValue, errorFromJson, fromJson, toJson } from './codec.js';
import { nowNanos } from '../modules/time/index.js';
import { LeaseLostError, type RunRecord, type SignalRecord, type StepRecord } from './store.js';
import type { WfProcess, DurableChannel } from './process.js';
import type { WorkflowEngine } from './engine.js';

const CANCEL = Symbol('cancel');

export interface RetryPolicy {
  initialMs: number;
  coefficient: number;
  maxIntervalMs: number;
  /** 0 = unlimited */
  maxAttempts: number;
  nonRetryable: string[];
}

export interface ActivityOptions {
  retry: RetryPolicy;
  /** start_to_close_timeout in ms; 0 = none */
  timeoutMs: number;
  context: LuaTable | undefined;
}

export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1000, coefficient: 2, maxIntervalMs: 100_000, maxAttempts: 0, nonRetryable: [] };

interface PendingSignal {
  id: number;
  message: Message;
  output: string;
}

interface Armed {
  ch: DurableChannel;
  w: Waiter;
  idx: number;
  disarm: (() => void) | undefined;
}

/** Thrown (as a Lua error) by operations of a run that can no longer proceed. */
function haltedError(report: string): LuaError {
  return new LuaError(makeError(KIND.INTERNAL, `workflow blocked: ${report}`));
}

export class LiveRun {
  readonly id: string;
  process: WfProcess | undefined = undefined;
  nextSeq = 1;
  /** no more durable operations: blocked, or the replay check ended */
  halted = false;
  /** another node owns the run now: nothing more is recorded here */
  lost = false;
  haltReport = '';
  private steps = new Map<number, StepRecord>();
  private maxSeq = 0;
  private cancelRequested: boolean;
  private cancelReason: string;
  private cancelObserved = false;
  private cancelHooks = new Set<() => void>();
  private signals: PendingSignal[] = [];
  private seen = new Set<number>();
  private armed: Armed[] = [];
  private rng: () => number;
  historySize = 0;

  constructor(readonly engine: WorkflowEngine, public record: RunRecord, steps: StepRecord[], signals: SignalRecord[],
              readonly replayOnly = false) {
    this.id = record.id;
    for (const s of steps) {
      this.steps.set(s.seq, s);
      if (s.seq > this.maxSeq) this.maxSeq = s.seq;
      this.historySize += (s.output?.length ?? 0) + s.kind.length + s.name.length;
    }
    this.cancelRequested = record.cancelRequested;
    this.cancelReason = record.cancelReason ?? 'canceled';
    if (!replayOnly) for (const s of signals) this.signalArrived(s);
    this.rng = seededRandom(record.id);
  }

  get historyLength(): number {
    return this.maxSeq;
  }

  /** math.random inside the workflow: the same sequence on every replay. */
  random(): number {
    return this.rng();
  }

  // ---- the replay rule ------------------------------------------------------------------

  private guard(op: string): void {
    if (this.halted) throw haltedError(this.haltReport);
    const node = this.engine.rt.node;
    const p = this.process;
    if (p === undefined || node.current !== p) throw new LuaError(`${op}: no workflow context`);
    if (node.currentTask !== p.mainTask) {
      throw new LuaError(makeError(KIND.INVALID, `${op}: durable operations must run on the workflow's main coroutine, not in coroutine.spawn`));
    }
  }

  /**
   * Take the next seq for an operation: the recorded step when replaying (checked against
   * kind and name), or undefined when the operation is live. A cancellable operation may
   * find (replay) or record (live) the run's cancellation at its seq instead: it raises.
   */
  begin(kind: string, name: string, cancellable: boolean): { seq: number; rec: StepRecord | undefined } {
    this.guard(kind);
    const seq = this.nextSeq;
    const rec = this.steps.get(seq);
    if (rec !== undefined) {
      this.nextSeq++;
      if (cancellable && rec.kind === 'cancel') {
        this.cancelObserved = true;
        throw this.cancelError(rec);
      }
      if (rec.kind !== kind || rec.name !== name) this.mismatch(seq, rec, kind, name);
      return { seq, rec };
    }
    if (this.replayOnly) this.endOfHistory();
    this.nextSeq++;
    if (cancellable && this.cancelPending()) {
      this.recordCancel(seq);
      throw this.cancelError();
    }
    return { seq, rec: undefined };
  }

  /** begin() for generator operations: a halted run parks forever instead of raising (the
   * engine ends the process), so no Lua code runs after a non-determinism. */
  *beginG(kind: string, name: string): Generator<unknown, { seq: number; rec: StepRecord | undefined }, unknown> {
    try {
      return this.begin(kind, name, true);
    } catch (e) {
      if (this.halted) yield new BlockSignal(new Waiter());
      throw e;
    }
  }

  recordStep(seq: number, kind: string, name: string, output: string | null, signal?: number): void {
    if (this.replayOnly) this.endOfHistory();
    const s: StepRecord = { runId: this.id, seq, kind, name, output, createdAt: Date.now() };
    // a shared store commits the step later (grouped with other runs' steps): a failure
    // then halts the run from the callback; a synchronous store reports it right here
    let inCall = true;
    let failed: Error | undefined;
    this.engine.store.writeStep(s, signal, this.engine.owner, (err) => {
      if (err === undefined) return;
      if (inCall) failed = err;
      else this.writeFailed(s, err);
    });
    inCall = false;
    if (failed !== undefined) {
      if (failed instanceof LeaseLostError) {
        this.engine.runLost(this);
        throw haltedError(this.haltReport);
      }
      this.block(`cannot record step ${seq} (${kind} ${name}): ${failed.message}`);
    }
    this.steps.set(seq, s);
    if (seq > this.maxSeq) this.maxSeq = seq;
    this.historySize += (output?.length ?? 0) + kind.length + name.length;
  }

  /** A step write that failed after the run went on: stop it (nothing after it counts). */
  private writeFailed(s: StepRecord, err: Error): void {
    if (this.halted) return;
    if (err instanceof LeaseLostError) {
      this.engine.runLost(this);
      return;
    }
    this.halted = true;
    this.haltReport = `cannot record step ${s.seq} (${s.kind} ${s.name}): ${err.message}`;
    this.engine.runBlocked(this, this.haltReport);
  }

  private mismatch(seq: number, rec: StepRecord, kind: string, name: string): never {
    this.block(`non-determinism at step ${seq}: the history has ${describe(rec.kind, rec.name)}, ` +
      `the code now does ${describe(kind, name)} (the code changed under a running workflow without a workflow.version marker)`);
  }

  /** Stop the run: the store marks it blocked with the report, the process ends. */
  block(report: string): never {
    if (!this.halted) {
      this.halted = true;
      this.haltReport = report;
      this.engine.runBlocked(this, report);
    }
    throw haltedError(report);
  }

  /** workflow.continue_as_new(...): end this history and start the workflow again under
   * the same id with these arguments and an empty history. Nothing after it runs. */
  *continueAsNew(args: LuaValue[]): LuaGen {
    this.guard('continue_as_new');
    if (this.replayOnly) this.endOfHistory();
    let json: string;
    try {
      json = JSON.stringify(args.map((a) => toJson(a, 0)));
    } catch (e) {
      if (e instanceof CodecError) throw new LuaError(makeError(KIND.INVALID, `continue_as_new arguments: ${e.message}`));
      throw e;
    }
    this.halted = true;
    this.haltReport = 'continued as new';
    this.engine.continueAsNew(this, json);
    yield new BlockSignal(new Waiter());
    return undefined;
  }

  /** Replay check (`wippy workflow replay`): the code reached the end of the history. */
  private endOfHistory(): never {
    if (!this.halted) {
      this.halted = true;
      this.haltReport = 'end of history';
      this.engine.replayReachedEnd(this);
    }
    throw haltedError('end of history');
  }

  /** The recorded step at the next seq (replay), without taking it. */
  peek(): StepRecord | undefined {
    return this.steps.get(this.nextSeq);
  }

  // ---- cancellation ---------------------------------------------------------------------

  private cancelPending(): boolean {
    return this.cancelRequested && !this.cancelObserved && !this.replayOnly;
  }

  private recordCancel(seq: number): void {
    this.cancelObserved = true;
    this.recordStep(seq, 'cancel', '', JSON.stringify({ reason: this.cancelReason }));
  }

  private cancelError(rec?: StepRecord): LuaError {
    let reason = this.cancelReason;
    if (rec?.output) reason = (JSON.parse(rec.output) as { reason?: string }).reason ?? reason;
    return new LuaError(makeError(KIND.CANCELED, `workflow canceled: ${reason}`, { retryable: false }));
  }

  get canceled(): boolean {
    return this.cancelObserved;
  }

  requestCancel(reason: string): void {
    if (this.cancelRequested) return;
    this.cancelRequested = true;
    this.cancelReason = reason;
    for (const h of [...this.cancelHooks]) h();
    this.pump();
  }

  /** Park on a live wait that cancellation interrupts; returns CANCEL when it did. */
  private *waitLive(setup: (w: Waiter) => (() => void) | void): Generator<unknown, unknown, unknown> {
    if (this.cancelPending()) return CANCEL;
    const w = new Waiter();
    const cleanup = setup(w);
    const hook = () => { w.complete(CANCEL); };
    this.cancelHooks.add(hook);
    try {
      return yield new BlockSignal(w);
    } finally {
      this.cancelHooks.delete(hook);
      if (cleanup) cleanup();
    }
  }

  // ---- operations that do not wait ----------------------------------------------------

  /** time.now() / os.time(): unix nanoseconds, recorded. */
  now(name: string): bigint {
    const { seq, rec } = this.begin('now', name, false);
    if (rec !== undefined) return BigInt((JSON.parse(rec.output!) as { ns: string }).ns);
    const ns = nowNanos();
    this.recordStep(seq, 'now', name, JSON.stringify({ ns: ns.toString() }));
    return ns;
  }

  /** A random value (a uuid) made once and replayed. */
  sideEffect(kind: string, name: string, make: () => string): string {
    const { seq, rec } = this.begin(kind, name, false);
    if (rec !== undefined) return JSON.parse(rec.output!) as string;
    const v = make();
    this.recordStep(seq, kind, name, JSON.stringify(v));
    return v;
  }

  /** workflow.version(change, min, max): Temporal's GetVersion. */
  version(change: string, min: number, max: number): number {
    this.guard('version');
    const rec = this.peek();
    let v: number;
    if (rec !== undefined && rec.kind === 'version' && rec.name === change) {
      this.nextSeq++;
      v = (JSON.parse(rec.output!) as { v: number }).v;
    } else if (rec !== undefined) {
      // this run passed here before the marker existed: the old code path (version 0),
      // and the marker takes no seq
      v = 0;
    } else {
      if (this.replayOnly) this.endOfHistory();
      const seq = this.nextSeq++;
      v = max;
      this.recordStep(seq, 'version', change, JSON.stringify({ v }));
    }
    if (v < min || v > max) {
      this.block(`workflow.version('${change}') is ${v} in this run's history, outside the supported range ${min}..${max}`);
    }
    return v;
  }

  /** process.send from the workflow: done once, skipped on replay. */
  send(topic: string, doSend: () => void): void {
    const { seq, rec } = this.begin('send', topic, false);
    if (rec !== undefined) return;
    doSend();
    this.recordStep(seq, 'send', topic, '{}');
  }

  /** time.after(d): a durable timer channel. */
  timer(ms: number): { seq: number; until: number } {
    const { seq, rec } = this.begin('timer', '', false);
    if (rec !== undefined) return { seq, until: (JSON.parse(rec.output!) as { until: number }).until };
    const until = wallMs() + Math.max(0, ms);
    this.recordStep(seq, 'timer', '', JSON.stringify({ until }));
    return { seq, until };
  }

  // ---- operations that wait -------------------------------------------------------------

  /** time.sleep(d): the wake-up time is recorded when first reached; after a restart the
   * sleep waits only for what is left. */
  *sleep(ms: number): LuaGen {
    const { seq, rec } = yield* this.beginG('sleep', '');
    let until: number;
    if (rec !== undefined) {
      until = (JSON.parse(rec.output!) as { until: number }).until;
    } else {
      until = wallMs() + Math.max(0, ms);
      this.recordStep(seq, 'sleep', '', JSON.stringify({ until }));
    }
    // a recorded step after the sleep: it ended in an earlier life (or was canceled)
    const next = this.peek();
    if (next !== undefined) {
      if (next.kind === 'cancel') {
        this.nextSeq++;
        this.cancelObserved = true;
        throw this.cancelError(next);
      }
      return [];
    }
    if (this.replayOnly) this.endOfHistory();
    const left = until - wallMs();
    const r = left <= 0 && !this.cancelPending() ? undefined : yield* this.waitLive((w) => at(until, () => w.complete(undefined)));
    if (r === CANCEL) {
      this.recordCancel(this.nextSeq++);
      throw this.cancelError();
    }
    return [];
  }

  /** funcs.call inside a workflow: an activity with retries and a timeout. */
  *call(id: string, args: LuaValue[], opts: ActivityOptions): LuaGen {
    const { seq, rec } = yield* this.beginG('call', id);
    if (rec !== undefined) return outcome(rec.output!);
    for (let attempt = 1; ; attempt++) {
      const r = yield* this.waitLive((w) =>
        this.engine.startActivity(this, seq, attempt, id, args, opts, (res) => w.complete(res)));
      if (r === CANCEL) {
        this.recordCancel(seq);
        throw this.cancelError();
      }
      const res = r as ExitResult;
      if (res.error === undefined) {
        const out = encodeOutcome(res.value, undefined);
        if (out.error === undefined) {
          this.recordStep(seq, 'call', id, out.text);
          return res.value;
        }
        res.error = out.error;
      }
      const err = res.error!;
      const delay = retryDelay(err, opts.retry, attempt);
      if (delay === undefined) {
        this.recordStep(seq, 'call', id, encodeOutcome(undefined, err).text);
        return [undefined, err];
      }
      this.engine.log.log('warn', 'workflow activity failed; retrying', {
        workflow: this.id, step: seq, activity: id, attempt, error: tostring(err), retry_in_ms: Math.round(delay),
      });
      const w2 = yield* this.waitLive((w) => {
        const h = setTimeout(() => w.complete(undefined), delay);
        return () => clearTimeout(h);
      });
      if (w2 === CANCEL) {
        this.recordCancel(seq);
        throw this.cancelError();
      }
    }
  }

  /** workflow.exec(entry, ...): a child workflow with id "<run id>/<seq>". */
  *child(entry: string, args: LuaValue[]): LuaGen {
    const { seq, rec } = yield* this.beginG('child', entry);
    if (rec !== undefined) return outcome(rec.output!);
    const childId = `${this.id}/${seq}`;
    const r = yield* this.waitLive((w) => this.engine.startChild(this, childId, entry, args, (res) => w.complete(res)));
    if (r === CANCEL) {
      this.engine.cancel(childId, 'parent workflow canceled');
      this.recordCancel(seq);
      throw this.cancelError();
    }
    const res = r as ExitResult;
    const out = encodeOutcome(res.value, res.error);
    this.recordStep(seq, 'child', entry, out.text);
    return res.error === undefined ? res.value : [undefined, res.error];
  }

  // ---- signals and durable channels ---------------------------------------------------

  /** A message sent to the workflow's process: into the store, then offered. */
  deliver(m: Message): void {
    this.engine.signal(this.id, m.topic, m.from, m.payloads);
  }

  signalArrived(s: SignalRecord): void {
    if (s.consumedSeq !== null || this.seen.has(s.id)) return;
    this.seen.add(s.id);
    const payloads = (JSON.parse(s.payloads) as unknown[]).map(fromJson);
    const output = `{"signal":${s.id},"topic":${JSON.stringify(s.topic)},"from":${JSON.stringify(s.sender)},"payloads":${s.payloads}}`;
    this.signals.push({ id: s.id, message: { topic: s.topic, from: s.sender, payloads }, output });
    this.pump();
  }

  /** The oldest pending signal whose topic matches, taken off the pending list. */
  takeSignal(match: (topic: string) => boolean): PendingSignal | undefined {
    const i = this.signals.findIndex((s) => match(s.message.topic));
    if (i < 0) return undefined;
    return this.signals.splice(i, 1)[0];
  }

  /** Decoded message of a recorded recv step. */
  static recvMessage(output: string): Message {
    const o = JSON.parse(output) as { topic: string; from: string; payloads: unknown[] };
    return { topic: o.topic, from: o.from, payloads: o.payloads.map(fromJson) };
  }

  tryReceive(ch: DurableChannel): { value: unknown; ok: boolean } | undefined {
    this.guard('receive');
    if (this.cancelObserved) return { value: undefined, ok: false };
    const rec = this.peek();
    if (rec !== undefined) {
      if (rec.kind === 'cancel') {
        this.nextSeq++;
        this.cancelObserved = true;
        return { value: undefined, ok: false };
      }
      if (rec.kind === ch.stepKind && rec.name === ch.stepName) {
        this.nextSeq++;
        return { value: ch.fromRecord(rec.output ?? ''), ok: true };
      }
      return undefined; // another case of a select took this step
    }
    if (this.replayOnly) return undefined;
    if (this.cancelPending()) {
      this.recordCancel(this.nextSeq++);
      return { value: undefined, ok: false };
    }
    const live = ch.takeLive();
    if (live === undefined) return undefined;
    this.recordStep(this.nextSeq++, ch.stepKind, ch.stepName, live.output, live.signal);
    return { value: live.value, ok: true };
  }

  canReceive(ch: DurableChannel): boolean {
    const rec = this.peek();
    if (rec !== undefined) return rec.kind === 'cancel' || (rec.kind === ch.stepKind && rec.name === ch.stepName);
    return this.cancelObserved || this.cancelPending();
  }

  /** A receive parks: nothing was ready. While replaying this means the history recorded
   * something this code does not wait for. */
  armReceive(ch: DurableChannel, w: Waiter, idx: number): void {
    if (this.halted) return;
    const rec = this.peek();
    if (rec !== undefined) this.mismatch(this.nextSeq, rec, ch.stepKind, ch.stepName);
    if (this.replayOnly) this.endOfHistory();
    const a: Armed = { ch, w, idx, disarm: undefined };
    this.armed.push(a);
    w.onCancel(() => this.unarm(a));
    const disarm = ch.arm();
    if (w.done) disarm?.();
    else a.disarm = disarm;
  }

  private unarm(a: Armed): void {
    const i = this.armed.indexOf(a);
    if (i >= 0) this.armed.splice(i, 1);
    a.disarm?.();
    a.disarm = undefined;
  }

  /** Something may be ready for a parked receive: a signal, a timer, a cancellation. */
  pump(): void {
    if (this.halted || this.process === undefined || this.process.exited) return;
    for (const a of [...this.armed]) {
      if (a.w.done) { this.unarm(a); continue; }
      if (this.cancelPending()) {
        this.recordCancel(this.nextSeq++);
        this.unarm(a);
        a.w.complete({ idx: a.idx, value: undefined, ok: false } satisfies CaseResult);
        return;
      }
      const live = a.ch.takeLive();
      if (live === undefined) continue;
      this.recordStep(this.nextSeq++, a.ch.stepKind, a.ch.stepName, live.output, live.signal);
      this.unarm(a);
      a.w.complete({ idx: a.idx, value: live.value, ok: true } satisfies CaseResult);
      return;
    }
  }

  // ---- the end ----------------------------------------------------------------------

  /** The workflow's process is exiting: record how the run ended (or why it did not). */
  processExiting(p: WfProcess, r: ExitResult): ExitResult {
    for (const a of [...this.armed]) this.unarm(a);
    return this.engine.processExited(this, p, r);
  }

  /** True when the code finished before replaying all of its history. */
  unreplayedHistory(): boolean {
    return this.maxSeq >= this.nextSeq;
  }

  endReport(): string {
    return `non-determinism: the code finished after step ${this.nextSeq - 1}, but the history has ${this.maxSeq} steps ` +
      `(next recorded: ${describe(this.steps.get(this.nextSeq)?.kind ?? '?', this.steps.get(this.nextSeq)?.name ?? '')})`;
  }
}

function describe(kind: string, name: string): string {
  return name === '' ? kind : `${kind} '${name}'`;
}

// ---- outcomes and retries -----------------------------------------------------------------

/** `{"v": value}` or `{"e": error}`; a value that cannot be recorded becomes an error. */
export function encodeOutcome(value: LuaValue, error: LuaValue): { text: string; error?: LuaValue } {
  if (error !== undefined) return { text: `{"e":${encodeError(error)}}` };
  try {
    return { text: JSON.stringify({ v: toJson(value, 0) }) };
  } catch (e) {
    if (!(e instanceof CodecError)) throw e;
    const err = makeError(KIND.INTERNAL, `result cannot be recorded: ${e.message}`, { retryable: false });
    return { text: `{"e":${encodeError(err)}}`, error: err };
  }
}

export function outcome(text: string): LuaValue {
  const o = JSON.parse(text) as { v?: unknown; e?: Record<string, unknown> };
  if (o.e !== undefined) return [undefined, errorFromJson(o.e)];
  return fromJson(o.v);
}

/** The wait before the next attempt, or undefined when the error is final. */
export function retryDelay(err: LuaValue, p: RetryPolicy, attempt: number): number | undefined {
  const e = errorOf(err);
  const kind = e?.kind ?? KIND.UNKNOWN;
  if (e?.retryable === false) return undefined;
  if (kind === KIND.NOT_FOUND || kind === KIND.CANCELED) return undefined;
  if (p.nonRetryable.includes(kind)) return undefined;
  if (p.maxAttempts > 0 && attempt >= p.maxAttempts) return undefined;
  return Math.min(p.initialMs * Math.pow(p.coefficient, attempt - 1), p.maxIntervalMs);
}

/**
 * The workflow's wall clock in ms, fractional: the clock `time.now()` reads (nowNanos), so a
 * durable timer never wakes earlier than `time.now()` plus its duration (Date.now() has
 * only milliseconds and may differ from it by the re-anchoring slack).
 */
export function wallMs(): number {
  return Number(nowNanos() / 1000n) / 1000;
}

/** Call `f` at wall-clock time `until` (ms), however far away (setTimeout alone overflows
 * after 24.8 days and fires at once); returns the cancel. */
export function at(until: number, f: () => void): () => void {
  let h: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const left = until - wallMs();
    if (left <= 0) { h = undefined; f(); return; }
    h = setTimeout(arm, Math.min(left, 3_600_000));
  };
  arm();
  return () => { if (h !== undefined) clearTimeout(h); };
}

/** xorshift128+ seeded from a string (FNV-1a): math.random inside workflows. */
function seededRandom(seed: string): () => number {
  let h = 0x811c9dc5;
  const mix = () => {
    for (let i = 0; i < seed.length; i++) { h ^= seed.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    h = (h + 0x9e3779b9) >>> 0;
    return h;
  };
  let a = mix(), b = mix(), c = mix(), d = mix();
  if ((a | b | c | d) === 0) a = 1;
  const next32 = () => {
    const t = b << 9;
    let r = Math.imul(b * 5, 1) >>> 0;
    r = (((r << 7) | (r >>> 25)) * 9) >>> 0;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = (d << 11) | (d >>> 21);
    return r >>> 0;
  };
  return () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
}

export { decodeValue, encodeValue };
