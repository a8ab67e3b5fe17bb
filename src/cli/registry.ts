// `wippy registry list | show ID`: what the app declares, without starting it.

import { loadApp, BootError } from '../system/boot.js';
import type { Entry } from '../registry/entry.js';

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

export function registryList(dir: string, kind?: string): number {
  const entries = load(dir);
  if (entries === undefined) return 1;
  const rows = entries.filter((e) => kind === undefined || e.kind === kind).sort((a, b) => a.id.localeCompare(b.id));
  const w = Math.max(2, ...rows.map((e) => e.id.length));
  process.stdout.write(`${'ID'.padEnd(w)}  KIND\n`);
  for (const e of rows) process.stdout.write(`${e.id.padEnd(w)}  ${e.kind}\n`);
  process.stdout.write(`${rows.length} entries\n`);
  return 0;
}

export function registryShow(dir: string, id: string): number {
  const entries = load(dir);
  if (entries === undefined) return 1;
  const e = entries.find((x) => x.id === id);
  if (e === undefined) {
    process.stderr.write(`wippy: entry '${id}' not found\n`);
    return 1;
  }
  const view = { id: e.id, kind: e.kind, meta: e.meta, data: e.data, declared: e.source };
  process.stdout.write(JSON.stringify(view, null, 2) + '\n');
  return 0;
}
