// The embedded workflow store: one SQLite file (better-sqlite3, synchronous) in WAL mode.
// Several OS processes may open the same file (the runtime and `wippy workflow signal`):
// writes are serialised by SQLite, readers wait up to busy_timeout.
//
// Durability (store-config.ts, `durability`):
//   full     synchronous=FULL: every commit fsyncs the WAL, so a recorded step survives a
//            kill -9 and a power cut. Costs one fsync per step (milliseconds on most disks).
//   batched  (default) synchronous=NORMAL: a commit is in the WAL (the OS page cache) when it
//            returns, so it survives a crash of the process (kill -9, OOM) at once; the WAL
//            is fsynced off the main thread every `sync_interval`, so an OS crash or power
//            cut loses at most the steps of the last interval — after which those runs
//            replay from their last durable step (their in-flight activities run again,
//            as after any crash). The file itself is never corrupted (SQLite's WAL rules).

import Database from 'better-sqlite3';
import { closeSync, existsSync, fsync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { NewRun, RunRecord, RunStatus, SignalRecord, StepRecord, WorkflowStore } from './store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS wf_runs (
  id TEXT PRIMARY KEY,
  entry TEXT NOT NULL,
  host TEXT NOT NULL,
  args TEXT NOT NULL,
  status TEXT NOT NULL,
  result TEXT,
  error TEXT,
  parent TEXT,
  owner TEXT,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  cancel_reason TEXT,
  report TEXT,
  context TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS wf_runs_status ON wf_runs(status);
CREATE INDEX IF NOT EXISTS wf_runs_updated ON wf_runs(updated_at);
CREATE TABLE IF NOT EXISTS wf_steps (
  run_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  output TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS wf_inbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  topic TEXT NOT NULL,
  sender TEXT NOT NULL,
  payloads TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  consumed_seq INTEGER
);
CREATE INDEX IF NOT EXISTS wf_inbox_run ON wf_inbox(run_id, consumed_seq);
`;

interface RunRow {
  id: string; entry: string; host: string; args: string; status: string; result: string | null; error: string | null;
  parent: string | null; owner: string | null; cancel_requested: number; cancel_reason: string | null;
  report: string | null; context: string | null; created_at: number; updated_at: number; finished_at: number | null;
}

function runOf(r: RunRow): RunRecord {
  return {
    id: r.id, entry: r.entry, host: r.host, args: r.args, status: r.status as RunStatus, result: r.result,
    error: r.error, parent: r.parent, owner: r.owner, cancelRequested: r.cancel_requested !== 0,
    cancelReason: r.cancel_reason, report: r.report, context: r.context, createdAt: r.created_at,
    updatedAt: r.updated_at, finishedAt: r.finished_at,
  };
}

interface SignalRow {
  id: number; run_id: string; topic: string; sender: string; payloads: string; created_at: number; consumed_seq: number | null;
}

function signalOf(r: SignalRow): SignalRecord {
  return { id: r.id, runId: r.run_id, topic: r.topic, sender: r.sender, payloads: r.payloads, createdAt: r.created_at, consumedSeq: r.consumed_seq };
}

export class SqliteStore implements WorkflowStore {
  readonly shared = false;
  readonly db: Database.Database;
  private st: Record<string, Database.Statement>;

  /** batched durability: fd of the WAL file, writes since its last fsync */
  private walFd: number | undefined;
  private unsynced = 0;
  private syncing = false;
  private syncTimer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly file: string, opts: { readonly?: boolean; syncIntervalMs?: number } = {}) {
    if (file !== ':memory:' && !opts.readonly) mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file, { readonly: opts.readonly === true, fileMustExist: opts.readonly === true });
    this.db.pragma('busy_timeout = 10000');
    if (!opts.readonly) {
      this.db.pragma('journal_mode = WAL');
      const batched = opts.syncIntervalMs !== undefined && opts.syncIntervalMs > 0 && file !== ':memory:';
      this.db.pragma(batched ? 'synchronous = NORMAL' : 'synchronous = FULL');
      this.db.exec(SCHEMA);
      if (batched) {
        this.syncTimer = setInterval(() => this.syncWal(), opts.syncIntervalMs);
        this.syncTimer.unref?.();
      }
    }
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      getRun: p('SELECT * FROM wf_runs WHERE id = ?'),
      insertRun: p(`INSERT INTO wf_runs (id, entry, host, args, status, parent, owner, context, created_at, updated_at)
                    VALUES (@id, @entry, @host, @args, 'running', @parent, @owner, @context, @now, @now)
                    ON CONFLICT (id) DO NOTHING RETURNING *`),
      unfinished: p(`SELECT * FROM wf_runs WHERE host = ? AND status IN ('running', 'blocked') ORDER BY created_at, id`),
      changed: p('SELECT * FROM wf_runs WHERE updated_at >= ?'),
      claim: p('UPDATE wf_runs SET owner = ? WHERE id = ?'),
      steps: p('SELECT * FROM wf_steps WHERE run_id = ? ORDER BY seq'),
      insertStep: p('INSERT INTO wf_steps (run_id, seq, kind, name, output, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      consume: p('UPDATE wf_inbox SET consumed_seq = ? WHERE id = ? AND consumed_seq IS NULL'),
      finish: p(`UPDATE wf_runs SET status = ?, result = ?, error = ?, finished_at = ?, updated_at = ?
                 WHERE id = ? AND status IN ('running', 'blocked')`),
      block: p(`UPDATE wf_runs SET status = 'blocked', report = ?, updated_at = ? WHERE id = ? AND status IN ('running', 'blocked')`),
      unblock: p(`UPDATE wf_runs SET status = 'running', report = NULL, updated_at = ? WHERE id = ? AND status = 'blocked'`),
      cancel: p(`UPDATE wf_runs SET cancel_requested = 1, cancel_reason = ?, updated_at = ?
                 WHERE id = ? AND status IN ('running', 'blocked') AND cancel_requested = 0`),
      addSignal: p('INSERT INTO wf_inbox (run_id, topic, sender, payloads, created_at) VALUES (?, ?, ?, ?, ?)'),
      pending: p('SELECT * FROM wf_inbox WHERE run_id = ? AND consumed_seq IS NULL ORDER BY id'),
      after: p('SELECT * FROM wf_inbox WHERE id > ? ORDER BY id'),
      lastSignal: p('SELECT COALESCE(MAX(id), 0) AS id FROM wf_inbox'),
    };
  }

  createRun(r: NewRun): { run: RunRecord; created: boolean } {
    this.wrote();
    const row = this.st.insertRun.get({
      id: r.id, entry: r.entry, host: r.host, args: r.args, parent: r.parent ?? null, owner: r.owner ?? null,
      context: r.context ?? null, now: Date.now(),
    }) as RunRow | undefined;
    return row !== undefined ? { run: runOf(row), created: true } : { run: this.getRun(r.id)!, created: false };
  }

  restartRun(r: NewRun, allowed: RunStatus[]): RunRecord | undefined {
    if (allowed.length === 0) return undefined;
    this.wrote();
    return this.db.transaction(() => {
      const row = this.db.prepare(`UPDATE wf_runs SET entry = ?, args = ?, status = 'running', result = NULL, error = NULL,
          parent = ?, owner = ?, cancel_requested = 0, cancel_reason = NULL, report = NULL, context = ?, updated_at = ?,
          finished_at = NULL WHERE id = ? AND status IN (${allowed.map(() => '?').join(', ')}) RETURNING *`)
        .get(r.entry, r.args, r.parent ?? null, r.owner ?? null, r.context ?? null, Date.now(), r.id, ...allowed) as RunRow | undefined;
      if (row === undefined) return undefined;
      this.db.prepare('DELETE FROM wf_steps WHERE run_id = ?').run(r.id);
      return runOf(row);
    })();
  }

  getRun(id: string): RunRecord | undefined {
    const r = this.st.getRun.get(id) as RunRow | undefined;
    return r === undefined ? undefined : runOf(r);
  }

  listRuns(opts: { status?: RunStatus[]; limit?: number } = {}): RunRecord[] {
    let sql = 'SELECT * FROM wf_runs';
    const params: unknown[] = [];
    if (opts.status !== undefined && opts.status.length > 0) {
      sql += ` WHERE status IN (${opts.status.map(() => '?').join(', ')})`;
      params.push(...opts.status);
    }
    sql += ' ORDER BY created_at, id';
    if (opts.limit !== undefined) { sql += ' LIMIT ?'; params.push(opts.limit); }
    return (this.db.prepare(sql).all(...params) as RunRow[]).map(runOf);
  }

  unfinishedRuns(host: string): RunRecord[] {
    return (this.st.unfinished.all(host) as RunRow[]).map(runOf);
  }

  changedSince(sinceMs: number): RunRecord[] {
    return (this.st.changed.all(sinceMs) as RunRow[]).map(runOf);
  }

  claim(id: string, owner: string): boolean {
    this.wrote();
    this.st.claim.run(owner, id);
    return true;
  }

  // one node per file: every unfinished run is ours, leases are not needed
  takeOver(host: string, owner: string): RunRecord[] {
    const runs = this.unfinishedRuns(host);
    for (const r of runs) this.claim(r.id, owner);
    return runs;
  }

  heartbeat(): void {}

  lostRuns(): string[] {
    return [];
  }

  leave(): void {}

  steps(runId: string): StepRecord[] {
    return (this.st.steps.all(runId) as { run_id: string; seq: number; kind: string; name: string; output: string | null; created_at: number }[])
      .map((r) => ({ runId: r.run_id, seq: r.seq, kind: r.kind, name: r.name, output: r.output, createdAt: r.created_at }));
  }

  recordStep(s: StepRecord, signal?: number): void {
    this.wrote();
    this.db.transaction(() => {
      this.st.insertStep.run(s.runId, s.seq, s.kind, s.name, s.output, s.createdAt);
      if (signal !== undefined) this.st.consume.run(s.seq, signal);
    })();
  }

  writeStep(s: StepRecord, signal: number | undefined, _owner: string, done: (err: Error | undefined) => void): void {
    let err: Error | undefined;
    try {
      this.recordStep(s, signal);
    } catch (e) {
      err = e as Error;
    }
    done(err);
  }

  writeFinish(id: string, status: RunStatus, result: string | null, error: string | null, _owner: string,
              done: (r: boolean | Error) => void): void {
    let r: boolean | Error;
    try {
      r = this.finishRun(id, status, result, error);
    } catch (e) {
      r = e as Error;
    }
    done(r);
  }

  afterWrites(_id: string, f: () => void): void {
    f();
  }

  finishRun(id: string, status: RunStatus, result: string | null, error: string | null): boolean {
    this.wrote();
    const now = Date.now();
    return this.st.finish.run(status, result, error, now, now, id).changes > 0;
  }

  continueAsNew(id: string, args: string, owner: string): boolean {
    this.wrote();
    return this.db.transaction(() => {
      const changed = this.db.prepare(`UPDATE wf_runs SET args = ?, updated_at = ? WHERE id = ? AND status = 'running'
                                       AND (owner IS NULL OR owner = ?)`).run(args, Date.now(), id, owner).changes > 0;
      if (changed) this.db.prepare('DELETE FROM wf_steps WHERE run_id = ?').run(id);
      return changed;
    })();
  }

  blockRun(id: string, report: string): void {
    this.wrote();
    this.st.block.run(report, Date.now(), id);
  }

  unblock(id: string): void {
    this.wrote();
    this.st.unblock.run(Date.now(), id);
  }

  requestCancel(id: string, reason: string): boolean {
    this.wrote();
    return this.st.cancel.run(reason, Date.now(), id).changes > 0;
  }

  terminate(id: string, reason: string): boolean {
    return this.finishRun(id, 'terminated', null, JSON.stringify({ kind: 'Canceled', message: reason }));
  }

  addSignal(runId: string, topic: string, sender: string, payloads: string): number {
    this.wrote();
    return Number(this.st.addSignal.run(runId, topic, sender, payloads, Date.now()).lastInsertRowid);
  }

  pendingSignals(runId: string): SignalRecord[] {
    return (this.st.pending.all(runId) as SignalRow[]).map(signalOf);
  }

  pendingSignalsOf(runIds: string[]): SignalRecord[] {
    return runIds.flatMap((id) => this.pendingSignals(id));
  }

  signalsAfter(lastId: number): SignalRecord[] {
    return (this.st.after.all(lastId) as SignalRow[]).map(signalOf);
  }

  lastSignalId(): number {
    return (this.st.lastSignal.get() as { id: number }).id;
  }

  allSignals(runId: string): SignalRecord[] {
    return (this.db.prepare('SELECT * FROM wf_inbox WHERE run_id = ? ORDER BY id').all(runId) as SignalRow[]).map(signalOf);
  }

  /** fsync the WAL in the thread pool when something was committed since the last one */
  private syncWal(): void {
    if (this.unsynced === 0 || this.syncing || !this.db.open) return;
    if (this.walFd === undefined) {
      const wal = `${this.file}-wal`;
      if (!existsSync(wal)) return;
      this.walFd = openSync(wal, 'r');
    }
    const n = this.unsynced;
    this.syncing = true;
    fsync(this.walFd, (err) => {
      this.syncing = false;
      if (err === null) this.unsynced -= n;
    });
  }

  private wrote(): void {
    this.unsynced++;
  }

  close(): void {
    if (this.syncTimer !== undefined) clearInterval(this.syncTimer);
    if (this.walFd !== undefined) {
      try { fsyncSync(this.walFd); } catch { /* closed under us */ }
      if (!this.syncing) closeSync(this.walFd);
      this.walFd = undefined;
    }
    if (this.db.open) this.db.close();
  }
}
