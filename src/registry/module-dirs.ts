// Where a project's dependency modules live on disk (config.md §1.2, §1.3): workspace
// replacement directories first, then modules vendored unpacked under
// `<modules>/vendor/<org>/<module>/`. A module with a replacement skips its vendored copy.
// Each module directory may carry a manifest (`wippy.yaml`: organization, module, exclude,
// exclude_meta) naming the module and the entries it does not ship.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { RegistryError } from './errors.js';
import type { LockFile } from './lock.js';
import { parseYaml, documentValue } from './yaml.js';

export interface ModuleDir {
  /** `org/module` */
  name: string;
  /** Absolute directory scanned for definition files. */
  dir: string;
  origin: 'replacement' | 'vendor';
  /** `exclude:` of the manifest: path globs (relative to `dir`) and entry patterns (`app:**`). */
  exclude: string[];
  /** meta field -> values: entries whose meta matches one are not loaded (packs drop them too). */
  excludeMeta: Record<string, string[]>;
}

const MANIFEST = 'wippy.yaml';

/**
 * The module directories of a project in load order. `replacements` maps `org/module` to a
 * directory relative to the root (`null` cancels one the lock file names).
 */
export function moduleDirs(root: string, lock: LockFile, replacements: Record<string, string | null> = {}): { dirs: ModuleDir[]; errors: RegistryError[] } {
  const errors: RegistryError[] = [];
  const dirs: ModuleDir[] = [];
  const replaced = new Set<string>();
  const merged: Record<string, string | null> = { ...lock.replacements, ...replacements };
  for (const [name, rel] of Object.entries(merged)) {
    if (rel === null) continue;
    const dir = resolve(root, rel);
    if (!isDirectory(dir)) {
      errors.push({ code: 'missing-replacement-dir', message: `replacement for module ${name}: directory '${rel}' not found` });
      continue;
    }
    replaced.add(name);
    dirs.push(moduleDir(root, name, dir, 'replacement', errors));
  }
  const vendor = resolve(root, lock.modules, 'vendor');
  if (!isDirectory(vendor)) return { dirs, errors };
  for (const org of sortedNames(vendor)) {
    const orgDir = join(vendor, org);
    if (!isDirectory(orgDir)) continue;
    for (const item of sortedNames(orgDir)) {
      const path = join(orgDir, item);
      if (item.endsWith('.wapp')) {
        const name = `${org}/${item.slice(0, -5).replace(/-v?\d[\w.+-]*$/, '')}`;
        if (replaced.has(name)) continue;
        errors.push({ code: 'unsupported-pack', file: relative(root, path), message: `module ${name}: .wapp packs are not loaded by this runtime; set options.unpack_modules: true in wippy.lock and vendor again, or add a workspace replacement for ${name}` });
        continue;
      }
      if (!isDirectory(path)) continue;
      const m = moduleDir(root, `${org}/${item.replace(/-v?\d[\w.+-]*$/, '')}`, path, 'vendor', errors);
      if (!replaced.has(m.name)) dirs.push(m);
    }
  }
  return { dirs, errors };
}

function moduleDir(root: string, fallbackName: string, dir: string, origin: ModuleDir['origin'], errors: RegistryError[]): ModuleDir {
  const m: ModuleDir = { name: fallbackName, dir, origin, exclude: [], excludeMeta: {} };
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return m;
  const file = relative(root, path);
  const parsed = parseYaml(readFileSync(path, 'utf8'), file);
  errors.push(...parsed.errors);
  if (!parsed.doc) return m;
  const v = documentValue(parsed.doc) as Record<string, unknown> | null;
  if (v === null || typeof v !== 'object') return m;
  if (typeof v.organization === 'string' && typeof v.module === 'string') m.name = `${v.organization}/${v.module}`;
  if (Array.isArray(v.exclude)) m.exclude = v.exclude.filter((x): x is string => typeof x === 'string');
  if (v.exclude_meta !== null && typeof v.exclude_meta === 'object') {
    for (const [k, vals] of Object.entries(v.exclude_meta as Record<string, unknown>)) {
      if (Array.isArray(vals)) m.excludeMeta[k] = vals.map(String);
    }
  }
  return m;
}

/** Whether a module's manifest leaves this entry out (`exclude_meta: {type: [test]}`). */
export function excludedByMeta(m: ModuleDir, meta: Record<string, unknown>): boolean {
  for (const [k, vals] of Object.entries(m.excludeMeta)) {
    const v = meta[k];
    if (v !== undefined && vals.includes(String(v))) return true;
  }
  return false;
}

/** Whether a file (path relative to the module dir, posix) matches one of the `exclude` path globs. */
export function excludedByPath(m: ModuleDir, rel: string): boolean {
  return m.exclude.some((g) => !g.includes(':') && globRegex(g).test(rel));
}

/**
 * Whether an entry id matches one of the `exclude` entry patterns (`app:**` drops a flat
 * package's own test app, whose files sit inside the package dir): `*` stays within one
 * dot-separated part, `**` matches anything.
 */
export function excludedById(m: ModuleDir, id: string): boolean {
  return m.exclude.some((g) => g.includes(':') && idGlobRegex(g).test(id));
}

function idGlobRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; }
    else if (c === '*') re += '[^.:]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function globRegex(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') { re += '.*'; i++; if (glob[i + 1] === '/') i++; }
    else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // a pattern naming a directory excludes everything below it
  return new RegExp(`^${re}(/.*)?$`);
}

function sortedNames(dir: string): string[] {
  return readdirSync(dir).sort();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
