// Boot-time checks of database, store and queue entries, so a misconfigured entry stops the
// boot with its file and line instead of failing later when its service starts. Fields
// holding `${...}` placeholders are only known once resolved, so they are not checked here.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { parseDurationMs } from '../system/duration.js';
import { CODECS } from '../queue/manager.js';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

function placeholder(v: unknown): boolean {
  return typeof v === 'string' && v.includes('${');
}

function problems(e: Entry): string[] {
  const d = e.data;
  const out: string[] = [];
  const required = (field: string) => {
    const v = d[field];
    if (v === undefined || v === null || v === '') out.push(`${e.kind} needs '${field}'`);
  };
  const range = (field: string, min: number, max: number) => {
    const v = d[field];
    if (v === undefined || placeholder(v)) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) out.push(`'${field}' must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  };
  const duration = (field: string) => {
    const v = d[field];
    if (v === undefined || placeholder(v)) return;
    try { parseDurationMs(v, 0); } catch { out.push(`'${field}' is not a duration: ${JSON.stringify(v)}`); }
  };
  switch (e.kind) {
    case 'db.sql.sqlite':
      if (d.file === undefined && d.path === undefined) out.push(`db.sql.sqlite needs 'file' (a path or ":memory:")`);
      break;
    case 'db.sql.postgres':
      if (d.dsn === undefined && d.url === undefined) required('database');
      if (d.port !== undefined && !placeholder(d.port) && !Number.isInteger(Number(d.port))) out.push(`'port' must be a number, got ${JSON.stringify(d.port)}`);
      break;
    case 'store.memory':
      range('max_size', 0, Number.MAX_SAFE_INTEGER);
      duration('cleanup_interval');
      break;
    case 'store.sql':
      required('database');
      if (d.table_name === undefined && d.table === undefined) out.push(`store.sql needs 'table_name'`);
      for (const f of ['table_name', 'table', 'id_column_name', 'payload_column_name', 'expire_column_name']) {
        const v = d[f];
        if (typeof v === 'string' && !placeholder(v) && !IDENT.test(v)) out.push(`'${f}' ${JSON.stringify(v)} is not a valid SQL identifier`);
      }
      duration('cleanup_interval');
      break;
    case 'queue.driver.sql':
      required('database');
      if (typeof d.table === 'string' && !IDENT.test(d.table)) out.push(`'table' ${JSON.stringify(d.table)} is not a valid SQL identifier`);
      duration('poll_interval');
      duration('visibility_timeout');
      break;
    case 'queue.queue':
      required('driver');
      if (typeof d.codec === 'string' && !placeholder(d.codec) && !CODECS.has(d.codec)) out.push(`codec '${d.codec}' is not supported (json/plain)`);
      break;
    case 'queue.consumer':
      required('queue');
      required('func');
      range('concurrency', 1, 1000);
      range('prefetch', 1, 10000);
      break;
  }
  return out;
}

export function dataEntryProblems(entries: readonly Entry[]): RegistryError[] {
  const out: RegistryError[] = [];
  for (const e of entries) {
    for (const message of problems(e)) out.push({ code: 'invalid-entry-data', message, entry: e.id, file: e.source?.file, line: e.source?.line });
  }
  return out;
}
