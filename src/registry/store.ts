// Where the registry's version history and its run-time layer (the overlay, see live.ts) are
// kept: in memory (the reference's default, lost on exit) or in an SQLite file
// (`.wippy/registry.db`), so that changes made by running code survive a restart.
//
// A version row says who changed what; the overlay rows of a version say how the run-time
// layer changed with it. The overlay at version V is the fold of every overlay row up to V,
// which is all a rollback or a boot needs: the files give the rest.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChangeOp } from './delta.js';
import type { Entry } from './entry.js';
import type { ApplyContext } from './registry.js';

/** How the run-time layer holds one entry: its run-time value, or deleted at run time. */
export interface OverlayItem {
  /** The run-time value; undefined = the entry was deleted at run time. */
  entry?: Entry;
  /** Content hash of the file layer's entry when the change was made ('' = no such file entry). */
  base: string;
}

export type Overlay = Map<string, OverlayItem>;

/** One overlay row: the item an id has from this version on, or `clear` (back to the files). */
export interface OverlayChange {
  id: string;
  state: 'set' | 'delete' | 'clear';
  base?: string;
  entry?: Entry;
}

export interface VersionRow {
  version: number;
  time: number;
  origin: NonNullable<ApplyContext['origin']>;
  actor?: ApplyContext['actor'];
  /** What changed, for people: op, id and kind of each change. */
  changes: { op: ChangeOp; id: string; kind: string }[];
  /** Free text: why a boot dropped overlay items, what a rollback went back to. */
  note?: string;
}

/** A rollback asked for from outside the running app (`wippy registry rollback V`). */
export interface RollbackRequest {
  id: number;
  target: number;
}

export interface HistoryStore {
  readonly persistent: boolean;
  lastVersion(): number;
  /** Records a version and its overlay rows in one transaction. */
  append(row: VersionRow, overlay: readonly OverlayChange[]): void;
  versions(): VersionRow[];
  version(v: number): VersionRow | undefined;
  overlayAt(v: number): Overlay;
  /** Marks the store as used by a running app (`pid`), or returns the pid of the one that is. */
  claim(pid: number): number | undefined;
  owner(): number | undefined;
  release(): void;
  request(target: number): number;
  pendingRequests(): RollbackRequest[];
  finishRequest(id: number, result: string): void;
  /** The result of a request, once the app has served it. */
  requestResult(id: number): string | undefined;
  close(): void;
}

export function foldOverlay(into: Overlay, changes: Iterable<OverlayChange>): Overlay {
  for (const c of changes) {
    if (c.state === 'clear') into.delete(c.id);
    else into.set(c.id, c.state === 'set' ? { entry: c.entry, base: c.base ?? '' } : { base: c.base ?? '' });
  }
  return into;
}

export class MemoryHistoryStore implements HistoryStore {
  readonly persistent = false;
  private rows: VersionRow[] = [];
  private overlays = new Map<number, readonly OverlayChange[]>();

