// The durable workflow engine of one `workflow.host`: starts runs (idempotently by workflow
// ID), runs each as a WfProcess, resumes every unfinished run when the host starts, and
// applies what other OS processes wrote to the store (signals, cancel, terminate: the CLI)
// by polling it.
//
// On a shared store (PostgreSQL) several nodes run one host's workflows. A node runs only
// the runs it owns: those it started, and orphans it took over (their owner's lease ran
// out: takeover timer). It renews its own lease every heartbeat, and drops any live run the
// store says another node owns now; a step write it attempts on such a run is refused by
// the store (LeaseLostError), and the run is dropped here without recording anything.

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { tostring } from '../lua/runtime/ops.js';
import { toLuaError } from '../lua/runtime/errors.js';
import { copyValue } from '../kernel/copy.js';
import type { ExitResult, Process } from '../kernel/process.js';
import { KIND, makeError, errorOf } from '../modules/errors.js';
import type { SpawnOptions } from '../modules/process.js';
import { v7 } from '../modules/uuid.js';
import { createProcessGlobals } from '../system/env.js';
import type { Log } from '../system/log.js';
import type { Runtime, RtEntry } from '../system/runtime.js';
import { errorValueOf } from '../system/runtime.js';
import { CodecError, decodeError, decodeValue, encodeError, encodeValue, toJson } from './codec.js';
import { WfProcess } from './process.js';
import { LiveRun, type ActivityOptions } from './run.js';
import { FINISHED, type RunRecord, type RunStatus, type SignalRecord, type WorkflowStore } from './store.js';
import { installWorkflowEnv } from './env.js';
import { reusable, spawnStartPolicy, type StartPolicy } from './start-policy.js';

export interface EngineOptions {
  hostId: string;
  store: WorkflowStore;
  log: Log;
  /** how often to look for signals/cancels written by other OS processes (ms) */
  pollMs?: number;
  /** replay check: nothing is written and nothing runs live */
  replayOnly?: boolean;
  /** ownership timing on a shared store */
  lease?: LeaseOptions;
}

export interface LeaseOptions {
  /** how long a node's lease lasts after each renewal */
  ttlMs: number;
  heartbeatMs: number;
  /** how often to look for runs whose owner's lease expired */
  takeoverMs: number;
}

export const DEFAULT_LEASE: LeaseOptions = { ttlMs: 6000, heartbeatMs: 2000, takeoverMs: 1000 };

export type StartResult =
  | { run: RunRecord; created: boolean; process?: Process }
  | { kind: string; message: string };

export interface ReplayOutcome {
  ok: boolean;
  steps: number;
  report: string;
}

export class WorkflowEngine {
  readonly live = new Map<string, LiveRun>();
  readonly store: WorkflowStore;
  readonly log: Log;
  readonly hostId: string;
  /** this node: unique per process start, so a restarted node never inherits a lease */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private leaseTimers: ReturnType<typeof setInterval>[] = [];
  private watchers = new Map<string, ((r: RunRecord) => void)[]>();
  private stopping = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private lastSignal = 0;
  private lastPoll = 0;
  /** replay check result, set when the replayed process ends */
  replayResult: ReplayOutcome | undefined = undefined;
  private replayDone: ((r: ReplayOutcome) => void) | undefined;

  constructor(readonly rt: Runtime, readonly opts: EngineOptions) {
    this.store = opts.store;
    this.log = opts.log;
    this.hostId = opts.hostId;
  }

  // ---- lifecycle ------------------------------------------------------------------------

  /** Resume every unfinished run of this host (blocked ones are retried with the current
   * code) and start watching the store. Returns the number of runs resumed. */
  start(): number {
    const lease = this.opts.lease ?? DEFAULT_LEASE;
    if (this.store.shared) this.store.heartbeat(this.owner, lease.ttlMs);
    this.lastSignal = this.store.lastSignalId();
    this.lastPoll = Date.now();
    const n = this.resumeOrphans();
    if (n > 0) this.log.log('info', 'workflows resumed', { host: this.hostId, runs: n });
    const ms = this.opts.pollMs ?? 200;
    this.pollTimer = setInterval(() => this.poll(), ms);
    this.pollTimer.unref?.();
    if (this.store.shared) {
      const every = (ms: number, f: () => void) => {
        const h = setInterval(() => {
          if (this.stopping) return;
          try {
            f();
          } catch (e) {
            this.log.log('error', 'workflow store unreachable', { host: this.hostId, error: (e as Error).message });
          }
        }, ms);
        h.unref?.();
        this.leaseTimers.push(h);
      };
      every(lease.heartbeatMs, () => this.renewLease(lease.ttlMs));
      every(lease.takeoverMs, () => {
        const k = this.resumeOrphans();
        if (k > 0) this.log.log('info', 'workflows taken over', { host: this.hostId, runs: k });
      });
    }
    return n;
  }

