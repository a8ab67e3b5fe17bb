// The shared workflow store: PostgreSQL, for several `wippy run` nodes running one app's
// workflows. Same tables and meaning as the SQLite store, plus leases:
//
//   wf_nodes(id, expires_at)   each node renews its row every heartbeat; a node whose row
//                              expired (or is gone) is dead, and its runs are orphans
//   wf_runs.owner              the node running the run
//
// Lease times are read from the database clock, so nodes need not agree on the time.
// Fencing: a step is inserted only while the run's row says this node owns it, and the
// check locks that row (FOR SHARE) so a takeover waits for an in-flight step commit and
// then sees it. A node that lost a run therefore cannot add to its history after the new
// owner has read it. Each write is one statement (one round trip, atomic on its own).
//
// Durability: `full` commits with synchronous_commit=on (each step waits for the server's
// WAL flush). `batched` (default) commits with synchronous_commit=off: a step is in the
// server when the commit returns — it survives the crash of any wippy node at once — and
// the server's WAL writer flushes it within 3 × wal_writer_delay (600 ms by default); a
// crash of the database server itself can lose that last window (the server stays
// consistent, and those runs replay from their last durable step).

import { SyncPg } from './pg-sync.js';
import type pg from 'pg';
import { LeaseLostError, type NewRun, type RunRecord, type RunStatus, type SignalRecord, type StepRecord, type WorkflowStore } from './store.js';

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
const UNFINISHED = `status IN ('running', 'blocked')`;

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS wf_runs (
    id TEXT PRIMARY KEY, entry TEXT NOT NULL, host TEXT NOT NULL, args TEXT NOT NULL, status TEXT NOT NULL,
    result TEXT, error TEXT, parent TEXT, owner TEXT, cancel_requested BOOLEAN NOT NULL DEFAULT false,
    cancel_reason TEXT, report TEXT, context TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
    finished_at BIGINT)`,
  `CREATE INDEX IF NOT EXISTS wf_runs_unfinished ON wf_runs (host, owner) WHERE ${UNFINISHED}`,
  'CREATE INDEX IF NOT EXISTS wf_runs_updated ON wf_runs (updated_at)',
  `CREATE TABLE IF NOT EXISTS wf_steps (
    run_id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL, output TEXT,
    created_at BIGINT NOT NULL, PRIMARY KEY (run_id, seq))`,
  `CREATE TABLE IF NOT EXISTS wf_inbox (
    id BIGSERIAL PRIMARY KEY, run_id TEXT NOT NULL, topic TEXT NOT NULL, sender TEXT NOT NULL,
    payloads TEXT NOT NULL, created_at BIGINT NOT NULL, consumed_seq INTEGER)`,
  'CREATE INDEX IF NOT EXISTS wf_inbox_pending ON wf_inbox (run_id) WHERE consumed_seq IS NULL',
  'CREATE TABLE IF NOT EXISTS wf_nodes (id TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)',
];

// an arbitrary constant: nodes starting together create the tables one at a time
const SCHEMA_LOCK = 72_0417_001;

type Row = Record<string, unknown>;

function runOf(r: Row): RunRecord {
  return {
    id: r.id as string, entry: r.entry as string, host: r.host as string, args: r.args as string,
    status: r.status as RunStatus, result: r.result as string | null, error: r.error as string | null,
    parent: r.parent as string | null, owner: r.owner as string | null, cancelRequested: r.cancel_requested === true,
    cancelReason: r.cancel_reason as string | null, report: r.report as string | null, context: r.context as string | null,
    createdAt: r.created_at as number, updatedAt: r.updated_at as number, finishedAt: r.finished_at as number | null,
  };
}

function signalOf(r: Row): SignalRecord {
  return {
    id: r.id as number, runId: r.run_id as string, topic: r.topic as string, sender: r.sender as string,
    payloads: r.payloads as string, createdAt: r.created_at as number, consumedSeq: r.consumed_seq as number | null,
  };
}

export class PgStore implements WorkflowStore {
  readonly shared = true;
  readonly db: SyncPg;

  constructor(config: pg.PoolConfig, opts: { durability?: 'batched' | 'full' } = {}) {
    const batched = (opts.durability ?? 'batched') === 'batched';
    this.db = new SyncPg(batched ? { ...config, options: `${config.options ?? ''} -c synchronous_commit=off`.trim() } : config);
    this.db.transaction([{ sql: 'SELECT pg_advisory_xact_lock($1)', params: [SCHEMA_LOCK] }, ...SCHEMA.map((sql) => ({ sql, params: [] }))]);
  }

  createRun(r: NewRun): { run: RunRecord; created: boolean } {
    const now = Date.now();
    const rows = this.db.query(
      `INSERT INTO wf_runs (id, entry, host, args, status, parent, owner, context, created_at, updated_at)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $7, $8, $8) ON CONFLICT (id) DO NOTHING RETURNING *`,
      [r.id, r.entry, r.host, r.args, r.parent ?? null, r.owner ?? null, r.context ?? null, now]);
    if (rows.length > 0) return { run: runOf(rows[0]!), created: true };
    return { run: this.getRun(r.id)!, created: false };
  }

  restartRun(r: NewRun, allowed: RunStatus[]): RunRecord | undefined {
    if (allowed.length === 0) return undefined;
    const rows = this.db.query(
      `WITH u AS (UPDATE wf_runs SET entry = $2, args = $3, status = 'running', result = NULL, error = NULL, parent = $4,
                    owner = $5, cancel_requested = false, cancel_reason = NULL, report = NULL, context = $6, updated_at = $7,
                    finished_at = NULL WHERE id = $1 AND status = ANY($8) RETURNING *),
            d AS (DELETE FROM wf_steps WHERE run_id IN (SELECT id FROM u))
       SELECT * FROM u`, [r.id, r.entry, r.args, r.parent ?? null, r.owner ?? null, r.context ?? null, Date.now(), allowed]);
    return rows.length === 0 ? undefined : runOf(rows[0]!);
  }

  getRun(id: string): RunRecord | undefined {
    const rows = this.db.query('SELECT * FROM wf_runs WHERE id = $1', [id]);
    return rows.length === 0 ? undefined : runOf(rows[0]!);
  }

  listRuns(opts: { status?: RunStatus[]; limit?: number } = {}): RunRecord[] {
    let sql = 'SELECT * FROM wf_runs';
    const params: unknown[] = [];
    if (opts.status !== undefined && opts.status.length > 0) {
      params.push(opts.status);
      sql += ' WHERE status = ANY($1)';
    }
    sql += ' ORDER BY created_at, id';
    if (opts.limit !== undefined) {
      params.push(opts.limit);
      sql += ` LIMIT $${params.length}`;
    }
    return this.db.query(sql, params).map(runOf);
  }

  unfinishedRuns(host: string): RunRecord[] {
    return this.db.query(`SELECT * FROM wf_runs WHERE host = $1 AND ${UNFINISHED} ORDER BY created_at, id`, [host]).map(runOf);
  }

  changedSince(sinceMs: number): RunRecord[] {
    return this.db.query('SELECT * FROM wf_runs WHERE updated_at >= $1', [sinceMs]).map(runOf);
  }

  claim(id: string, owner: string): boolean {
    return this.db.execute(
      `UPDATE wf_runs r SET owner = $2 WHERE id = $1 AND (owner = $2 OR owner IS NULL OR NOT EXISTS
         (SELECT 1 FROM wf_nodes n WHERE n.id = r.owner AND n.expires_at > ${NOW_MS}))`, [id, owner]) > 0;
  }

  takeOver(host: string, owner: string): RunRecord[] {
    return this.db.query(
      `UPDATE wf_runs r SET owner = $2 WHERE host = $1 AND ${UNFINISHED} AND owner IS DISTINCT FROM $2
         AND (owner IS NULL OR NOT EXISTS (SELECT 1 FROM wf_nodes n WHERE n.id = r.owner AND n.expires_at > ${NOW_MS}))
       RETURNING *`, [host, owner]).map(runOf).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  }

  heartbeat(owner: string, ttlMs: number): void {
    this.db.execute(
      `INSERT INTO wf_nodes (id, expires_at) VALUES ($1, ${NOW_MS} + $2) ON CONFLICT (id) DO UPDATE SET expires_at = EXCLUDED.expires_at`,
      [owner, ttlMs]);
  }

  lostRuns(owner: string, ids: string[]): string[] {
    if (ids.length === 0) return [];
    return this.db.query('SELECT id FROM wf_runs WHERE id = ANY($1) AND owner IS DISTINCT FROM $2', [ids, owner]).map((r) => r.id as string);
  }

  leave(owner: string): void {
    this.db.transaction([
      { sql: `UPDATE wf_runs SET owner = NULL WHERE owner = $1 AND ${UNFINISHED}`, params: [owner] },
      { sql: 'DELETE FROM wf_nodes WHERE id = $1', params: [owner] },
    ]);
  }

  steps(runId: string): StepRecord[] {
    return this.db.query('SELECT * FROM wf_steps WHERE run_id = $1 ORDER BY seq', [runId]).map((r) => ({
      runId: r.run_id as string, seq: r.seq as number, kind: r.kind as string, name: r.name as string,
      output: r.output as string | null, createdAt: r.created_at as number,
    }));
  }

  recordStep(s: StepRecord, signal?: number, owner?: string): void {
    const rows = this.db.query(
      `WITH ok AS (SELECT 1 FROM wf_runs WHERE id = $1 AND ($7::text IS NULL OR owner = $7) FOR SHARE),
            ins AS (INSERT INTO wf_steps (run_id, seq, kind, name, output, created_at)
                    SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS (SELECT 1 FROM ok) RETURNING 1),
            con AS (UPDATE wf_inbox SET consumed_seq = $2 WHERE id = $8::bigint AND consumed_seq IS NULL
                    AND EXISTS (SELECT 1 FROM ins) RETURNING 1)
       SELECT (SELECT count(*) FROM ins)::int AS n`,
      [s.runId, s.seq, s.kind, s.name, s.output, s.createdAt, owner ?? null, signal ?? null]);
    if (rows[0]!.n === 0) throw new LeaseLostError(s.runId);
  }

  writeStep(s: StepRecord, signal: number | undefined, owner: string, done: (err: Error | undefined) => void): void {
    this.db.write({
      kind: 'step', owner, runId: s.runId, seq: s.seq, stepKind: s.kind, name: s.name, output: s.output,
      createdAt: s.createdAt, signal: signal ?? null,
    }, (o) => {
      if ('ok' in o) done(undefined);
      else if ('lost' in o) done(new LeaseLostError(s.runId));
      else if ('duplicate' in o) done(new Error(`step ${s.seq} of ${s.runId} is already recorded`));
      else done(new Error(o.error));
    });
  }

  writeFinish(id: string, status: RunStatus, result: string | null, error: string | null, owner: string,
              done: (r: boolean | Error) => void): void {
    this.db.write({ kind: 'finish', owner, runId: id, status, result, error, at: Date.now() }, (o) => {
      done('ok' in o ? o.changed === true : new Error('error' in o ? o.error : 'run end not recorded'));
    });
  }

  afterWrites(id: string, f: () => void): void {
    this.db.afterWrites(id, f);
  }

  finishRun(id: string, status: RunStatus, result: string | null, error: string | null, owner?: string): boolean {
    return this.db.execute(
      `UPDATE wf_runs SET status = $1, result = $2, error = $3, finished_at = $4, updated_at = $4
       WHERE id = $5 AND ${UNFINISHED} AND ($6::text IS NULL OR owner = $6)`,
      [status, result, error, Date.now(), id, owner ?? null]) > 0;
  }

  continueAsNew(id: string, args: string, owner: string): boolean {
    const rows = this.db.query(
      `WITH u AS (UPDATE wf_runs SET args = $2, updated_at = $3 WHERE id = $1 AND status = 'running' AND owner = $4 RETURNING id),
            d AS (DELETE FROM wf_steps WHERE run_id IN (SELECT id FROM u))
       SELECT count(*)::int AS n FROM u`, [id, args, Date.now(), owner]);
    return rows[0]!.n === 1;
  }

  blockRun(id: string, report: string, owner?: string): void {
    this.db.execute(
      `UPDATE wf_runs SET status = 'blocked', report = $1, updated_at = $2 WHERE id = $3 AND ${UNFINISHED}
       AND ($4::text IS NULL OR owner = $4)`, [report, Date.now(), id, owner ?? null]);
  }

  unblock(id: string): void {
    this.db.execute(`UPDATE wf_runs SET status = 'running', report = NULL, updated_at = $1 WHERE id = $2 AND status = 'blocked'`, [Date.now(), id]);
  }

  requestCancel(id: string, reason: string): boolean {
    return this.db.execute(
      `UPDATE wf_runs SET cancel_requested = true, cancel_reason = $1, updated_at = $2
       WHERE id = $3 AND ${UNFINISHED} AND NOT cancel_requested`, [reason, Date.now(), id]) > 0;
  }

  terminate(id: string, reason: string): boolean {
    return this.finishRun(id, 'terminated', null, JSON.stringify({ kind: 'Canceled', message: reason }));
  }

  addSignal(runId: string, topic: string, sender: string, payloads: string): number {
    const rows = this.db.query(
      'INSERT INTO wf_inbox (run_id, topic, sender, payloads, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id',
      [runId, topic, sender, payloads, Date.now()]);
    return rows[0]!.id as number;
  }

  pendingSignals(runId: string): SignalRecord[] {
    return this.db.query('SELECT * FROM wf_inbox WHERE run_id = $1 AND consumed_seq IS NULL ORDER BY id', [runId]).map(signalOf);
  }

  pendingSignalsOf(runIds: string[]): SignalRecord[] {
    if (runIds.length === 0) return [];
    return this.db.query('SELECT * FROM wf_inbox WHERE run_id = ANY($1) AND consumed_seq IS NULL ORDER BY id', [runIds]).map(signalOf);
  }

  signalsAfter(lastId: number): SignalRecord[] {
    return this.db.query('SELECT * FROM wf_inbox WHERE id > $1 ORDER BY id', [lastId]).map(signalOf);
  }

  lastSignalId(): number {
    return this.db.query('SELECT COALESCE(MAX(id), 0)::bigint AS id FROM wf_inbox')[0]!.id as number;
  }

  allSignals(runId: string): SignalRecord[] {
    return this.db.query('SELECT * FROM wf_inbox WHERE run_id = $1 ORDER BY id', [runId]).map(signalOf);
  }

  close(): void {
    this.db.close();
  }
}
