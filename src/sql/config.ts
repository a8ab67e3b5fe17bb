// A `db.sql.*` entry's data (placeholders resolved) as driver configuration (config.md §2,
// services spec §2.1). Problems are errors naming the entry and field.

import { isAbsolute, resolve } from 'node:path';
import { parseDurationMs } from '../system/duration.js';
import type { PostgresConfig } from './postgres.js';

export const DB_KINDS = new Set(['db.sql.sqlite', 'db.sql.postgres']);

export type DbConfig =
  | { type: 'sqlite'; file: string }
  | ({ type: 'postgres' } & PostgresConfig);

export function dbConfig(id: string, kind: string, data: Record<string, unknown>, root: string): DbConfig {
  if (kind === 'db.sql.sqlite') {
    const file = data.file ?? data.path;
    if (typeof file !== 'string' || file === '') throw new Error(`${id}: db.sql.sqlite needs 'file' (a path or ":memory:")`);
    if (file === ':memory:' || file.startsWith('file:')) return { type: 'sqlite', file };
    return { type: 'sqlite', file: isAbsolute(file) ? file : resolve(root, file) };
  }
  if (kind === 'db.sql.postgres') {
    const pool = (data.pool ?? {}) as Record<string, unknown>;
    const options: Record<string, string> = {};
    if (data.options !== null && typeof data.options === 'object') {
      for (const [k, v] of Object.entries(data.options as Record<string, unknown>)) options[k] = String(v);
    }
    const port = data.port === undefined ? undefined : Number(data.port);
    if (port !== undefined && !Number.isInteger(port)) throw new Error(`${id}: 'port' must be a number, got ${JSON.stringify(data.port)}`);
    const dsn = typeof data.dsn === 'string' ? data.dsn : typeof data.url === 'string' ? data.url : undefined;
    if (dsn === undefined && (typeof data.database !== 'string' || data.database === '')) {
      throw new Error(`${id}: db.sql.postgres needs 'database' (and host, port, username, password)`);
    }
    return {
      type: 'postgres',
      connectionString: dsn,
      host: str(data.host) ?? 'localhost',
      port: port ?? 5432,
      database: str(data.database),
      username: str(data.username ?? data.user),
      password: str(data.password),
      maxOpen: Number(pool.max_open ?? 0) || 0,
      maxIdle: Number(pool.max_idle ?? 0) || 0,
      maxLifetimeMs: parseDurationMs(pool.max_lifetime, 3600_000),
      options,
    };
  }
  throw new Error(`${id}: ${kind} is not a supported database kind (db.sql.sqlite, db.sql.postgres)`);
}

function str(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}