  /** Claim and launch the runs this node may run now: at start every unfinished run (one
   * node) or the orphans (shared store). */
  private resumeOrphans(): number {
    let n = 0;
    for (const run of this.store.takeOver(this.hostId, this.owner)) {
      if (this.live.has(run.id)) continue; // a parent's replay already attached to it
      if (run.status === 'blocked') this.store.unblock(run.id);
      if (this.launch({ ...run, status: 'running' }, true, { claimed: true }) !== undefined) n++;
    }
    return n;
  }

  /** Renew this node's lease, then drop the live runs another node has taken meanwhile
   * (this node was too slow to renew: paused, or cut off from the store). */
  private renewLease(ttlMs: number): void {
    this.store.heartbeat(this.owner, ttlMs);
    const lost = this.store.lostRuns(this.owner, [...this.live.keys()]);
    for (const id of lost) {
      const live = this.live.get(id);
      if (live !== undefined) this.runLost(live);
    }
  }

  /** Stop every live run without recording anything: they resume at the next start. */
  stop(): void {
    this.stopping = true;
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    for (const h of this.leaseTimers) clearInterval(h);
    this.leaseTimers = [];
    for (const run of [...this.live.values()]) {
      const p = run.process;
      if (p === undefined || p.exited) continue;
      p.engineExit = 'shutdown';
      p.exit({ error: makeError(KIND.CANCELED, 'workflow host stopped') });
    }
    this.live.clear();
    this.watchers.clear();
    if (this.store.shared && !this.opts.replayOnly) {
      try {
        this.store.leave(this.owner);
      } catch (e) {
        this.log.log('error', 'workflow store unreachable', { host: this.hostId, error: (e as Error).message });
      }
    }
  }

  // ---- starting -------------------------------------------------------------------------

  /** Start a run of `entryId` under `id` (a new id when undefined), or find the existing
   * run with that id: starting an id twice returns the existing run. */
  startRun(entryId: string, id: string | undefined, args: LuaValue[], opts: {
    parent?: string; context?: LuaTable; message?: { topic: string; from: string; payloads: LuaValue[] }; policy?: StartPolicy;
  } = {}): StartResult {
    if (this.stopping) return { kind: KIND.UNAVAILABLE, message: `workflow host ${this.hostId} is stopped` };
    const entry = this.rt.entries.get(entryId);
    if (entry === undefined) return { kind: KIND.NOT_FOUND, message: `entry '${entryId}' not found` };
    if (entry.kind !== 'workflow.lua') return { kind: KIND.INVALID, message: `entry '${entryId}' is a ${entry.kind}, not a workflow.lua` };
    const runId = id ?? v7();
    if (runId === '') return { kind: KIND.INVALID, message: 'workflow id must not be empty' };
    let argsJson: string, ctxJson: string | undefined;
    try {
      argsJson = JSON.stringify(args.map((a) => toJson(a, 0)));
      ctxJson = opts.context === undefined ? undefined : encodeValue(opts.context);
    } catch (e) {
      if (e instanceof CodecError) return { kind: KIND.INVALID, message: `workflow arguments: ${e.message}` };
      throw e;
    }
    const fresh = { id: runId, entry: entryId, host: this.hostId, args: argsJson, parent: opts.parent, owner: this.owner, context: ctxJson };
    let { run, created } = this.store.createRun(fresh);
    let restarted = false;
    if (!created) {
      // the id is taken: the start policies decide (start-policy.ts)
      const policy = opts.policy ?? {};
      if (!FINISHED.has(run.status)) {
        if (policy.conflict === 'fail') return { kind: KIND.ALREADY_EXISTS, message: `workflow id '${runId}' is already running (${run.entry})` };
        if (policy.conflict === 'terminate_existing') {
          this.terminate(runId, 'terminated by a new start of its id (id_conflict_policy terminate_existing)');
          run = this.store.getRun(runId) ?? run;
        }
      }
      if (FINISHED.has(run.status)) {
        const allowed = policy.conflict === 'terminate_existing' && run.status === 'terminated' ? ['terminated' as RunStatus] : reusable(policy.reuse);
        if (allowed.includes(run.status)) {
          const again = this.store.restartRun(fresh, allowed);
          if (again !== undefined) {
            run = again;
            created = true;
            restarted = true;
          }
        } else if (policy.reuse !== undefined) {
          return { kind: KIND.ALREADY_EXISTS, message: `workflow id '${runId}' was already used by a run that ${run.status} (id_reuse_policy ${policy.reuse})` };
        }
      }
    }
    if (run.entry !== entryId) {
      return { kind: KIND.ALREADY_EXISTS, message: `workflow id '${runId}' is already used by a run of ${run.entry}` };
    }
    if (created && opts.message !== undefined) {
      this.signal(runId, opts.message.topic, opts.message.from, opts.message.payloads);
    }
    const live = this.live.get(runId);
    if (live !== undefined) return { run, created, process: live.process };
    if (run.status !== 'running') return { run, created };
    if (run.host !== this.hostId) return { run, created };
    // a new run is ours already (created with this node as owner) and has no history yet
    const p = this.launch(run, !created, { claimed: created, fresh: created && !restarted && opts.message === undefined });
    // a run that could not start was failed or blocked meanwhile: report what the store says
    return { run: p === undefined ? this.store.getRun(runId) ?? run : run, created, process: p };
  }

