// `wippy registry list | show ID`: what the app declares, without starting it (with a stored
// history: plus the run-time changes its next boot replays, marked as such).
// `wippy registry history | diff | rollback`: its version history (see below).

import { existsSync } from 'node:fs';
import { loadApp, BootError, checkEntries } from '../system/boot.js';
import type { Entry } from '../registry/entry.js';
import { buildDelta } from '../registry/delta.js';
import { formatError } from '../registry/errors.js';
import { LiveRegistry, mergeOverlay, replayOverlay } from '../registry/live.js';
import { historySettings } from '../registry/settings.js';
import { loadRuntimeConfig } from '../system/config.js';
import { SqliteHistoryStore, isAlive, type VersionRow } from '../registry/store.js';

function load(dir: string): Entry[] | undefined {
  try {
    return loadApp(dir);
  } catch (e) {
    if (e instanceof BootError) {
      process.stderr.write(`wippy: the registry has problems:\n${e.problems.map((p) => '  ' + p).join('\n')}\n`);
      return undefined;
    }
    throw e;
  }
}

/**
 * The files' entries with the stored run-time changes replayed over them (as the next boot
 * would), and the ids that come from the run-time layer. Files only without a stored history.
 */
function loadWithRuntime(dir: string): { entries: Entry[]; runtime: Set<string> } | undefined {
  const files = load(dir);
  if (files === undefined) return undefined;
  let settings;
  try {
    settings = historySettings(dir, loadRuntimeConfig(dir).values.registry);
  } catch {
    return { entries: files, runtime: new Set() };
  }
  if (settings.type !== 'sqlite' || !existsSync(settings.path)) return { entries: files, runtime: new Set() };
  const store = new SqliteHistoryStore(settings.path);
  try {
    const { entries, kept } = replayOverlay(files, store.overlayAt(store.lastVersion()), checkEntries);
    return { entries, runtime: new Set([...kept].filter(([, item]) => item.entry !== undefined).map(([id]) => id)) };
  } finally {
    store.close();
  }
}

export function registryList(dir: string, kind?: string): number {
  const loaded = loadWithRuntime(dir);
  if (loaded === undefined) return 1;
  const rows = loaded.entries.filter((e) => kind === undefined || e.kind === kind).sort((a, b) => a.id.localeCompare(b.id));
  const w = Math.max(2, ...rows.map((e) => e.id.length));
  process.stdout.write(`${'ID'.padEnd(w)}  KIND\n`);
  for (const e of rows) process.stdout.write(`${e.id.padEnd(w)}  ${e.kind}${loaded.runtime.has(e.id) ? '  (run-time)' : ''}\n`);
  process.stdout.write(`${rows.length} entries\n`);
  return 0;
}

export function registryShow(dir: string, id: string): number {
  const loaded = loadWithRuntime(dir);
  if (loaded === undefined) return 1;
  const e = loaded.entries.find((x) => x.id === id);
  if (e === undefined) {
    process.stderr.write(`wippy: entry '${id}' not found\n`);
    return 1;
  }
  const view = loaded.runtime.has(e.id)
    ? { id: e.id, kind: e.kind, meta: e.meta, data: e.data, declared: 'at run time (wippy registry history)' }
    : { id: e.id, kind: e.kind, meta: e.meta, data: e.data, declared: e.source };
  process.stdout.write(JSON.stringify(view, null, 2) + '\n');
  return 0;
}

// ---- history: `wippy registry history | diff V1 V2 | rollback V` -------------------------
// They read the app's history store (`.wippy.yaml` registry.history_type: sqlite). A rollback
// of a stopped app is validated and recorded at once and takes effect at its next boot; a
// running app (it holds the store) is asked to apply it and the command waits for its answer.

/** The app's persistent history store, or undefined (with the reason printed). */
function openStore(dir: string): SqliteHistoryStore | undefined {
  let settings;
  try {
    settings = historySettings(dir, loadRuntimeConfig(dir).values.registry);
  } catch (e) {
    process.stderr.write(`wippy: ${(e as Error).message}\n`);
    return undefined;
  }
  if (settings.type !== 'sqlite') {
    process.stderr.write('wippy: this app keeps its registry history in memory only; set registry.history_type: sqlite in .wippy.yaml to keep it\n');
    return undefined;
  }
  if (!existsSync(settings.path)) {
    process.stderr.write(`wippy: no registry history yet (${settings.path} does not exist: the app has not run)\n`);
    return undefined;
  }
  return new SqliteHistoryStore(settings.path);
}

