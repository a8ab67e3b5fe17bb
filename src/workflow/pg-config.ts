// Connection settings of a `db.sql.postgres` entry (services.md §2.1) for the workflow
// store's own pool: host, port, database, username, password (each may be `${env:NAME}`,
// or given by a legacy `<field>_env` sibling naming the variable), `options` (sslmode,
// connect_timeout, application_name...) and `pool.max_open`.

import type pg from 'pg';

export class PgConfigError extends Error {}

const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

function resolveEnv(entryId: string, field: string, v: string, env: NodeJS.ProcessEnv): string {
  return v.replace(ENV_REF, (_, name: string) => {
    const x = env[name];
    if (x === undefined) throw new PgConfigError(`${entryId}: field ${field} uses \${env:${name}}, which is not set`);
    return x;
  });
}

function field(entryId: string, data: Record<string, unknown>, name: string, env: NodeJS.ProcessEnv): string | undefined {
  const v = data[name];
  if (v !== undefined && v !== null && v !== '') {
    if (typeof v !== 'string' && typeof v !== 'number') throw new PgConfigError(`${entryId}: field ${name} must be a string`);
    return resolveEnv(entryId, name, String(v), env);
  }
  const ref = data[`${name}_env`];
  if (typeof ref === 'string' && ref !== '') {
    const x = env[ref];
    if (x === undefined) throw new PgConfigError(`${entryId}: field ${name}_env names ${ref}, which is not set`);
    return x;
  }
  return undefined;
}

export function pgConfigOf(entryId: string, data: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): pg.PoolConfig {
  const c: pg.PoolConfig = {};
  c.host = field(entryId, data, 'host', env) ?? '127.0.0.1';
  const port = field(entryId, data, 'port', env);
  if (port !== undefined) {
    const n = Number(port);
    if (!Number.isInteger(n) || n <= 0 || n > 65535) throw new PgConfigError(`${entryId}: port '${port}' is not a TCP port`);
    c.port = n;
  }
  c.database = field(entryId, data, 'database', env);
  c.user = field(entryId, data, 'username', env);
  c.password = field(entryId, data, 'password', env);
  const options = data.options;
  if (options !== undefined && options !== null) {
    if (typeof options !== 'object') throw new PgConfigError(`${entryId}: options must be a map`);
    const o = options as Record<string, unknown>;
    const str = (k: string) => resolveEnv(entryId, `options.${k}`, String(o[k]), env);
    if (o.sslmode !== undefined) {
      const mode = str('sslmode');
      if (mode !== 'disable') c.ssl = mode === 'require' ? { rejectUnauthorized: false } : true;
    }
    if (o.application_name !== undefined) c.application_name = str('application_name');
    if (o.connect_timeout !== undefined) c.connectionTimeoutMillis = Number(str('connect_timeout')) * 1000;
  }
  const pool = data.pool as Record<string, unknown> | undefined;
  const maxOpen = pool?.max_open;
  // the store runs one statement at a time; a few connections cover CLI-less use and retries
  c.max = typeof maxOpen === 'number' && maxOpen > 0 ? Math.min(maxOpen, 4) : 4;
  return c;
}
