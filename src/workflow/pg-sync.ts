// A PostgreSQL client with two speeds, for the workflow store's interface:
//
//   synchronous  reads and rare writes (query, execute, transaction): the calling thread
//                blocks on a shared flag (Atomics.wait) until the worker thread that runs
//                `pg` (pg-worker.ts) posts the answer, then takes it with
//                receiveMessageOnPort — the same contract as the SQLite store, whose
//                better-sqlite3 calls block for the few microseconds a local statement takes
//   asynchronous step and run-end writes (write): queued to the worker, which applies all
//                writes waiting behind the one in progress in one statement; `done` is
//                called with the outcome. `afterWrites` waits for a run's writes.
//
// The worker serves both in arrival order, so a synchronous read sees every write sent
// before it.

import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type pg from 'pg';
import type { PgReply, PgRequest, PgWrite, PgWrites, PgWriteReply } from './pg-worker.js';
import type { BatchWrite, WriteOutcome } from './pg-batch.js';

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
  private requests: MessagePort;
  private syncReplies: MessagePort;
  private writeReplies: MessagePort;
  private signal: Int32Array;
  private closed = false;
  private nextWrite = 1;
  private pending = new Map<number, { runId: string; done: (o: WriteOutcome) => void }>();
  private perRun = new Map<string, { n: number; waiters: (() => void)[] }>();
  /** writes of the current turn of the event loop, posted together at its end (a run's
   * last step and its end usually come in the same turn: one commit for both) */
  private outbox: PgWrite[] = [];
  private flushScheduled = false;

  constructor(config: pg.PoolConfig, readonly timeoutMs = 30_000) {
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    const req = new MessageChannel();
    const sync = new MessageChannel();
    const write = new MessageChannel();
    this.requests = req.port1;
    this.syncReplies = sync.port1;
    this.writeReplies = write.port1;
    this.worker = new Worker(new URL('./pg-worker.js', import.meta.url), {
      workerData: { config, flag, requests: req.port2, syncReplies: sync.port2, writeReplies: write.port2 },
      transferList: [req.port2, sync.port2, write.port2],
    });
    this.worker.unref();
    this.requests.unref();
    this.syncReplies.unref();
    this.writeReplies.on('message', (m: PgWriteReply) => this.writesDone(m));
    this.writeReplies.unref();
  }

  query(sql: string, params: unknown[] = []): Record<string, unknown>[] {
    return this.request({ type: 'sync', statements: [{ sql, params }], tx: false })[0]!.rows;
  }

  /** rows changed by one statement */
  execute(sql: string, params: unknown[] = []): number {
    return this.request({ type: 'sync', statements: [{ sql, params }], tx: false })[0]!.rowCount;
  }

  /** Several statements in one transaction: all or nothing. */
  transaction(statements: Statement[]): { rows: Record<string, unknown>[]; rowCount: number }[] {
    return this.request({ type: 'sync', statements, tx: true });
  }

  /** Queue a write; `done` gets its outcome once it is committed. */
  write(w: BatchWrite, done: (o: WriteOutcome) => void): void {
    if (this.closed) {
      done({ error: 'the PostgreSQL connection is closed' });
      return;
    }
    const id = this.nextWrite++;
    this.pending.set(id, { runId: w.runId, done });
    const r = this.perRun.get(w.runId);
    if (r === undefined) this.perRun.set(w.runId, { n: 1, waiters: [] });
    else r.n++;
    // pending writes keep the process alive: a clean exit waits for them
    if (this.pending.size === 1) this.writeReplies.ref();
    this.outbox.push({ type: 'write', id, write: w });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flushOutbox());
    }
  }

  private flushOutbox(): void {
    this.flushScheduled = false;
    if (this.outbox.length === 0) return;
    this.requests.postMessage({ type: 'writes', writes: this.outbox } satisfies PgWrites);
    this.outbox = [];
  }

  /** Call `f` once every write of `runId` queued so far is committed (now if none is). */
  afterWrites(runId: string, f: () => void): void {
    const r = this.perRun.get(runId);
    if (r === undefined) f();
    else r.waiters.push(f);
  }

  private writesDone(m: PgWriteReply): void {
    for (const [id, outcome] of m.outcomes) {
      const p = this.pending.get(id);
      if (p === undefined) continue;
      this.pending.delete(id);
      p.done(outcome);
      const r = this.perRun.get(p.runId);
      if (r !== undefined && --r.n === 0) {
        this.perRun.delete(p.runId);
        for (const f of r.waiters) f();
      }
    }
    if (this.pending.size === 0) this.writeReplies.unref();
  }

  private request(req: PgRequest): { rows: Record<string, unknown>[]; rowCount: number }[] {
    if (this.closed) throw new PgError('the PostgreSQL connection is closed', undefined);
    this.flushOutbox(); // a read must see the writes issued before it
    Atomics.store(this.signal, 0, 0);
    this.requests.postMessage(req);
    const deadline = Date.now() + this.timeoutMs;
    let reply: { message: PgReply } | undefined;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new PgError(`PostgreSQL did not answer within ${this.timeoutMs} ms`, undefined);
      Atomics.wait(this.signal, 0, 0, left);
      reply = receiveMessageOnPort(this.syncReplies) as { message: PgReply } | undefined;
      if (reply !== undefined) break;
    }
    const m = reply.message;
    if ('error' in m) throw new PgError(m.error, m.code);
    return m.results;
  }

  close(): void {
    if (this.closed) return;
    this.flushOutbox();
    this.closed = true;
    this.requests.postMessage('close');
    // the worker ends once its pool has closed; never keep the process alive for it
    setTimeout(() => { void this.worker.terminate(); }, 1000).unref();
  }
}
