// Where an app keeps its registry history: the `registry` section of the runtime config
// (`.wippy.yaml`, read by system/config.ts with profiles and --set applied), with the reference's option names (config.md §1.10.3):
//
//   registry:
//     history_type: sqlite          # memory (default, as in the reference) | sqlite
//     history_path: .wippy/registry.db
//
// With `memory` nothing survives a restart; with `sqlite` changes made by running code are
// replayed at the next boot (see live.ts).

import { isAbsolute, join } from 'node:path';

export interface HistorySettings {
  type: 'memory' | 'sqlite';
  /** absolute path of the SQLite file */
  path: string;
}

export const DEFAULT_HISTORY_PATH = '.wippy/registry.db';

/** `section`: the `registry` section of the app's runtime config (`.wippy.yaml`, profiles, --set). */
export function historySettings(root: string, section: unknown): HistorySettings {
  if (section !== undefined && section !== null && typeof section !== 'object') throw new Error('.wippy.yaml: registry must be a map');
  const cfg = (section ?? {}) as Record<string, unknown>;
  const type = cfg.enable_history === false ? 'memory' : cfg.history_type ?? 'memory';
  if (type !== 'memory' && type !== 'sqlite') {
    throw new Error(`.wippy.yaml: registry.history_type '${String(type)}' is not supported (memory or sqlite)`);
  }
  const rel = typeof cfg.history_path === 'string' ? cfg.history_path : DEFAULT_HISTORY_PATH;
  return { type, path: isAbsolute(rel) ? rel : join(root, rel) };
}
