// The registry of a running app as two layers: the files (the entries the app's `_index.yaml`
// files declare) and the overlay (what running code changed: per entry id, its run-time value
// or a run-time delete). The live state is always files + overlay.
//
// Rules (docs/registry.md has the long form):
// - A change made by code is recorded in the overlay, with a hash of the file entry it was
//   made over ('base'), and persisted with its version when the history store is persistent.
// - A file edit of an entry wins: the entry takes the file's value and leaves the overlay.
// - At boot the overlay is replayed over the files. An item whose file entry changed since
//   (hash differs from its base) is dropped: the file wins, as it would have while running.
//   Items that no longer validate against the files are dropped one by one with the reason;
//   the rest are kept. Every drop is recorded in the boot version's note.
// - A rollback to version V restores the overlay as it was right after V, over today's
//   files: it undoes run-time changes, never file edits.

import { createHash } from 'node:crypto';
import { buildDelta, sameEntry, type Change } from './delta.js';
import type { Entry } from './entry.js';
import { formatError, type RegistryError } from './errors.js';
import { dependencyGraph, dependencyOrder } from './graph.js';
import { Registry, type ApplyContext, type ApplyResult, type Changeset, type ChangesetOp, type RegistryOptions } from './registry.js';
import { foldOverlay, type HistoryStore, type Overlay, type OverlayChange, type OverlayItem, type VersionRow } from './store.js';

/** Problems of a whole set of entries (registry validation plus Lua compilation, at boot). */
export type CheckEntries = (entries: readonly Entry[]) => RegistryError[];

export interface DroppedItem {
  id: string;
  reason: string;
}

/** Content identity of a file entry: kind, meta, data and loaded source ('' = no entry). */
export function entryHash(e: Entry | undefined): string {
  if (e === undefined) return '';
  return createHash('sha256').update(JSON.stringify([e.kind, e.meta, e.data, e.sourceText ?? null])).digest('base64url').slice(0, 22);
}

/** files + overlay, in registry order (run-time creates after the files). */
export function mergeOverlay(files: readonly Entry[], overlay: Overlay): Entry[] {
  const map = new Map(files.map((e) => [e.id, e]));
  for (const [id, item] of overlay) {
    if (item.entry !== undefined) map.set(id, item.entry);
    else map.delete(id);
  }
  return [...map.values()];
}

/**
 * The boot rule: replays `overlay` over `files` (assumed valid). Returns the entries to boot
 * with, the overlay items kept, and the items dropped with why.
 */
export function replayOverlay(files: readonly Entry[], overlay: Overlay, check: CheckEntries):
  { entries: Entry[]; kept: Overlay; dropped: DroppedItem[] } {
  const byId = new Map(files.map((e) => [e.id, e]));
  const dropped: DroppedItem[] = [];
  const candidates: Overlay = new Map();
  for (const [id, item] of overlay) {
    if (item.base === entryHash(byId.get(id))) candidates.set(id, item);
    else dropped.push({ id, reason: 'its file declaration changed since the run-time change; the file wins' });
  }
  const all = mergeOverlay(files, candidates);
  if (candidates.size === 0 || check(all).length === 0) return { entries: all, kept: candidates, dropped };
  // Something no longer validates: add the items one at a time (dependencies first, deletes
  // last) and keep each only if the set stays valid, so one bad item costs only itself.
  const order = dependencyOrder(dependencyGraph(all));
  const rank = new Map(order.map((id, i) => [id, i]));
  const ids = [...candidates.keys()].sort((a, b) => rankOf(candidates, rank, a) - rankOf(candidates, rank, b));
  const kept: Overlay = new Map();
  for (const id of ids) {
    kept.set(id, candidates.get(id)!);
    const problems = check(mergeOverlay(files, kept));
    if (problems.length > 0) {
      kept.delete(id);
      dropped.push({ id, reason: `it no longer validates: ${problems.map(formatError).join('; ')}` });
    }
  }
  return { entries: mergeOverlay(files, kept), kept, dropped };
}

function rankOf(overlay: Overlay, rank: Map<string, number>, id: string): number {
  return overlay.get(id)!.entry === undefined ? Number.MAX_SAFE_INTEGER : (rank.get(id) ?? Number.MAX_SAFE_INTEGER - 1);
}

const summarize = (changes: readonly Change[]): VersionRow['changes'] => changes.map((c) => ({ op: c.op, id: c.entry.id, kind: c.entry.kind }));