function describeActor(row: VersionRow): string {
  if (row.actor === undefined) return '-';
  return [row.actor.entry, row.actor.pid].filter((x) => x !== undefined).join(' ');
}

export function registryHistory(dir: string): number {
  const store = openStore(dir);
  if (store === undefined) return 1;
  try {
    const rows = store.versions();
    process.stdout.write('VERSION  TIME                      ORIGIN    BY  CHANGES\n');
    for (const r of rows) {
      const changes = r.changes.length === 0 ? '-' : r.changes.map((c) => `${c.op} ${c.id}`).join(', ');
      process.stdout.write(`${String(r.version).padEnd(7)}  ${new Date(r.time).toISOString().padEnd(24)}  ${r.origin.padEnd(8)}  ${describeActor(r)}  ${changes}\n`);
      if (r.note !== undefined) for (const line of r.note.split('\n')) process.stdout.write(`         ${line}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}

/** How the registry differs between two versions: their run-time layers over today's files. */
export function registryDiff(dir: string, from: string, to: string): number {
  const entries = load(dir);
  if (entries === undefined) return 1;
  const store = openStore(dir);
  if (store === undefined) return 1;
  try {
    const a = Number(from);
    const b = Number(to);
    for (const v of [a, b]) {
      if (!Number.isInteger(v) || store.version(v) === undefined) {
        process.stderr.write(`wippy: no version ${v}\n`);
        return 1;
      }
    }
    const changes = buildDelta(mergeOverlay(entries, store.overlayAt(a)), mergeOverlay(entries, store.overlayAt(b)));
    if (changes.length === 0) process.stdout.write(`versions ${a} and ${b} do not differ\n`);
    for (const c of changes) {
      process.stdout.write(`${c.op} ${c.entry.id} (${c.entry.kind})\n`);
      if (c.op === 'update' && c.original !== undefined) {
        for (const line of fieldChanges(c.original, c.entry)) process.stdout.write(`  ${line}\n`);
      }
    }
    return 0;
  } finally {
    store.close();
  }
}

/** `meta.x: 1 -> 2` lines for the fields that differ (long values shortened). */
function fieldChanges(before: Entry, after: Entry): string[] {
  const out: string[] = [];
  const show = (v: unknown) => {
    const s = v === undefined ? '(none)' : JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  };
  for (const part of ['meta', 'data'] as const) {
    const keys = new Set([...Object.keys(before[part]), ...Object.keys(after[part])]);
    for (const k of keys) {
      if (JSON.stringify(before[part][k]) !== JSON.stringify(after[part][k])) out.push(`${part}.${k}: ${show(before[part][k])} -> ${show(after[part][k])}`);
    }
  }
  return out;
}

export async function registryRollback(dir: string, version: string, waitMs = 10000): Promise<number> {
  const entries = load(dir);
  if (entries === undefined) return 1;
  const store = openStore(dir);
  if (store === undefined) return 1;
  try {
    const v = Number(version);
    const owner = store.owner();
    if (owner !== undefined && isAlive(owner)) {
      const id = store.request(v);
      const deadline = Date.now() + waitMs;
      for (;;) {
        const result = store.requestResult(id);
        if (result !== undefined) {
          if (result.startsWith('ok ')) {
            process.stdout.write(`rolled back the running app (pid ${owner}) to version ${v}: now at version ${result.slice(3)}\n`);
            return 0;
          }
          process.stderr.write(`wippy: the running app rejected the rollback: ${result.replace(/^error /, '')}\n`);
          return 1;
        }
        if (Date.now() > deadline) {
          process.stderr.write(`wippy: the running app (pid ${owner}) did not answer in ${waitMs} ms; the request stays queued\n`);
          return 1;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const r = LiveRegistry.rollbackStored(entries, store, v, checkEntries, { actor: { entry: 'cli' } });
    if (!r.ok) {
      process.stderr.write(`wippy: cannot roll back to version ${version}:\n${r.errors.map((e) => '  ' + formatError(e)).join('\n')}\n`);
      return 1;
    }
    if (r.changes.length === 0) process.stdout.write(`nothing to do: the app already boots as version ${v} left it\n`);
    else process.stdout.write(`recorded version ${r.version} (rollback to ${v}); the app applies it at its next start:\n${r.changes.map((c) => `  ${c.op} ${c.entry.id}`).join('\n')}\n`);
    return 0;
  } finally {
    store.close();
  }
}