  /** process.spawn(entry, workflow_host, ...): a workflow run whose process is returned
   * (a finished run gives a process that ends at once with the stored result). */
  spawn(parent: Process | undefined, entry: RtEntry, args: LuaValue[], opts: SpawnOptions): Process | { kind: string; message: string } {
    const id = workflowIdOption(opts);
    const policy = spawnStartPolicy(opts.options);
    if (typeof policy === 'string') return { kind: KIND.INVALID, message: policy };
    const r = this.startRun(entry.id, id, args, {
      policy,
      context: opts.context,
      message: opts.message ? { ...opts.message, from: parent?.pid ?? '' } : undefined,
    });
    if ('kind' in r) return r;
    const p = r.process ?? this.resultProcess(r.run);
    if (parent !== undefined && !p.exited) {
      if (opts.monitor) { p.monitors.add(parent); parent.monitoring.add(p); }
      if (opts.link) { p.links.add(parent); parent.links.add(p); }
    }
    return p;
  }

  /** A process standing for a run that is not running here: it exits with the stored
   * result (monitors and exec callers get it). */
  resultProcess(run: RunRecord): Process {
    const p = this.rt.node.create(this.hostId, createProcessGlobals(this.rt.base));
    p.ctx.entry = run.entry;
    p.ctx.workflowId = run.id;
    let fn: LuaFunction;
    if (run.status === 'running') {
      // running on another node: wait for it to finish (the poll sees it in the store)
      const engine = this;
      fn = () => yieldPlain();
      fn.$g = function* (): LuaGen {
        const w = new Waiter();
        w.onCancel(engine.whenFinished(run.id, (r) => w.complete(runOutcome(r))));
        const r = (yield new BlockSignal(w)) as ExitResult;
        return r.error !== undefined ? [undefined, r.error] : r.value;
      };
    } else {
      fn = () => runResult(run);
    }
    p.startTask(fn, [], true);
    return p;
  }

