// `wippy.lock`: where the sources are and which modules are pinned (config.md §1.2).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RegistryError } from './errors.js';
import { documentValue, parseYaml } from './yaml.js';

export interface LockedModule {
  name: string;
  version: string;
  hash?: string;
}

export interface LockFile {
  /** Application source root relative to the project root, as written (`./src` by default). */
  src: string;
  /** Modules directory (`.wippy` by default). */
  modules: string;
  dependencies: LockedModule[];
  /** Deprecated lock-level `replacements`: `org/module` -> local directory (relative to the root). */
  replacements: Record<string, string>;
  /** Whether a lock file was found; an absent lock means defaults (config.md §7 #9). */
  found: boolean;
}

export const DEFAULT_LOCK: Readonly<LockFile> = { src: './src', modules: '.wippy', dependencies: [], replacements: {}, found: false };

/** Reads the lock file of a project; a broken file reports its problems and falls back to defaults. */
export function readLock(root: string, lockFile = 'wippy.lock'): { lock: LockFile; errors: RegistryError[] } {
  const path = join(root, lockFile);
  if (!existsSync(path)) return { lock: { ...DEFAULT_LOCK, dependencies: [], replacements: {} }, errors: [] };
  const parsed = parseYaml(readFileSync(path, 'utf8'), lockFile);
  if (!parsed.doc) return { lock: { ...DEFAULT_LOCK, dependencies: [], replacements: {} }, errors: parsed.errors };
  return { lock: lockFromValue(documentValue(parsed.doc)), errors: [] };
}

function lockFromValue(value: unknown): LockFile {
  const top = asMap(value);
  const dirs = asMap(top.directories);
  return {
    src: nonEmptyString(dirs.src) ?? DEFAULT_LOCK.src,
    modules: nonEmptyString(dirs.modules) ?? DEFAULT_LOCK.modules,
    dependencies: Array.isArray(top.modules) ? top.modules.flatMap(lockedModule) : [],
    replacements: stringMap(top.replacements),
    found: true,
  };
}

function lockedModule(value: unknown): LockedModule[] {
  const m = asMap(value);
  const name = nonEmptyString(m.name);
  if (name === undefined) return [];
  const mod: LockedModule = { name, version: String(m.version ?? '') };
  const hash = nonEmptyString(m.hash);
  if (hash !== undefined) mod.hash = hash;
  return [mod];
}

function asMap(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `replacements` as a map `org/module: dir`, or as the list `[{from: org/module, to: dir}]` real lock files use. */
function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const { from, to } = asMap(item);
      if (typeof from === 'string' && from !== '' && typeof to === 'string' && to !== '') out[from] = to;
    }
    return out;
  }
  for (const [k, v] of Object.entries(asMap(value))) if (typeof v === 'string' && v !== '') out[k] = v;
  return out;
}
