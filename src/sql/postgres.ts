// `db.sql.postgres` on a `pg` pool. Connection settings come from the entry (after
// `${env:...}` resolution); `?` placeholders are rewritten to `$n` (services spec §2.3).
// Type parsing is per pool, never pg's global table (other parts of the runtime use pg):
// int8 becomes a number when exact, json/jsonb stay text, timestamps stay text.

import pg from 'pg';
import { KIND } from '../modules/errors.js';
import { toPostgres } from './rewrite.js';
import { SqlError, type BindValue, type Database, type ExecResult, type PoolStats, type Row, type Tx, type TxOptions } from './types.js';

export interface PostgresConfig {
  host?: string;
  port?: number;
  database?: string;
  username?: string;
  password?: string;
  /** the whole connection string, when given instead of the fields */
  connectionString?: string;
  maxOpen: number;
  maxIdle: number;
  maxLifetimeMs: number;
  options: Record<string, string>;
}

const TEXT = (s: string) => s;
const INT8 = (s: string) => {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
};

const types = {
  getTypeParser(oid: number, format?: string) {
    switch (oid) {
      case 20: return INT8;
      case 114: case 3802: return TEXT; // json, jsonb
      case 1082: case 1114: case 1184: return TEXT; // date, timestamp, timestamptz
    }
    return (pg.types.getTypeParser as (o: number, f?: string) => unknown)(oid, format);
  },
};

const ISOLATION: Record<string, string> = {
  read_uncommitted: 'READ UNCOMMITTED',
  read_committed: 'READ COMMITTED',
  write_committed: 'READ COMMITTED',
  repeatable_read: 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
  linearizable: 'SERIALIZABLE',
  snapshot: 'REPEATABLE READ',
};

export class PostgresDatabase implements Database {
  readonly type = 'postgres' as const;
  private pool: pg.Pool;
  private waitCount = 0;

  constructor(cfg: PostgresConfig) {
    const opts = cfg.options;
    this.pool = new pg.Pool({
      connectionString: cfg.connectionString,
      host: cfg.host,
      port: cfg.port,
      database: cfg.database,
      user: cfg.username,
      password: cfg.password,
      // 0 means unlimited in the reference; a pool needs a bound, so "unlimited" is generous
      max: cfg.maxOpen > 0 ? cfg.maxOpen : 100,
      idleTimeoutMillis: cfg.maxIdle > 0 ? 30000 : 1000,
      maxLifetimeSeconds: Math.max(0, Math.round(cfg.maxLifetimeMs / 1000)),
      connectionTimeoutMillis: opts.connect_timeout !== undefined ? Number(opts.connect_timeout) * 1000 : 10000,
      application_name: opts.application_name,
      ssl: opts.sslmode === undefined || opts.sslmode === 'disable' ? false : { rejectUnauthorized: opts.sslmode === 'verify-full' },
      types,
      allowExitOnIdle: true,
    } as pg.PoolConfig);
    // an idle client losing its connection must not crash the runtime
    this.pool.on('error', () => {});
  }

  async query(sql: string, params: BindValue[]): Promise<Row[]> {
    return run(this.pool, sql, params).then((r) => r.rows);
  }

  async execute(sql: string, params: BindValue[]): Promise<ExecResult> {
    return run(this.pool, sql, params).then(execResult);
  }

  async begin(opts: TxOptions): Promise<Tx> {
    if (this.pool.waitingCount > 0) this.waitCount++;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw classify(e);
    }
    const mode = [opts.isolation && ISOLATION[opts.isolation] ? `ISOLATION LEVEL ${ISOLATION[opts.isolation]}` : '', opts.readOnly ? 'READ ONLY' : '']
      .filter((x) => x !== '').join(' ');
    try {
      await client.query(`BEGIN${mode ? ' ' + mode : ''}`);
    } catch (e) {
      client.release(true);
      throw classify(e);
    }
    return new PostgresTx(client);
  }

  stats(): PoolStats {
    const p = this.pool;
    return { maxOpen: p.options.max ?? 0, open: p.totalCount, inUse: p.totalCount - p.idleCount, idle: p.idleCount, waitCount: this.waitCount };
  }

  close(): Promise<void> {
    // pg ends idle clients now and borrowed ones when they are released
    return this.pool.end().catch(() => {});
  }
}

class PostgresTx implements Tx {
  active = true;
  /** statements run one at a time on the transaction's connection */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private client: pg.PoolClient) {}

  private check(): void {
    if (!this.active) throw new SqlError(KIND.INVALID, 'transaction not active');
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    const r = this.chain.then(f, f);
    this.chain = r.catch(() => {});
    return r;
  }

  async query(sql: string, params: BindValue[]): Promise<Row[]> {
    this.check();
    return this.serial(() => run(this.client, sql, params)).then((r) => r.rows);
  }

  async execute(sql: string, params: BindValue[]): Promise<ExecResult> {
    this.check();
    return this.serial(() => run(this.client, sql, params)).then(execResult);
  }

  commit(): Promise<void> {
    return this.finish('COMMIT');
  }

  rollback(): Promise<void> {
    return this.finish('ROLLBACK');
  }

  private async finish(sql: string): Promise<void> {
    this.check();
    this.active = false;
    let broken = false;
    try {
      await this.serial(() => this.client.query(sql));
    } catch (e) {
      broken = true;
      throw classify(e);
    } finally {
      this.client.release(broken);
    }
  }
}

async function run(on: pg.Pool | pg.PoolClient, sql: string, params: BindValue[]): Promise<pg.QueryResult> {
  try {
    // without binds, the simple protocol: a schema script may hold several statements
    if (params.length === 0) {
      const r = (await on.query(sql)) as pg.QueryResult | pg.QueryResult[];
      if (!Array.isArray(r)) return r;
      // several statements: the last one's rows, every statement's row count
      const last = r[r.length - 1];
      return { ...last, rowCount: r.reduce((n, x) => n + (x.rowCount ?? 0), 0) };
    }
    return await on.query({ text: toPostgres(sql), values: params as unknown[] });
  } catch (e) {
    throw classify(e);
  }
}

function execResult(r: pg.QueryResult): ExecResult {
  // PostgreSQL has no last insert id (use RETURNING); the reference reports 0 too
  return { lastInsertId: 0, rowsAffected: r.rowCount ?? 0 };
}

/** SQLSTATE classes as error kinds (services spec §2.5). */
export function classify(e: unknown): SqlError {
  if (e instanceof SqlError) return e;
  const err = e as Error & { code?: string };
  const msg = err.message ?? String(e);
  const code = err.code ?? '';
  if (code === '40001' || code === '40P01') return new SqlError(KIND.CONFLICT, msg, true);
  if (code.startsWith('23')) return new SqlError(KIND.CONFLICT, msg, false);
  if (code.startsWith('42') || code.startsWith('22') || code === '08P01' || code === '25P02') return new SqlError(KIND.INVALID, msg, false);
  if (code.startsWith('08') || code.startsWith('57P') || code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'ENOTFOUND' || /timeout|terminat|Connection/i.test(msg)) {
    return new SqlError(KIND.UNAVAILABLE, msg, true);
  }
  if (/bind message supplies|could not determine data type/i.test(msg)) return new SqlError(KIND.INVALID, msg, false);
  return new SqlError(KIND.INTERNAL, msg);
}