  /** Run (or resume) a run in a new WfProcess; undefined when it cannot start (the run is
   * then blocked or failed with the reason). */
  launch(run: RunRecord, recovered: boolean, how: { claimed?: boolean; fresh?: boolean } = {}): WfProcess | undefined {
    const rt = this.rt;
    // on a shared store another live node may own it: then it runs there, not here
    if (!this.opts.replayOnly && how.claimed !== true && !this.store.claim(run.id, this.owner)) return undefined;
    const entry = rt.entries.get(run.entry);
    if (entry === undefined || entry.kind !== 'workflow.lua') {
      this.cannotStart(run, recovered, `workflow entry '${run.entry}' not found in the current code`);
      return undefined;
    }
    const steps = how.fresh === true ? [] : this.store.steps(run.id);
    const signals = this.opts.replayOnly || how.fresh === true ? [] : this.store.pendingSignals(run.id);
    const live = new LiveRun(this, run, steps, signals, this.opts.replayOnly === true);
    const node = rt.node;
    const p = new WfProcess(node, node.newPid(this.hostId), createProcessGlobals(rt.base), this.hostId, live);
    live.process = p;
    node.processes.set(p.pid, p);
    if (!node.names.has(run.id)) {
      node.names.set(run.id, p);
      p.names.add(run.id);
    }
    p.ctx.entry = entry.id;
    p.ctx.entryRef = entry;
    p.ctx.workflow = live;
    p.ctx.workflowId = run.id;
    p.ctx.startedAt = Date.now();
    const ctx = decodeValue(run.context);
    if (ctx instanceof LuaTable) p.ctx.context = ctx;
    let fn: LuaFunction;
    const saved = node.current;
    node.current = p;
    try {
      installWorkflowEnv(this, p, entry);
      fn = rt.entryFunction(entry, p.env);
    } catch (e) {
      node.release(p);
      this.cannotStart(run, recovered, `cannot start ${entry.id}: ${tostring(toLuaError(e).value)}`);
      return undefined;
    } finally {
      node.current = saved;
    }
    const args = decodeValue(run.args);
    const argList = args instanceof LuaTable ? argsOf(args, run.args) : [];
    this.live.set(run.id, live);
    p.startTask(fn, argList, true);
    return p;
  }

  private cannotStart(run: RunRecord, recovered: boolean, reason: string): void {
    this.log.log('error', 'workflow cannot start', { workflow: run.id, reason });
    if (this.opts.replayOnly) {
      this.finishReplay({ ok: false, steps: 0, report: reason });
      return;
    }
    if (recovered) this.store.blockRun(run.id, reason, this.owner);
    else this.store.finishRun(run.id, 'failed', null, JSON.stringify({ kind: KIND.INVALID, message: reason }), this.owner);
    this.notify(run.id);
  }

  // ---- how a run's process ends -------------------------------------------------------

  /** Called by the WfProcess as it exits; records the outcome and returns the exit result
   * monitors see. */
  processExited(run: LiveRun, p: WfProcess, r: ExitResult): ExitResult {
    if (this.live.get(run.id) === run) this.live.delete(run.id);
    const reason = p.engineExit;
    if (this.opts.replayOnly) {
      if (!run.halted && reason === undefined) {
        if (run.unreplayedHistory()) this.finishReplay({ ok: false, steps: run.nextSeq - 1, report: run.endReport() });
        else this.finishReplay(this.compareResult(run, r));
      } else if (!run.halted) {
        this.finishReplay({ ok: false, steps: run.nextSeq - 1, report: `replay stopped: ${reason}` });
      }
      return r;
    }
    if (reason === 'shutdown' || reason === 'continued') return r;
    if (run.halted || reason === 'blocked') {
      return { error: makeError(KIND.INTERNAL, `workflow blocked: ${run.haltReport}`) };
    }
    if (reason === 'terminated') {
      this.notify(run.id);
      return r;
    }
    if (!p.codeDone) {
      // ended from outside (process.terminate, a failed link)
      this.store.terminate(run.id, `terminated: ${tostring(r.error)}`);
      this.notify(run.id);
      return r;
    }
    if (run.lost) return r;
    if (r.error === undefined && run.unreplayedHistory()) {
      const report = run.endReport();
      this.store.blockRun(run.id, report, this.owner);
      this.log.log('error', 'workflow blocked', { workflow: run.id, report });
      return { error: makeError(KIND.INTERNAL, `workflow blocked: ${report}`) };
    }
    // waiters hear of the end once it is committed (a shared store commits it later)
    const finish = (status: RunStatus, result: string | null, error: string | null) =>
      this.store.writeFinish(run.id, status, result, error, this.owner, (ok) => {
        if (ok instanceof Error) this.log.log('error', 'workflow end not recorded', { workflow: run.id, error: ok.message });
        const now = Date.now();
        // written by this node just now: the record is known without reading it back
        this.notify(run.id, ok === true ? { ...run.record, status, result, error, finishedAt: now, updatedAt: now } : undefined);
      });
    if (r.error !== undefined) {
      const canceled = run.canceled && errorOf(r.error)?.kind === KIND.CANCELED;
      finish(canceled ? 'canceled' : 'failed', null, encodeError(r.error));
    } else {
      let result: string;
      try {
        result = encodeValue(r.value);
      } catch (e) {
        const err = makeError(KIND.INTERNAL, `workflow result cannot be recorded: ${(e as Error).message}`);
        finish('failed', null, encodeError(err));
        return { error: err };
      }
      finish('completed', result, null);
    }
    return r;
  }

