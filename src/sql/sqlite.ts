// `db.sql.sqlite` on better-sqlite3: one connection per database (as the reference, which
// forces max_open = 1). Statements run synchronously on the Node.js thread; a transaction
// owns the connection until it ends, and work from other processes waits for it (queued,
// in arrival order) rather than running inside somebody else's transaction.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { KIND } from '../modules/errors.js';
import { toSqlite } from './rewrite.js';
import { SqlError, type BindValue, type Database as Db, type ExecResult, type PoolStats, type Row, type Sync, type Tx, type TxOptions } from './types.js';

const STATEMENT_CACHE = 256;

export class SqliteDatabase implements Db {
  readonly type = 'sqlite' as const;
  private db: Database.Database;
  private statements = new Map<string, Database.Statement>();
  /** the transaction holding the connection, if any */
  private owner: SqliteTx | undefined = undefined;
  private waiting: (() => void)[] = [];
  private closing: (() => void) | undefined = undefined;

  constructor(public readonly file: string) {
    if (file !== ':memory:' && !file.startsWith('file:')) mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 10000');
    if (file !== ':memory:') this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
  }

  /** Run `f` now when the connection is free, else once the transaction holding it ends. */
  private whenFree<T>(f: () => T): Sync<T> {
    if (this.owner === undefined) return f();
    return new Promise<T>((resolve, reject) => this.waiting.push(() => {
      try { resolve(f()); } catch (e) { reject(e); }
    }));
  }

  /** A transaction ended: hand the connection to the next waiter(s). */
  released(tx: SqliteTx): void {
    if (this.owner !== tx) return;
    this.owner = undefined;
    while (this.owner === undefined && this.waiting.length > 0) this.waiting.shift()!();
    if (this.owner === undefined && this.closing !== undefined) this.closing();
  }

  private statement(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (st === undefined) {
      st = this.db.prepare(sql);
      if (this.statements.size >= STATEMENT_CACHE) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** Statements run directly (by the database or its owning transaction). */
  runQuery(sql: string, params: BindValue[]): Row[] {
    return guard(() => {
      const q = toSqlite(sql, params);
      const st = this.statement(q.sql);
      if (st.reader) return st.all(...q.params) as Row[];
      st.run(...q.params);
      return [];
    });
  }

  runExecute(sql: string, params: BindValue[]): ExecResult {
    return guard(() => {
      const q = toSqlite(sql, params);
      let st: Database.Statement;
      try {
        st = this.statement(q.sql);
      } catch (e) {
        // several statements in one text (a schema script): run them as a script
        if (q.params.length === 0 && e instanceof RangeError && /more than one statement/.test(e.message)) {
          const before = this.db.prepare('SELECT total_changes() AS n').get() as { n: number };
          this.db.exec(q.sql);
          const after = this.db.prepare('SELECT total_changes() AS n').get() as { n: number };
          return { lastInsertId: 0, rowsAffected: after.n - before.n };
        }
        throw e;
      }
      if (st.reader) {
        st.all(...q.params);
        return { lastInsertId: 0, rowsAffected: 0 };
      }
      const info = st.run(...q.params);
      return { lastInsertId: Number(info.lastInsertRowid), rowsAffected: info.changes };
    });
  }

  query(sql: string, params: BindValue[]): Sync<Row[]> {
    return this.whenFree(() => this.runQuery(sql, params));
  }

  execute(sql: string, params: BindValue[]): Sync<ExecResult> {
    return this.whenFree(() => this.runExecute(sql, params));
  }

  begin(opts: TxOptions): Sync<Tx> {
    return this.whenFree(() => {
      // IMMEDIATE takes the write lock now, so two writers never deadlock upgrading later
      guard(() => this.db.exec(opts.readOnly ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE'));
      const tx = new SqliteTx(this);
      this.owner = tx;
      return tx;
    });
  }

  exec(sql: string): void {
    guard(() => this.db.exec(sql));
  }

  stats(): PoolStats {
    return { maxOpen: 1, open: this.db.open ? 1 : 0, inUse: this.owner ? 1 : 0, idle: this.owner ? 0 : 1, waitCount: this.waiting.length };
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.statements.clear();
        if (this.db.open) this.db.close();
        resolve();
      };
      if (this.owner === undefined) done();
      else this.closing = done;
    });
  }
}

class SqliteTx implements Tx {
  active = true;
  constructor(private db: SqliteDatabase) {}

  private check(): void {
    if (!this.active) throw new SqlError(KIND.INVALID, 'transaction not active');
  }

  query(sql: string, params: BindValue[]): Row[] {
    this.check();
    return this.db.runQuery(sql, params);
  }

  execute(sql: string, params: BindValue[]): ExecResult {
    this.check();
    return this.db.runExecute(sql, params);
  }

  commit(): void {
    this.finish('COMMIT');
  }

  rollback(): void {
    this.finish('ROLLBACK');
  }

  private finish(sql: string): void {
    this.check();
    this.active = false;
    try {
      this.db.exec(sql);
    } catch (e) {
      // a failed COMMIT can leave SQLite inside the transaction: end it so the connection is usable
      try { this.db.exec('ROLLBACK'); } catch { /* already ended */ }
      throw e;
    } finally {
      this.db.released(this);
    }
  }
}

/** Driver exceptions as classified SqlErrors (services spec §2.5). */
function guard<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw classify(e);
  }
}

export function classify(e: unknown): SqlError {
  if (e instanceof SqlError) return e;
  const err = e as Error & { code?: string };
  const msg = err.message ?? String(e);
  const code = err.code ?? '';
  if (code.startsWith('SQLITE_CONSTRAINT')) return new SqlError(KIND.CONFLICT, msg, false);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return new SqlError(KIND.UNAVAILABLE, msg, true);
  if (code === 'SQLITE_ERROR' || code === 'SQLITE_MISMATCH' || code === 'SQLITE_RANGE' || e instanceof RangeError || e instanceof TypeError) {
    return new SqlError(KIND.INVALID, msg, false);
  }
  return new SqlError(KIND.INTERNAL, msg);
}
