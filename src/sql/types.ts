// What the `sql` module needs from a database driver. SQLite (better-sqlite3) answers
// synchronously, PostgreSQL (pg) with promises: every operation may return either, and the
// Lua glue only suspends the calling process when it gets a promise.

export type Sync<T> = T | Promise<T>;

/** A bind value as the drivers take it. */
export type BindValue = null | number | bigint | string | boolean | Buffer;

export type Row = Record<string, unknown>;

export interface ExecResult {
  lastInsertId: number;
  rowsAffected: number;
}

export type DbType = 'sqlite' | 'postgres';

/** Something statements run on: a database (any pooled connection) or a transaction. */
export interface Conn {
  query(sql: string, params: BindValue[]): Sync<Row[]>;
  execute(sql: string, params: BindValue[]): Sync<ExecResult>;
}

export interface TxOptions {
  isolation?: string;
  readOnly?: boolean;
}

export interface Tx extends Conn {
  readonly active: boolean;
  commit(): Sync<void>;
  rollback(): Sync<void>;
}

export interface PoolStats {
  maxOpen: number;
  open: number;
  inUse: number;
  idle: number;
  waitCount: number;
}

export interface Database extends Conn {
  readonly type: DbType;
  begin(opts: TxOptions): Sync<Tx>;
  stats(): PoolStats;
  /** Close once in-flight work (transactions, borrowed connections) has finished. */
  close(): Promise<void>;
}

/** A driver failure already classified into an error kind (services spec §2.5). */
export class SqlError extends Error {
  constructor(public kind: string, message: string, public retryable?: boolean) {
    super(message);
  }
}
