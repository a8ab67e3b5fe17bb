// Where an app keeps its registry history: the `registry` section of `.wippy.yaml` in the app
// folder, with the reference's option names (config.md §1.10.3):
//
//   registry:
//     history_type: sqlite          # memory (default, as in the reference) | sqlite
//     history_path: .wippy/registry.db
//
// With `memory` nothing survives a restart; with `sqlite` changes made by running code are
// replayed at the next boot (see live.ts).

import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse } from 'yaml';

export interface HistorySettings {
  type: 'memory' | 'sqlite';
  /** absolute path of the SQLite file */
  path: string;
}

export const DEFAULT_HISTORY_PATH = '.wippy/registry.db';

export function historySettings(root: string): HistorySettings {
  const file = join(root, '.wippy.yaml');
  let section: Record<string, unknown> = {};
  if (existsSync(file)) {
    let doc: unknown;
    try {
      doc = parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`.wippy.yaml: ${(e as Error).message}`);
    }
    const reg = (doc as { registry?: unknown } | null)?.registry;
    if (reg !== undefined && (typeof reg !== 'object' || reg === null)) throw new Error('.wippy.yaml: registry must be a map');
    section = (reg ?? {}) as Record<string, unknown>;
  }
  const type = section.enable_history === false ? 'memory' : section.history_type ?? 'memory';
  if (type !== 'memory' && type !== 'sqlite') {
    throw new Error(`.wippy.yaml: registry.history_type '${String(type)}' is not supported (memory or sqlite)`);
  }
  const rel = typeof section.history_path === 'string' ? section.history_path : DEFAULT_HISTORY_PATH;
  return { type, path: isAbsolute(rel) ? rel : join(root, rel) };
}
