// The workflow store: what survives a crash. A run is a row; every durable operation a run
// performs is a step (run id, seq) whose output is written in the same transaction that
// completes it; signals wait in an inbox table until a step consumes them.
//
// This interface is all the engine uses: the SQLite store (sqlite-store.ts, one node) and
// the PostgreSQL store (pg-store.ts, several nodes) implement it. On a shared store every
// run has an owner node, which holds it under a lease it renews (heartbeat); a node whose
// lease expired loses its runs to whichever node takes them over, and the store refuses
// the old owner's writes (fencing: LeaseLostError).

export type RunStatus = 'running' | 'completed' | 'failed' | 'canceled' | 'terminated' | 'blocked';

export const FINISHED: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'canceled', 'terminated']);

export interface RunRecord {
  id: string;
  /** the workflow.lua entry id */
  entry: string;
  /** the workflow.host entry that runs it */
  host: string;
  /** JSON array of the start arguments (codec.ts) */
  args: string;
  status: RunStatus;
  /** JSON of the result value (completed) */
  result: string | null;
  /** JSON of the error (failed, canceled, terminated) */
  error: string | null;
  /** the parent run of a child workflow */
  parent: string | null;
  /** the node that runs (or last ran) it */
  owner: string | null;
  cancelRequested: boolean;
  cancelReason: string | null;
  /** why the run is blocked (non-determinism report) */
  report: string | null;
  /** JSON object of the context values it was started with */
  context: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface StepRecord {
  runId: string;
  seq: number;
  /** call, sleep, timer, fire, now, uuid, recv, send, child, version, cancel, time */
  kind: string;
  /** what the step is about: function id, uuid version, topic, change id... */
  name: string;
  /** JSON (codec.ts) */
  output: string | null;
  createdAt: number;
}

export interface SignalRecord {
  id: number;
  runId: string;
  topic: string;
  sender: string;
  /** JSON array of the payloads */
  payloads: string;
  createdAt: number;
  /** the seq of the step that consumed it */
  consumedSeq: number | null;
}

export interface NewRun {
  id: string;
  entry: string;
  host: string;
  args: string;
  parent?: string;
  owner?: string;
  context?: string;
}

/** A write refused because the run is now owned by another node. */
export class LeaseLostError extends Error {
  constructor(readonly runId: string) {
    super(`workflow ${runId} is owned by another node now (this node's lease on it expired)`);
  }
}

export interface WorkflowStore {
  /** several nodes may run this store's runs: ownership is leased */
  readonly shared: boolean;
  /** Create a run, or return the existing one with that id (idempotent start). */
  createRun(r: NewRun): { run: RunRecord; created: boolean };
  /** A new run under the id of a finished one whose status is in `allowed` (id reuse):
   * arguments, owner and context replaced, history cleared. undefined when not allowed. */
  restartRun(r: NewRun, allowed: RunStatus[]): RunRecord | undefined;
  getRun(id: string): RunRecord | undefined;
  listRuns(opts?: { status?: RunStatus[]; limit?: number }): RunRecord[];
  /** runs to resume when a node starts: running and blocked */
  unfinishedRuns(host: string): RunRecord[];
  /** runs changed at or after `sinceMs` (another process's cancel/terminate) */
  changedSince(sinceMs: number): RunRecord[];
  /** Take run `id` for `owner` when it is free, already ours, or its owner's lease has
   * expired; false when another live node owns it. */
  claim(id: string, owner: string): boolean;
  /** Claim every unfinished run of `host` that is free, ours or orphaned (its owner's lease
   * expired) and return them: what `owner` should be running. */
  takeOver(host: string, owner: string): RunRecord[];
  /** Renew `owner`'s lease for `ttlMs` (a no-op on a store with one node). */
  heartbeat(owner: string, ttlMs: number): void;
  /** Of the runs `ids` this node runs, those now owned by another node. */
  lostRuns(owner: string, ids: string[]): string[];
  /** A clean stop: give up `owner`'s lease and runs so other nodes take them at once. */
  leave(owner: string): void;
  steps(runId: string): StepRecord[];
  /** Record a step; with `signal`, mark that inbox row consumed in the same transaction.
   * Throws when (run, seq) is already recorded, LeaseLostError when `owner` no longer owns
   * the run. */
  recordStep(step: StepRecord, signal?: number, owner?: string): void;
  /** recordStep whose outcome may come later: a shared store groups the writes of many
   * runs into one commit. `done` gets undefined once the step is committed, or the error
   * (LeaseLostError when fenced). A synchronous store calls `done` before returning. */
  writeStep(step: StepRecord, signal: number | undefined, owner: string, done: (err: Error | undefined) => void): void;
  /** finishRun the same way: `done` gets whether the run changed, or the error. */
  writeFinish(id: string, status: RunStatus, result: string | null, error: string | null, owner: string,
              done: (r: boolean | Error) => void): void;
  /** Call `f` once every write of run `id` issued so far is committed (at once if none is
   * pending): what the engine waits for before an effect the history must precede. */
  afterWrites(id: string, f: () => void): void;
  /** running/blocked -> a final status; false when the run had already finished (or, with
   * `owner`, belongs to another node) */
  finishRun(id: string, status: RunStatus, result: string | null, error: string | null, owner?: string): boolean;
  blockRun(id: string, report: string, owner?: string): void;
  /** continue-as-new: new arguments, empty history (unconsumed signals stay), if `owner`
   * still owns the unfinished run; false otherwise. */
  continueAsNew(id: string, args: string, owner: string): boolean;
  unblock(id: string): void;
  requestCancel(id: string, reason: string): boolean;
  terminate(id: string, reason: string): boolean;
  addSignal(runId: string, topic: string, sender: string, payloads: string): number;
  pendingSignals(runId: string): SignalRecord[];
  /** unconsumed signals of these runs (how a node on a shared store finds new signals) */
  pendingSignalsOf(runIds: string[]): SignalRecord[];
  signalsAfter(lastId: number): SignalRecord[];
  lastSignalId(): number;
  /** every signal of a run, consumed or not (`wippy workflow history`) */
  allSignals(runId: string): SignalRecord[];
  close(): void;
}
