// `fs.directory` and `fs.embed` entries (services spec §5.1): field checks, so a bad volume
// stops the boot (or is rejected as a registry change) with its file and line, and the
// volume settings read from an entry's current data.
//
//   directory   required: the root, absolute or relative to `base`
//   auto_init   create the root (and its parents) when missing
//   mode        octal permission string, default "0755" (src/fs/mode.ts)
//   base        project (default: the app folder) | module (the app's source folder)

import { isAbsolute, resolve } from 'node:path';
import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { readLock } from '../registry/lock.js';
import { parseMode, type VolumeMode } from '../fs/mode.js';

export const FS_KINDS = new Set(['fs.directory', 'fs.embed']);

export interface VolumeSettings {
  root: string;
  autoInit: boolean;
  mode: VolumeMode;
}

const placeholder = (v: unknown) => typeof v === 'string' && v.includes('${');

/** What is wrong with the fields of one fs entry (empty when nothing is). */
export function fsFieldProblems(kind: string, d: Record<string, unknown>): string[] {
  if (kind !== 'fs.directory') return [];
  const out: string[] = [];
  if (typeof d.directory !== 'string' || d.directory === '') out.push(`fs.directory needs 'directory' (the root path)`);
  else if (d.directory.includes('\0')) out.push(`'directory' contains a NUL byte`);
  if (d.auto_init !== undefined && typeof d.auto_init !== 'boolean') out.push(`'auto_init' must be true or false, got ${JSON.stringify(d.auto_init)}`);
  if (!placeholder(d.mode)) {
    const m = parseMode(d.mode);
    if (typeof m === 'string') out.push(m);
  }
  if (d.base !== undefined && d.base !== 'project' && d.base !== 'module') out.push(`'base' must be project or module, got ${JSON.stringify(d.base)}`);
  return out;
}

export function fsEntryProblem(e: Entry): RegistryError | undefined {
  const msgs = fsFieldProblems(e.kind, e.data);
  if (msgs.length === 0) return undefined;
  return { code: 'invalid-entry-data', message: msgs.join('; '), entry: e.id, file: e.source?.file, line: e.source?.line };
}

export function fsEntryProblems(entries: readonly Entry[]): RegistryError[] {
  const out: RegistryError[] = [];
  for (const e of entries) {
    const p = fsEntryProblem(e);
    if (p !== undefined) out.push(p);
  }
  return out;
}

/** The settings of an fs.directory entry's (placeholder-resolved) data, or what is wrong. */
export function volumeSettings(id: string, d: Record<string, unknown>, appRoot: string): VolumeSettings | string {
  const problems = fsFieldProblems('fs.directory', d);
  if (problems.length > 0) return `${id}: ${problems.join('; ')}`;
  const mode = parseMode(d.mode) as VolumeMode;
  const dir = d.directory as string;
  const base = d.base === 'module' ? resolve(appRoot, readLock(appRoot).lock.src) : appRoot;
  return { root: isAbsolute(dir) ? dir : resolve(base, dir), autoInit: d.auto_init === true, mode };
}