export class LiveRegistry {
  private constructor(
    readonly registry: Registry,
    readonly store: HistoryStore,
    private files: Map<string, Entry>,
    private overlay: Overlay,
    private readonly check: CheckEntries,
    private readonly now: () => number,
  ) {}

  /**
   * Files + the stored overlay as one validated registry whose first version continues the
   * stored numbering. `files` must be valid (boot checks them first).
   */
  static boot(files: readonly Entry[], store: HistoryStore, check: CheckEntries, options: RegistryOptions = {}):
    { live: LiveRegistry; dropped: DroppedItem[] } {
    const now = options.now ?? Date.now;
    const last = store.lastVersion();
    const { entries, kept, dropped } = replayOverlay(files, store.overlayAt(last), check);
    const version = last + 1;
    const registry = new Registry(entries, { ...options, firstVersion: version });
    const note = dropped.length === 0 ? undefined : dropped.map((d) => `dropped run-time change of ${d.id}: ${d.reason}`).join('\n');
    const row: VersionRow = { version, time: now(), origin: 'boot', changes: [] };
    if (note !== undefined) row.note = note;
    store.append(row, dropped.map((d) => ({ id: d.id, state: 'clear' })));
    return { live: new LiveRegistry(registry, store, new Map(files.map((e) => [e.id, e])), kept, check, now), dropped };
  }

  get version(): number {
    return this.registry.version;
  }

  /** The run-time layer now: entry id -> its run-time value or delete. */
  overlayNow(): ReadonlyMap<string, OverlayItem> {
    return this.overlay;
  }

  /** A changeset from running code: validated, recorded in the overlay and the history. */
  applyCode(changeset: Changeset, context: ApplyContext = {}): ApplyResult {
    const ctx: ApplyContext = { ...context, origin: 'code' };
    const prepared = this.registry.prepare(changeset, ctx);
    if (!prepared.ok) return prepared;
    const overlay = new Map<string, OverlayChange>();
    for (const c of prepared.changes) overlay.set(c.entry.id, this.overlayChange(c));
    return this.commit(prepared, ctx, [...overlay.values()]);
  }

  /**
   * The files now declare `entries` (validated by the caller): entries whose declaration
   * changed take the file's value, whatever code did to them, and leave the overlay.
   */
  applyFiles(entries: readonly Entry[]): ApplyResult {
    const next = new Map(entries.map((e) => [e.id, e]));
    const changed = buildDelta([...this.files.values()], entries).map((c) => c.entry.id);
    const ops: ChangesetOp[] = [];
    for (const id of new Set(changed)) {
      const now = this.registry.get(id);
      const want = next.get(id);
      if (want !== undefined && now !== undefined && want.kind !== now.kind) ops.push({ op: 'delete', entry: { id } }, { op: 'create', entry: want });
      else if (want !== undefined) ops.push({ op: now === undefined ? 'create' : 'update', entry: want });
      else if (now !== undefined) ops.push({ op: 'delete', entry: { id } });
    }
    if (ops.length === 0) {
      this.files = next;
      return { ok: true, version: this.version, changes: [] };
    }
    const ctx: ApplyContext = { origin: 'files' };
    const prepared = this.registry.prepare(ops, ctx);
    if (!prepared.ok) return prepared;
    const clears: OverlayChange[] = [...new Set(changed)].filter((id) => this.overlay.has(id)).map((id) => ({ id, state: 'clear' }));
    const r = this.commit(prepared, ctx, clears);
    if (r.ok) this.files = next;
    return r;
  }

  /** What `rollback(version)` would change, as changeset ops (permission checks judge these). */
  rollbackChanges(version: number): Changeset {
    const target = rollbackTarget(this.store, version, this.files);
    if (!(target instanceof Map)) return [];
    return buildDelta(this.registry.all(), mergeOverlay([...this.files.values()], target)).map((c) => ({ op: c.op, entry: c.entry }));
  }

  /** Back (or forward) to the run-time layer of `version`, over today's files, as a new version. */
  rollback(version: number, context: ApplyContext = {}): ApplyResult {
    const target = rollbackTarget(this.store, version, this.files);
    if (!(target instanceof Map)) return target;
    const ctx: ApplyContext = { ...context, origin: 'rollback' };
    const delta = buildDelta(this.registry.all(), mergeOverlay([...this.files.values()], target));
    if (delta.length === 0) return { ok: true, version: this.version, changes: [] };
    const prepared = this.registry.prepare(delta.map((c) => ({ op: c.op, entry: c.entry })), ctx);
    if (!prepared.ok) return prepared;
    return this.commit(prepared, ctx, overlayDiff(this.overlay, target), `rollback to version ${version}`);
  }

