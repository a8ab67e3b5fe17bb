// The open databases of one runtime, by entry id. A database opens on first use (or when
// its entry's service starts) from the entry's current data with `${env:...}` resolved.
// When the entry changes (a registry update, or an env value behind a placeholder), the next
// use opens a new connection/pool and the old one closes once its in-flight work is done:
// users never restart, and a transaction in progress finishes on the connection it began on.

import type { Runtime } from '../system/runtime.js';
import { resolvePlaceholders, type EnvLookup } from '../system/placeholders.js';
import { KIND } from '../modules/errors.js';
import { dbConfig, DB_KINDS } from './config.js';
import { SqliteDatabase } from './sqlite.js';
import { PostgresDatabase } from './postgres.js';
import { SqlError, type Database } from './types.js';

interface Open {
  key: string;
  db: Database;
  /** the entry it was opened from, when its data has no placeholders: while the registry
   * returns this same entry object, the configuration cannot have changed */
  fixedEntry: object | undefined;
}

/** Whether entry data holds `${...}` placeholders or legacy `<field>_env` siblings, whose
 * values can change without the entry changing. */
function dependsOnEnv(data: unknown): boolean {
  return JSON.stringify(data, (k, v) => (k.endsWith('_env') ? '${' : v)).includes('${');
}

export class DatabaseManager {
  private open = new Map<string, Open>();

  constructor(private rt: Runtime) {}

  /** The current database of entry `id`; throws SqlError (NOT_FOUND / INVALID / UNAVAILABLE). */
  get(id: string): Database {
    const entry = this.rt.entries.get(id);
    if (entry === undefined) throw new SqlError(KIND.NOT_FOUND, `database '${id}' not found`);
    if (!entry.kind.startsWith('db.sql.')) throw new SqlError(KIND.INVALID, `entry '${id}' is a ${entry.kind}, not a database`);
    if (!DB_KINDS.has(entry.kind)) throw new SqlError(KIND.INVALID, `${entry.kind} is not supported by this runtime (db.sql.sqlite, db.sql.postgres)`);
    // the common case, once per query: the same unchanged entry, nothing to resolve again
    const cur = this.open.get(id);
    if (cur !== undefined && cur.fixedEntry === entry) return cur.db;
    let cfg;
    try {
      const data = resolvePlaceholders(entry.data, this.rt.env as EnvLookup | undefined, '');
      cfg = dbConfig(id, entry.kind, data, this.rt.root ?? '.');
    } catch (e) {
      throw new SqlError(KIND.INVALID, (e as Error).message);
    }
    const key = JSON.stringify(cfg);
    const fixedEntry = dependsOnEnv(entry.data) ? undefined : entry;
    if (cur !== undefined && cur.key === key) {
      cur.fixedEntry = fixedEntry;
      return cur.db;
    }
    let db: Database;
    try {
      db = cfg.type === 'sqlite' ? new SqliteDatabase(cfg.file) : new PostgresDatabase(cfg);
    } catch (e) {
      throw new SqlError(KIND.UNAVAILABLE, `cannot open database '${id}': ${(e as Error).message}`, true);
    }
    this.open.set(id, { key, db, fixedEntry });
    if (cur !== undefined) void cur.db.close();
    return db;
  }

  /** Close the database of `id` (its entry was removed, or the app stops). */
  async close(id: string): Promise<void> {
    const cur = this.open.get(id);
    if (cur === undefined) return;
    this.open.delete(id);
    await cur.db.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.close(id)));
  }
}

const managers = new WeakMap<Runtime, DatabaseManager>();

/** The database manager of a runtime (made on first use). */
export function databases(rt: Runtime): DatabaseManager {
  let m = managers.get(rt);
  if (m === undefined) {
    m = new DatabaseManager(rt);
    managers.set(rt, m);
  }
  return m;
}