  /** Non-determinism (or a store failure): mark blocked, end the process soon. */
  runBlocked(run: LiveRun, report: string): void {
    this.log.log('error', 'workflow blocked', { workflow: run.id, report });
    if (this.opts.replayOnly) {
      this.finishReplay({ ok: false, steps: run.nextSeq - 1, report });
    } else {
      try { this.store.blockRun(run.id, report, this.owner); } catch { /* the store itself failed */ }
    }
    this.endSoon(run, 'blocked');
  }

  /** continue-as-new: once the run's steps are committed, replace its arguments and clear
   * its history in one store transaction (fenced like a step), end this process and start
   * the code again. Monitors and links of the process move to the new one; waiters on the
   * workflow id hear of the end of the last run of the chain. */
  continueAsNew(run: LiveRun, argsJson: string): void {
    const p = run.process!;
    // never from inside the run's own code: the process is ended and replaced afterwards
    const later = (f: () => void) => setImmediate(() => this.store.afterWrites(run.id, f));
    later(() => {
      if (p.exited || run.lost || this.stopping) return;
      let ok: boolean;
      try {
        ok = this.store.continueAsNew(run.id, argsJson, this.owner);
      } catch (e) {
        run.haltReport = `continue_as_new not recorded: ${(e as Error).message}`;
        this.runBlocked(run, run.haltReport);
        return;
      }
      if (!ok) {
        // finished meanwhile (terminated) or taken over by another node
        run.lost = true;
        this.endSoon(run, 'shutdown');
        return;
      }
      const monitors = [...p.monitors];
      const links = [...p.links];
      p.monitors.clear();
      p.links.clear();
      p.engineExit = 'continued';
      p.exit({ error: makeError(KIND.CANCELED, 'workflow continued as new') });
      if (this.live.get(run.id) === run) this.live.delete(run.id);
      const next = this.launch({ ...run.record, args: argsJson, status: 'running' }, false, { claimed: true });
      if (next === undefined) return;
      for (const m of monitors) { next.monitors.add(m); m.monitoring.delete(p); m.monitoring.add(next); }
      for (const l of links) { next.links.add(l); l.links.delete(p); l.links.add(next); }
    });
  }

  /** Another node owns the run now: end its process here without recording anything. */
  runLost(run: LiveRun): void {
    if (run.lost) return;
    run.lost = true;
    run.halted = true;
    run.haltReport = 'another node took the run over';
    this.log.log('warn', 'workflow taken over by another node', { workflow: run.id });
    if (this.live.get(run.id) === run) this.live.delete(run.id);
    this.endSoon(run, 'shutdown');
  }

  replayReachedEnd(run: LiveRun): void {
    const n = run.nextSeq - 1;
    this.finishReplay({ ok: true, steps: n, report: `the code replays all ${n} recorded steps; the run would continue live from step ${n + 1}` });
    this.endSoon(run, 'shutdown');
  }

  private endSoon(run: LiveRun, why: 'blocked' | 'shutdown'): void {
    const p = run.process;
    setImmediate(() => {
      if (p === undefined || p.exited) return;
      p.engineExit = why;
      p.exit({ error: makeError(KIND.INTERNAL, `workflow blocked: ${run.haltReport}`) });
    });
  }

  private compareResult(run: LiveRun, r: ExitResult): ReplayOutcome {
    const n = run.nextSeq - 1;
    const rec = run.record;
    if (rec.status === 'completed' || rec.status === 'failed') {
      let now: string;
      try {
        now = r.error !== undefined ? encodeError(r.error) : encodeValue(r.value);
      } catch (e) {
        now = `<unrecordable: ${(e as Error).message}>`;
      }
      const then = rec.status === 'completed' ? rec.result : rec.error;
      const same = (rec.status === 'completed') === (r.error === undefined) && now === then;
      if (!same) {
        return { ok: false, steps: n, report: `the code replays all ${n} steps but ends differently: recorded ${rec.status} ${then}, now ${r.error !== undefined ? 'failed' : 'completed'} ${now}` };
      }
    }
    return { ok: true, steps: n, report: `the code replays all ${n} recorded steps and ends the same way` };
  }