  lastVersion(): number {
    return this.rows.length === 0 ? 0 : this.rows[this.rows.length - 1].version;
  }
  append(row: VersionRow, overlay: readonly OverlayChange[]): void {
    this.rows.push(row);
    this.overlays.set(row.version, overlay);
  }
  versions(): VersionRow[] {
    return [...this.rows];
  }
  version(v: number): VersionRow | undefined {
    return this.rows.find((r) => r.version === v);
  }
  overlayAt(v: number): Overlay {
    const out: Overlay = new Map();
    for (const r of this.rows) if (r.version <= v) foldOverlay(out, this.overlays.get(r.version) ?? []);
    return out;
  }
  claim(): number | undefined {
    return undefined;
  }
  owner(): number | undefined {
    return undefined;
  }
  release(): void {}
  request(): number {
    throw new Error('an in-memory registry history takes no requests from outside the app');
  }
  pendingRequests(): RollbackRequest[] {
    return [];
  }
  finishRequest(): void {}
  requestResult(): string | undefined {
    return undefined;
  }
  close(): void {}
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reg_versions (
  version INTEGER PRIMARY KEY, time INTEGER NOT NULL, origin TEXT NOT NULL,
  actor TEXT, changes TEXT NOT NULL, note TEXT);
CREATE TABLE IF NOT EXISTS reg_overlay (
  version INTEGER NOT NULL, id TEXT NOT NULL, state TEXT NOT NULL, base TEXT NOT NULL DEFAULT '',
  entry TEXT, PRIMARY KEY (version, id));
CREATE TABLE IF NOT EXISTS reg_requests (
  id INTEGER PRIMARY KEY AUTOINCREMENT, target INTEGER NOT NULL, created INTEGER NOT NULL, result TEXT);
CREATE TABLE IF NOT EXISTS reg_owner (one INTEGER PRIMARY KEY CHECK (one = 1), pid INTEGER NOT NULL, since INTEGER NOT NULL);
`;

interface VersionDbRow { version: number; time: number; origin: string; actor: string | null; changes: string; note: string | null }
interface OverlayDbRow { id: string; state: string; base: string; entry: string | null }

export class SqliteHistoryStore implements HistoryStore {
  readonly persistent = true;
  private readonly db: Database.Database;
  private readonly st: Record<string, Database.Statement>;

  constructor(readonly file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('busy_timeout = 10000');
    this.db.pragma('journal_mode = WAL');
    this.db.exec(SCHEMA);
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      last: p('SELECT MAX(version) AS v FROM reg_versions'),
      insertVersion: p('INSERT INTO reg_versions (version, time, origin, actor, changes, note) VALUES (?, ?, ?, ?, ?, ?)'),
      insertOverlay: p('INSERT INTO reg_overlay (version, id, state, base, entry) VALUES (?, ?, ?, ?, ?)'),
      versions: p('SELECT * FROM reg_versions ORDER BY version'),
      version: p('SELECT * FROM reg_versions WHERE version = ?'),
      overlayAt: p('SELECT id, state, base, entry FROM reg_overlay WHERE version <= ? ORDER BY version'),
      owner: p('SELECT pid FROM reg_owner WHERE one = 1'),
      setOwner: p('INSERT OR REPLACE INTO reg_owner (one, pid, since) VALUES (1, ?, ?)'),
      release: p('DELETE FROM reg_owner WHERE one = 1 AND pid = ?'),
      request: p('INSERT INTO reg_requests (target, created) VALUES (?, ?)'),
      pending: p('SELECT id, target FROM reg_requests WHERE result IS NULL ORDER BY id'),
      finish: p('UPDATE reg_requests SET result = ? WHERE id = ?'),
      result: p('SELECT result FROM reg_requests WHERE id = ?'),
    };
  }

  lastVersion(): number {
    return (this.st.last.get() as { v: number | null }).v ?? 0;
  }

  append(row: VersionRow, overlay: readonly OverlayChange[]): void {
    this.db.transaction(() => {
      this.st.insertVersion.run(row.version, row.time, row.origin, row.actor ? JSON.stringify(row.actor) : null,
        JSON.stringify(row.changes), row.note ?? null);
      for (const c of overlay) this.st.insertOverlay.run(row.version, c.id, c.state, c.base ?? '', c.entry ? JSON.stringify(c.entry) : null);
    })();
  }

  versions(): VersionRow[] {
    return (this.st.versions.all() as VersionDbRow[]).map(rowOf);
  }

  version(v: number): VersionRow | undefined {
    const r = this.st.version.get(v) as VersionDbRow | undefined;
    return r === undefined ? undefined : rowOf(r);
  }

  overlayAt(v: number): Overlay {
    const rows = this.st.overlayAt.all(v) as OverlayDbRow[];
    return foldOverlay(new Map(), rows.map((r) => ({
      id: r.id, state: r.state as OverlayChange['state'], base: r.base, entry: r.entry === null ? undefined : JSON.parse(r.entry) as Entry,
    })));
  }

  claim(pid: number): number | undefined {
    return this.db.transaction(() => {
      const other = this.owner();
      if (other !== undefined && other !== pid && isAlive(other)) return other;
      this.st.setOwner.run(pid, Date.now());
      return undefined;
    })();
  }

  owner(): number | undefined {
    return (this.st.owner.get() as { pid: number } | undefined)?.pid;
  }

  release(): void {
    this.st.release.run(process.pid);
  }

  request(target: number): number {
    return Number(this.st.request.run(target, Date.now()).lastInsertRowid);
  }

  pendingRequests(): RollbackRequest[] {
    return this.st.pending.all() as RollbackRequest[];
  }

  finishRequest(id: number, result: string): void {
    this.st.finish.run(result, id);
  }

  requestResult(id: number): string | undefined {
    return (this.st.result.get(id) as { result: string | null } | undefined)?.result ?? undefined;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function rowOf(r: VersionDbRow): VersionRow {
  const row: VersionRow = { version: r.version, time: r.time, origin: r.origin as VersionRow['origin'], changes: JSON.parse(r.changes) };
  if (r.actor !== null) row.actor = JSON.parse(r.actor);
  if (r.note !== null) row.note = r.note;
  return row;
}

/** Is a process with this pid running? (signal 0 checks without sending anything) */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
