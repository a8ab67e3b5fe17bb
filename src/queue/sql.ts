// `queue.driver.sql` (our addition; the reference has memory, AMQP and SQS): durable queues
// in a table of a `db.sql.sqlite` or `db.sql.postgres` database, so messages survive a
// restart or a crash without running a broker.
//
//   - name: durable
//     kind: queue.driver.sql
//     database: app:db            # required
//     table: wippy_queue          # created if missing
//     poll_interval: 1s           # how often idle consumers look for new rows
//     visibility_timeout: 5m      # a claimed message not settled in this time is delivered again
//
// A consumer claims rows (locked_until = now + visibility timeout, attempts + 1) in one
// statement (PostgreSQL: FOR UPDATE SKIP LOCKED, so several runtimes can share a queue);
// ack deletes the row, nack releases it behind the messages already waiting. Publishing in
// this runtime wakes its consumers at once; other publishers are seen at the next poll.

import { KIND } from '../modules/errors.js';
import { SqlError, type Database, type Row } from '../sql/types.js';
import type { Delivery, Headers, QueueDriver, QueueMessage, QueueOptions, Subscription } from './types.js';

export interface SqlDriverConfig {
  table: string;
  pollMs: number;
  visibilityMs: number;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class SqlDriver implements QueueDriver {
  private ready = new WeakMap<Database, Promise<void>>();
  private wake = new Map<string, Set<() => void>>();
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private closed = false;

  constructor(private db: () => Database, private cfg: SqlDriverConfig) {
    if (!IDENT.test(cfg.table)) throw new SqlError(KIND.INVALID, `table ${JSON.stringify(cfg.table)} is not a valid SQL identifier`);
  }

  /** Create the table on first use. */
  private schema(): Promise<void> {
    // per database object: a changed db.sql entry is a new database that needs the table too
    const db = this.db();
    let ready = this.ready.get(db);
    if (ready !== undefined) return ready;
    ready = (async () => {
      const t = this.cfg.table;
      const pg = db.type === 'postgres';
      await db.execute(`CREATE TABLE IF NOT EXISTS ${t} (
        id ${pg ? 'BIGSERIAL PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT'},
        queue TEXT NOT NULL,
        body ${pg ? 'BYTEA' : 'BLOB'} NOT NULL,
        headers TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        available_at BIGINT NOT NULL,
        locked_until BIGINT
      )`, []);
      await db.execute(`CREATE INDEX IF NOT EXISTS ${t}_ready ON ${t} (queue, available_at, id)`, []);
    })();
    this.ready.set(db, ready);
    ready.catch(() => { this.ready.delete(db); });
    return ready;
  }

  async publish(queue: string, body: string, headers: Headers, _opts: QueueOptions): Promise<string> {
    await this.schema();
    const db = this.db();
    const rows = await db.query(`INSERT INTO ${this.cfg.table} (queue, body, headers, available_at) VALUES (?, ?, ?, ?) RETURNING id`,
      [queue, Buffer.from(body, 'latin1'), JSON.stringify(headers), Date.now()]);
    for (const w of this.wake.get(queue) ?? []) w();
    return String(rows[0]?.id);
  }

  private async claim(queue: string, n: number): Promise<QueueMessage[]> {
    await this.schema();
    const db = this.db();
    const t = this.cfg.table;
    const now = Date.now();
    const lock = db.type === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows: Row[] = await db.query(
      `UPDATE ${t} SET locked_until = ?, attempts = attempts + 1 WHERE id IN (
         SELECT id FROM ${t} WHERE queue = ? AND (locked_until IS NULL OR locked_until < ?)
         ORDER BY available_at, id LIMIT ?${lock}) RETURNING id, body, headers, attempts, available_at`,
      [now + this.cfg.visibilityMs, queue, now, n]);
    rows.sort((a, b) => Number(a.available_at) - Number(b.available_at) || Number(a.id) - Number(b.id));
    return rows.map((r) => ({
      id: String(r.id),
      body: Buffer.isBuffer(r.body) ? r.body.toString('latin1') : String(r.body),
      headers: JSON.parse(String(r.headers)) as Headers,
      attempts: Number(r.attempts),
    }));
  }

  consume(queue: string, prefetch: number, onDelivery: (d: Delivery) => void): Subscription {
    let active = true;
    let inflight = 0;
    let claiming = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const t = this.cfg.table;

    const settle = (sql: string, params: unknown[]) => {
      inflight--;
      const done = Promise.resolve(this.db().execute(sql, params as never)).then(() => undefined);
      void done.then(poll, poll);
      return done;
    };

    const poll = (): void => {
      if (!active || this.closed) return;
      if (claiming) { again = true; return; }
      const room = Math.max(1, prefetch) - inflight;
      if (room <= 0) return;
      claiming = true;
      if (timer !== undefined) { clearTimeout(timer); this.timers.delete(timer); timer = undefined; }
      this.claim(queue, room).then((msgs) => {
        claiming = false;
        for (const msg of msgs) {
          inflight++;
          let settled = false;
          const once = (f: () => Promise<void>) => () => {
            if (settled) return;
            settled = true;
            return f();
          };
          onDelivery({
            msg,
            // `attempts = ?`: a delivery that outlived its visibility timeout (the message was
            // delivered again since) settles nothing
            ack: once(() => settle(`DELETE FROM ${t} WHERE id = ? AND attempts = ?`, [Number(msg.id), msg.attempts])),
            nack: once(() => settle(`UPDATE ${t} SET locked_until = NULL, available_at = ? WHERE id = ? AND attempts = ?`, [Date.now(), Number(msg.id), msg.attempts])),
          });
        }
        if (again || msgs.length === room) { again = false; queueMicrotask(poll); return; }
        schedule();
      }, () => {
        claiming = false;
        schedule();
      });
    };

    const schedule = () => {
      if (!active || this.closed || timer !== undefined) return;
      timer = setTimeout(() => { if (timer !== undefined) this.timers.delete(timer); timer = undefined; poll(); }, this.cfg.pollMs);
      this.timers.add(timer);
    };

    const wakers = this.wake.get(queue) ?? new Set();
    this.wake.set(queue, wakers);
    wakers.add(poll);
    queueMicrotask(poll);
    return {
      cancel: () => {
        active = false;
        wakers.delete(poll);
        if (timer !== undefined) { clearTimeout(timer); this.timers.delete(timer); }
      },
    };
  }

  async info(queue: string): Promise<Record<string, number>> {
    await this.schema();
    const now = Date.now();
    const rows = await this.db().query(
      `SELECT COUNT(*) AS total, SUM(CASE WHEN locked_until IS NULL OR locked_until < ? THEN 1 ELSE 0 END) AS ready FROM ${this.cfg.table} WHERE queue = ?`,
      [now, queue]);
    const total = Number(rows[0]?.total ?? 0);
    const ready = Number(rows[0]?.ready ?? 0);
    return { message_count: total, ready, unacked: total - ready, consumer_count: this.wake.get(queue)?.size ?? 0 };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