  /** For `wippy workflow replay`: resolves when the replayed run halts or ends. */
  replay(run: RunRecord): Promise<ReplayOutcome> {
    return new Promise((resolve) => {
      this.replayDone = resolve;
      const p = this.launch(run, true);
      if (p === undefined && this.replayResult === undefined) resolve({ ok: false, steps: 0, report: 'the run cannot start' });
    });
  }

  private finishReplay(o: ReplayOutcome): void {
    if (this.replayResult !== undefined) return;
    this.replayResult = o;
    this.replayDone?.(o);
  }

  // ---- waiting for runs -----------------------------------------------------------------

  /** Call `f` with the run once it has finished (now, when it already has). */
  whenFinished(id: string, f: (r: RunRecord) => void): () => void {
    const run = this.store.getRun(id);
    if (run !== undefined && FINISHED.has(run.status)) {
      f(run);
      return () => {};
    }
    const list = this.watchers.get(id) ?? [];
    list.push(f);
    this.watchers.set(id, list);
    return () => {
      const l = this.watchers.get(id);
      if (l === undefined) return;
      const i = l.indexOf(f);
      if (i >= 0) l.splice(i, 1);
    };
  }

  /** Tell the waiters of run `id` it finished; `known` is its record when this node just
   * wrote its end (saves reading it back). */
  private notify(id: string, known?: RunRecord): void {
    const list = this.watchers.get(id);
    if (list === undefined || list.length === 0) return;
    const run = known ?? this.store.getRun(id);
    if (run === undefined || !FINISHED.has(run.status)) return;
    this.watchers.delete(id);
    for (const f of list) f(run);
  }

  // ---- activities and children ----------------------------------------------------------

