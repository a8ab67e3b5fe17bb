// The thread that talks to PostgreSQL for a SyncPg (pg-sync.ts). It owns a `pg` Pool and
// serves requests strictly in arrival order, so a read sees every write sent before it:
//
//   sync    statements the calling thread blocks on: the rows go back on the sync port,
//           then the shared flag wakes the caller
//   write   a step or a run's end (pg-batch.ts): every write queued behind the one in
//           progress is applied together in ONE statement, so many runs share a round
//           trip and a commit (group commit); the outcome of each goes back on the async port

import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import pg from 'pg';
import { BATCH_SQL, batchParams, batchOutcomes, type BatchWrite, type WriteOutcome } from './pg-batch.js';

export interface PgRequest {
  type: 'sync';
  /** statements to run in order; with tx, inside BEGIN/COMMIT */
  statements: { sql: string; params: unknown[] }[];
  tx: boolean;
}

export interface PgWrite {
  type: 'write';
  id: number;
  write: BatchWrite;
}

export interface PgWrites {
  type: 'writes';
  writes: PgWrite[];
}

export type PgReply = { results: { rows: Record<string, unknown>[]; rowCount: number }[] } | { error: string; code?: string };

export type PgWriteReply = { outcomes: [number, WriteOutcome][] };

interface Init {
  config: pg.PoolConfig;
  owner: string | undefined;
  flag: SharedArrayBuffer;
  requests: MessagePort;
  syncReplies: MessagePort;
  writeReplies: MessagePort;
}

// BIGINT (ms timestamps, ids) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

const { config, flag, requests, syncReplies, writeReplies } = workerData as Init;
const signal = new Int32Array(flag);
const pool = new pg.Pool(config);
// an idle client that loses its connection must not crash the thread; the next query reconnects
pool.on('error', () => {});

async function runSync(req: PgRequest): Promise<PgReply> {
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: string }).code };
  }
  let broken = false;
  try {
    if (req.tx) await client.query('BEGIN');
    const results = [];
    for (const s of req.statements) {
      const r = await client.query(s.sql, s.params);
      results.push({ rows: r.rows as Record<string, unknown>[], rowCount: r.rowCount ?? 0 });
    }
    if (req.tx) await client.query('COMMIT');
    return { results };
  } catch (e) {
    if (req.tx) await client.query('ROLLBACK').catch(() => { broken = true; });
    const err = e as Error & { code?: string };
    return { error: err.message, code: err.code };
  } finally {
    client.release(broken);
  }
}

async function runWrites(batch: PgWrite[]): Promise<PgWriteReply> {
  const writes = batch.map((w) => w.write);
  try {
    // a named statement: parsed and planned once per connection
    const rows = (await pool.query({ name: 'wf_batch', text: BATCH_SQL, values: batchParams(writes) })).rows as Record<string, unknown>[];
    const outcomes = batchOutcomes(writes, rows[0]!);
    return { outcomes: batch.map((w, i) => [w.id, outcomes[i]!]) };
  } catch (e) {
    const message = (e as Error).message;
    return { outcomes: batch.map((w) => [w.id, { error: message }]) };
  }
}

const queue: (PgRequest | PgWrite | 'close')[] = [];
let draining = false;

async function drain(): Promise<void> {
  draining = true;
  while (queue.length > 0) {
    const head = queue[0]!;
    if (head === 'close') {
      queue.length = 0;
      await pool.end().catch(() => {});
      requests.close();
      syncReplies.close();
      writeReplies.close();
      return;
    }
    if (head.type === 'write') {
      let n = 0;
      while (n < queue.length && n < 2000 && (queue[n] as PgWrite).type === 'write') n++;
      const batch = queue.splice(0, n) as PgWrite[];
      writeReplies.postMessage(await runWrites(batch));
      continue;
    }
    queue.shift();
    syncReplies.postMessage(await runSync(head));
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  }
  draining = false;
}

requests.on('message', (m: PgRequest | PgWrites | 'close') => {
  if (m !== 'close' && m.type === 'writes') queue.push(...m.writes);
  else queue.push(m);
  if (!draining) void drain();
});