  /**
   * A rollback while the app is not running: validated now against today's files, recorded as
   * a new version of the stored history, and so applied when the app next boots.
   */
  static rollbackStored(files: readonly Entry[], store: HistoryStore, version: number, check: CheckEntries,
    context: ApplyContext = {}, now: () => number = Date.now): ApplyResult {
    const byId = new Map(files.map((e) => [e.id, e]));
    const target = rollbackTarget(store, version, byId);
    if (!(target instanceof Map)) return target;
    const last = store.lastVersion();
    const current = replayOverlay(files, store.overlayAt(last), check);
    const wanted = mergeOverlay(files, target);
    const problems = check(wanted);
    if (problems.length > 0) return { ok: false, errors: problems };
    const changes = buildDelta(current.entries, wanted);
    if (changes.length === 0) return { ok: true, version: last, changes: [] };
    const row: VersionRow = { version: last + 1, time: now(), origin: 'rollback', changes: summarize(changes),
      note: `rollback to version ${version}, recorded while the app was stopped: applied at its next boot` };
    if (context.actor !== undefined) row.actor = context.actor;
    store.append(row, overlayDiff(store.overlayAt(last), target));
    return { ok: true, version: last + 1, changes };
  }

  /** Serves rollbacks asked for from outside (`wippy registry rollback V` while running). */
  serveRequests(): number {
    const pending = this.store.pendingRequests();
    for (const req of pending) {
      const r = this.rollback(req.target, { actor: { entry: 'cli' } });
      this.store.finishRequest(req.id, r.ok ? `ok ${r.version}` : `error ${r.errors.map(formatError).join('; ')}`);
    }
    return pending.length;
  }

  private overlayChange(c: Change): OverlayChange {
    const file = this.files.get(c.entry.id);
    if (c.op === 'delete') return file === undefined ? { id: c.entry.id, state: 'clear' } : { id: c.entry.id, state: 'delete', base: entryHash(file) };
    // changed back to exactly what the file says: the entry is the file's again
    if (file !== undefined && sameEntry(file, c.entry)) return { id: c.entry.id, state: 'clear' };
    return { id: c.entry.id, state: 'set', base: entryHash(file), entry: c.entry };
  }

  private commit(prepared: Extract<ReturnType<Registry['prepare']>, { ok: true }>, ctx: ApplyContext,
    overlay: OverlayChange[], note?: string): ApplyResult {
    const row: VersionRow = { version: prepared.next.version, time: this.now(), origin: ctx.origin ?? 'code', changes: summarize(prepared.changes) };
    if (ctx.actor !== undefined) row.actor = ctx.actor;
    if (note !== undefined) row.note = note;
    try {
      this.store.append(row, overlay);
    } catch (e) {
      return { ok: false, errors: [{ code: 'store-failed', message: `cannot record the change: ${(e as Error).message}` }] };
    }
    const r = prepared.commit();
    if (r.ok) foldOverlay(this.overlay, overlay);
    return r;
  }
}

/** The overlay of `version`, minus the items whose file entry changed since (the files win). */
function rollbackTarget(store: HistoryStore, version: number, files: ReadonlyMap<string, Entry>): Overlay | { ok: false; errors: RegistryError[] } {
  if (!Number.isInteger(version) || store.version(version) === undefined) {
    return { ok: false, errors: [{ code: 'version-not-found', message: `no version ${version}` }] };
  }
  const target = store.overlayAt(version);
  for (const [id, item] of target) if (item.base !== entryHash(files.get(id))) target.delete(id);
  return target;
}

/** The overlay rows that turn overlay `from` into `to`. */
function overlayDiff(from: Overlay, to: Overlay): OverlayChange[] {
  const changes: OverlayChange[] = [];
  for (const id of new Set([...from.keys(), ...to.keys()])) {
    const want = to.get(id);
    if (want === undefined) changes.push({ id, state: 'clear' });
    else if (!sameItem(from.get(id), want)) changes.push({ id, state: want.entry ? 'set' : 'delete', base: want.base, entry: want.entry });
  }
  return changes;
}

function sameItem(a: OverlayItem | undefined, b: OverlayItem): boolean {
  if (a === undefined || a.base !== b.base) return false;
  if (a.entry === undefined || b.entry === undefined) return a.entry === b.entry;
  return sameEntry(a.entry, b.entry);
}
