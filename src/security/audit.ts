// The audit log of registry writes: one row per operation of every changeset that code
// tried to apply, allowed or denied, with who asked (actor, process, entry), the action
// that decided, and what became of it (the version committed, or why not). Kept in SQLite
// at `.wippy/audit.db` under the app folder so it survives restarts; opened on first use.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface AuditRecord {
  /** ms since the epoch */
  time: number;
  changeset: string;
  actor: string;
  pid: string;
  /** the entry of the code that asked */
  caller: string;
  /** create | update | delete */
  op: string;
  entry: string;
  kind: string;
  decision: 'allow' | 'deny';
  /** for a deny: the action (and resource) that was refused; for an allow: the actions checked */
  reason: string;
  /** committed as version N, denied, or rejected with the registry's errors */
  outcome: string;
}

export interface AuditQuery {
  limit?: number;
  decision?: 'allow' | 'deny';
  actor?: string;
  entry?: string;
}

export const DEFAULT_AUDIT_FILE = '.wippy/audit.db';

export class AuditLog {
  private db: Database.Database | undefined;

  constructor(readonly file: string) {}

  private open(): Database.Database {
    if (this.db !== undefined) return this.db;
    mkdirSync(dirname(this.file), { recursive: true });
    const db = new Database(this.file);
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS registry_audit (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      time INTEGER NOT NULL, changeset TEXT NOT NULL, actor TEXT NOT NULL, pid TEXT NOT NULL,
      caller TEXT NOT NULL, op TEXT NOT NULL, entry TEXT NOT NULL, kind TEXT NOT NULL,
      decision TEXT NOT NULL, reason TEXT NOT NULL, outcome TEXT NOT NULL)`);
    this.db = db;
    return db;
  }

  /** Records the rows of one changeset in one transaction. */
  record(rows: readonly AuditRecord[]): void {
    if (rows.length === 0) return;
    const db = this.open();
    const insert = db.prepare(`INSERT INTO registry_audit (time, changeset, actor, pid, caller, op, entry, kind, decision, reason, outcome)
      VALUES (@time, @changeset, @actor, @pid, @caller, @op, @entry, @kind, @decision, @reason, @outcome)`);
    db.transaction(() => { for (const r of rows) insert.run(r); })();
  }

  /** Newest first. */
  query(q: AuditQuery = {}): (AuditRecord & { seq: number })[] {
    const db = this.open();
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit ?? 100 };
    if (q.decision !== undefined) { where.push('decision = @decision'); args.decision = q.decision; }
    if (q.actor !== undefined) { where.push('actor = @actor'); args.actor = q.actor; }
    if (q.entry !== undefined) { where.push('entry = @entry'); args.entry = q.entry; }
    const sql = `SELECT * FROM registry_audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT @limit`;
    return db.prepare(sql).all(args) as (AuditRecord & { seq: number })[];
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }
}