  /** Start one attempt of an activity; returns the cleanup for a canceled wait. */
  startActivity(run: LiveRun, seq: number, attempt: number, id: string, args: LuaValue[], opts: ActivityOptions,
                done: (r: ExitResult) => void): () => void {
    const p = run.process!;
    const ctx = new LuaTable();
    for (const t of [p.ctx.context, opts.context]) {
      if (!(t instanceof LuaTable)) continue;
      for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) ctx.set(e[0], e[1]);
    }
    ctx.setStr('workflow_id', run.id);
    ctx.setStr('activity_id', `${run.id}:${seq}`);
    ctx.setStr('attempt', attempt);
    let finished = false;
    const h = opts.timeoutMs > 0 ? setTimeout(() => {
      if (finished) return;
      finished = true;
      done({ error: makeError(KIND.TIMEOUT, `activity ${id} timed out after ${opts.timeoutMs} ms`) });
    }, opts.timeoutMs) : undefined;
    const call = () => {
      if (finished || p.exited) return;
      const saved = p.ctx.context;
      p.ctx.context = ctx;
      try {
        this.rt.callFunction(p, id, args.map((a) => copyValue(a)), (r) => {
          if (finished) return;
          finished = true;
          if (h !== undefined) clearTimeout(h);
          done(r);
        });
      } finally {
        p.ctx.context = saved;
      }
    };
    // the activity is an effect: the steps before it must be committed first, so a crash
    // never re-runs an activity whose successor already ran
    this.store.afterWrites(run.id, call);
    return () => {
      finished = true;
      if (h !== undefined) clearTimeout(h);
    };
  }

  /** Start (or attach to) a child run and call `done` with its outcome. */
  startChild(parent: LiveRun, childId: string, entry: string, args: LuaValue[], done: (r: ExitResult) => void): () => void {
    const ctx = parent.process?.ctx.context;
    const r = this.startRun(entry, childId, args, { parent: parent.id, context: ctx instanceof LuaTable ? ctx : undefined });
    if ('kind' in r) {
      const err = makeError(r.kind, r.message, { retryable: false });
      setImmediate(() => done({ error: err }));
      return () => {};
    }
    return this.whenFinished(childId, (run) => done(runOutcome(run)));
  }

  // ---- signals, cancel, terminate ---------------------------------------------------------

  /** Store a signal for a run (any state but finished) and offer it if the run is live. */
  signal(id: string, topic: string, from: string, payloads: LuaValue[]): { id: number } | { kind: string; message: string } {
    const run = this.store.getRun(id);
    if (run === undefined) return { kind: KIND.NOT_FOUND, message: `workflow '${id}' not found` };
    if (FINISHED.has(run.status)) return { kind: KIND.INVALID, message: `workflow '${id}' has finished (${run.status})` };
    let json: string;
    try {
      json = JSON.stringify(payloads.map((v) => toJson(v, 0)));
    } catch (e) {
      if (e instanceof CodecError) return { kind: KIND.INVALID, message: `signal payload: ${e.message}` };
      throw e;
    }
    const sid = this.store.addSignal(id, topic, from, json);
    const live = this.live.get(id);
    live?.signalArrived({ id: sid, runId: id, topic, sender: from, payloads: json, createdAt: Date.now(), consumedSeq: null });
    return { id: sid };
  }

  cancel(id: string, reason: string): boolean {
    const ok = this.store.requestCancel(id, reason);
    this.live.get(id)?.requestCancel(reason);
    return ok;
  }

  terminate(id: string, reason: string): boolean {
    const ok = this.store.terminate(id, reason);
    const live = this.live.get(id);
    if (live !== undefined) this.killTerminated(live, reason);
    this.notify(id);
    return ok;
  }

  private killTerminated(live: LiveRun, reason: string): void {
    const p = live.process;
    if (p === undefined || p.exited) return;
    p.engineExit = 'terminated';
    p.exit({ error: makeError(KIND.CANCELED, `workflow terminated: ${reason}`) });
  }

  /** What other OS processes wrote: new signals, cancel and terminate requests. */
  poll(): void {
    if (this.stopping) return;
    try {
      if (this.store.shared) {
        // ids from a sequence commit out of order across nodes: ask by run, not by id
        if (this.live.size > 0) for (const s of this.store.pendingSignalsOf([...this.live.keys()])) this.live.get(s.runId)?.signalArrived(s);
      } else {
        for (const s of this.store.signalsAfter(this.lastSignal)) {
          this.lastSignal = Math.max(this.lastSignal, s.id);
          this.live.get(s.runId)?.signalArrived(s);
        }
      }
      const since = this.lastPoll - 2000;
      this.lastPoll = Date.now();
      for (const run of this.store.changedSince(since)) {
        const live = this.live.get(run.id);
        if (live !== undefined) {
          if (run.status === 'terminated') {
            this.killTerminated(live, 'terminated');
            this.notify(run.id);
          } else if (run.cancelRequested) {
            live.requestCancel(run.cancelReason ?? 'canceled');
          }
        } else if (FINISHED.has(run.status)) {
          this.notify(run.id);
        }
      }
    } catch (e) {
      this.log.log('error', 'workflow store poll failed', { host: this.hostId, error: (e as Error).message });
    }
  }
}

/** The workflow id asked for in spawn options: `workflow.id` / `temporal.workflow.id`, or the name. */
export function workflowIdOption(opts: SpawnOptions): string | undefined {
  const o = opts.options;
  if (o instanceof LuaTable) {
    for (const k of ['workflow.id', 'temporal.workflow.id']) {
      const v = o.getStr(k);
      if (typeof v === 'string' && v !== '') return v;
    }
    const w = o.getStr('workflow');
    if (w instanceof LuaTable && typeof w.getStr('id') === 'string') return w.getStr('id') as string;
  }
  return opts.name;
}

/** A finished run as an exit result (blocked or running runs give an error). */
export function runOutcome(run: RunRecord): ExitResult {
  switch (run.status) {
    case 'completed': return { value: decodeValue(run.result) };
    case 'failed': case 'canceled': case 'terminated':
      return { error: run.error ? decodeError(run.error) : makeError(KIND.UNKNOWN, `workflow ${run.status}`) };
    case 'blocked': return { error: makeError(KIND.INTERNAL, `workflow blocked: ${run.report ?? ''}`) };
    default: return { error: makeError(KIND.UNAVAILABLE, `workflow ${run.id} is still running on another node`) };
  }
}

function runResult(run: RunRecord): LuaValue {
  const r = runOutcome(run);
  return r.error !== undefined ? [undefined, r.error] : r.value;
}

function argsOf(t: LuaTable, json: string): LuaValue[] {
  const n = (JSON.parse(json) as unknown[]).length;
  const out: LuaValue[] = [];
  for (let i = 1; i <= n; i++) out.push(t.get(i));
  return out;
}

export { errorValueOf };
