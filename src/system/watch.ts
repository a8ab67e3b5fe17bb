// Watch mode: an edit under the source folder (a _index.yaml or a Lua file) becomes one
// registry changeset. The folder is reloaded and checked whole (YAML, kinds, references,
// cycles, Lua syntax); a broken edit is rejected with its errors and the app keeps running
// on the last good version.
//
// Files and running code both change the registry (registry/live.ts keeps the two layers).
// Only entries whose declaration changed are touched, so entries created at run time (from
// Lua) are never removed by a file edit; a file edit of an entry wins over an earlier run-time
// change of the same entry, which leaves the run-time layer.

import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { loadProject, type LoadCache } from '../registry/load.js';
import { formatError } from '../registry/errors.js';
import type { LiveRegistry } from '../registry/live.js';
import { checkProject, loadStaged } from './boot.js';
import type { RuntimeConfig } from './config.js';
import type { Log } from './log.js';

export interface Watcher {
  /** reload now (tests call it; the file watcher calls it after a quiet period) */
  reload(): { ok: boolean; version?: number; errors?: string[] };
  close(): void;
}

/**
 * `quietMs`: how long the folder must stay quiet before a reload, so that an editor's save
 * (often a truncate and a write, or a write and a rename) is read once, complete.
 */
export function watchApp(root: string, live: LiveRegistry, log: Log, quietMs = 20, config?: RuntimeConfig): Watcher {
  const registry = live.registry;
  // unchanged definition files are not parsed again (most of a reload's cost in a large app)
  const cache: LoadCache = new Map();
  loadProject(root, { cache });
  const reload = () => {
    // the same load stages as boot (.wippy.yaml overrides and disabled entries)
    const loaded = loadStaged(root, config, cache);
    const problems = checkProject(loaded);
    if (problems.length > 0) {
      const errors = problems.map(formatError);
      log.log('error', 'change rejected; still running the last good version', { version: registry.version, errors });
      return { ok: false, errors };
    }
    const r = live.applyFiles(loaded.entries);
    if (!r.ok) {
      const errors = r.errors.map(formatError);
      log.log('error', 'change rejected; still running the last good version', { version: registry.version, errors });
      return { ok: false, errors };
    }
    if (r.changes.length === 0) return { ok: true, version: r.version };
    log.log('info', `registry updated to version ${r.version}`, { changes: r.changes.map((c) => `${c.op} ${c.entry.id}`) });
    return { ok: true, version: r.version };
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fsw: FSWatcher | undefined;
  try {
    fsw = watch(join(root, loadProject(root).lock.src), { recursive: true }, () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => { timer = undefined; reload(); }, quietMs);
    });
  } catch (e) {
    log.log('warn', 'cannot watch the source folder; live reload is off', { error: String(e) });
  }
  return {
    reload,
    close() {
      if (timer !== undefined) clearTimeout(timer);
      fsw?.close();
    },
  };
}
