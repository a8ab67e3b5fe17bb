// A synchronous PostgreSQL client. The workflow engine's store interface is synchronous
// (the SQLite store is: better-sqlite3 blocks for the few microseconds a local statement
// takes), so the PostgreSQL store keeps that contract: a worker thread runs `pg`, and the
// calling thread blocks on a shared flag (Atomics.wait) until the answer is posted, then
// takes it with receiveMessageOnPort. A round trip costs the network time plus a thread
// hand-off (tens of microseconds); the engine keeps round trips per step to one.

import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type pg from 'pg';
import type { PgReply, PgRequest } from './pg-worker.js';

export class PgError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
  }
}

export interface Statement {
  sql: string;
  params: unknown[];
}

export class SyncPg {
  private worker: Worker;
  private port: MessagePort;
  private signal: Int32Array;
  private closed = false;

  constructor(config: pg.PoolConfig, readonly timeoutMs = 30_000) {
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(new URL('./pg-worker.js', import.meta.url), {
      workerData: { config, flag, port: port2 },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
  }

  query(sql: string, params: unknown[] = []): Record<string, unknown>[] {
    return this.request({ statements: [{ sql, params }], tx: false })[0]!.rows;
  }

  /** rows changed by one statement */
  execute(sql: string, params: unknown[] = []): number {
    return this.request({ statements: [{ sql, params }], tx: false })[0]!.rowCount;
  }

  /** Several statements in one transaction: all or nothing. */
  transaction(statements: Statement[]): { rows: Record<string, unknown>[]; rowCount: number }[] {
    return this.request({ statements, tx: true });
  }

  private request(req: PgRequest): { rows: Record<string, unknown>[]; rowCount: number }[] {
    if (this.closed) throw new PgError('the PostgreSQL connection is closed', undefined);
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(req);
    const deadline = Date.now() + this.timeoutMs;
    let reply: { message: PgReply } | undefined;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new PgError(`PostgreSQL did not answer within ${this.timeoutMs} ms`, undefined);
      Atomics.wait(this.signal, 0, 0, left);
      reply = receiveMessageOnPort(this.port) as { message: PgReply } | undefined;
      if (reply !== undefined) break;
    }
    const m = reply.message;
    if ('error' in m) throw new PgError(m.error, m.code);
    return m.results;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.postMessage('close');
    // the worker ends once its pool has closed; never keep the process alive for it
    setTimeout(() => { void this.worker.terminate(); }, 1000).unref();
  }
}
