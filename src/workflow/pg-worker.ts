// The thread that talks to PostgreSQL for a SyncPg (pg-sync.ts). It owns a `pg` Pool and
// answers one request at a time: run the statements (in one transaction when asked), post
// the rows back on the port, then wake the waiting thread through the shared flag.

import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import pg from 'pg';

export interface PgRequest {
  /** statements to run in order; with tx, inside BEGIN/COMMIT */
  statements: { sql: string; params: unknown[] }[];
  tx: boolean;
}

export type PgReply = { results: { rows: Record<string, unknown>[]; rowCount: number }[] } | { error: string; code?: string };

interface Init {
  config: pg.PoolConfig;
  flag: SharedArrayBuffer;
  port: MessagePort;
}

// BIGINT (ms timestamps, ids) as JS numbers: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));

const { config, flag, port } = workerData as Init;
const signal = new Int32Array(flag);
const pool = new pg.Pool(config);
// an idle client that loses its connection must not crash the thread; the next query reconnects
pool.on('error', () => {});

async function run(req: PgRequest): Promise<PgReply> {
  const client = await pool.connect();
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

port.on('message', (req: PgRequest | 'close') => {
  if (req === 'close') {
    void pool.end().finally(() => { port.close(); });
    return;
  }
  void run(req).then((reply) => {
    port.postMessage(reply);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
});

parentPort?.postMessage('ready');
