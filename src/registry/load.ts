// From a project directory to entries: lock file → definition files → entries with loaded
// `file://` sources (config.md §1.2–§1.6). Whole-set checks live in validate.ts.

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { isMap, isSeq, type Document, type Node } from 'yaml';
import { FILE_PREFIX, formatId, isFileRef, type Entry } from './entry.js';
import type { RegistryError } from './errors.js';
import { SOURCE_KINDS } from './kinds.js';
import { readLock, type LockFile } from './lock.js';
import { parseYaml, toValue } from './yaml.js';
import { excludedById, excludedByMeta, excludedByPath, moduleDirs, type ModuleDir } from './module-dirs.js';

export interface LoadOptions {
  /** Lock file name relative to the root (`-l/--lock-file`), default `wippy.lock`. */
  lockFile?: string;
  /**
   * Parsed definition files kept between loads (watch mode): a file whose text is unchanged is
   * not parsed again. YAML parsing is most of the cost of reloading a large app.
   */
  cache?: LoadCache;
  /** Workspace replacements from the runtime config: `org/module` -> dir (`null` cancels). */
  replacements?: Record<string, string | null>;
}

/** Absolute path of a definition file -> its text and what it parsed to. */
export type LoadCache = Map<string, ParsedFile>;

/** A definition file parsed: file-level problems, and its entries before `file://` sources are read. */
interface ParsedFile {
  text: string;
  errors: RegistryError[];
  /** undefined = not a definition file */
  built: Built[] | undefined;
}

export interface LoadResult {
  /** Absolute project root. */
  root: string;
  lock: LockFile;
  /** Definition files that were loaded, relative to the root, in load order. */
  files: string[];
  /** Entries in load order. Duplicate ids are kept so that validation can report both places. */
  entries: Entry[];
  /** Problems found while reading: YAML syntax, file structure, `file://` sources. */
  errors: RegistryError[];
  /** Entry id -> `org/module` for entries loaded from a replacement or vendored module. */
  moduleOf: Map<string, string>;
}

/** Loads every definition file under the project's source directory. Never throws on bad input. */
export function loadProject(root: string, options: LoadOptions = {}): LoadResult {
  const absRoot = resolve(root);
  const { lock, errors } = readLock(absRoot, options.lockFile);
  const result: LoadResult = { root: absRoot, lock, files: [], entries: [], errors, moduleOf: new Map() };
  const srcDir = resolve(absRoot, lock.src);
  if (!isDirectory(srcDir)) {
    errors.push({ code: 'missing-src-dir', message: `source directory '${lock.src}' not found` });
    return result;
  }
  const modules = moduleDirs(absRoot, lock, options.replacements);
  errors.push(...modules.errors);
  // load order (config.md §1.3): the app, then replacement dirs, then vendored modules
  const dirs = [srcDir, ...modules.dirs.map((m) => m.dir)];
  // a vendored module may be a symlink to a checkout elsewhere: its real path is allowed too
  const ctx: FileContext = { root: absRoot, allowedRoots: allowedRoots(absRoot, dirs), realRoots: allowedRoots(absRoot, dirs).concat(modules.dirs.map((m) => m.dir)).map(realpath), file: '', dir: '' };
  const seen = new Set<string>();
  loadTree(result, ctx, srcDir, undefined, seen, options.cache);
  for (const m of modules.dirs) loadTree(result, ctx, m.dir, m, seen, options.cache);
  if (options.cache !== undefined) for (const abs of options.cache.keys()) if (!seen.has(abs)) options.cache.delete(abs);
  return result;
}

/** Loads the definition files under one directory; `module` is set for a dependency module. */
function loadTree(result: LoadResult, ctx: FileContext, dir: string, module: ModuleDir | undefined, seen: Set<string>, cache: LoadCache | undefined): void {
  const { errors } = result;
  for (const abs of yamlFiles(dir)) {
    if (seen.has(abs)) continue; // a module dir inside the source dir is loaded once
    if (module !== undefined && excludedByPath(module, toPosix(relative(module.dir, abs)))) continue;
    const file = toPosix(relative(ctx.root, abs));
    const fileCtx = { ...ctx, file, dir: dirname(abs) };
    const text = readFileSync(abs, 'utf8');
    seen.add(abs);
    const cached = cache?.get(abs);
    const parsed = cached !== undefined && cached.text === text ? cached : parseDefinitionFile(fileCtx, text);
    cache?.set(abs, parsed);
    errors.push(...parsed.errors);
    if (parsed.built === undefined) continue;
    result.files.push(file);
    for (const b of parsed.built) {
      if (b.entry !== undefined && module !== undefined && (excludedByMeta(module, b.entry.meta) || excludedById(module, b.entry.id))) continue;
      errors.push(...b.errors);
      if (b.entry === undefined) continue;
      // with a cache, the parsed entry is shared by every later load: each load gets a copy
      const entry: Entry = cache !== undefined ? structuredClone(b.entry) : b.entry;
      const sourceError = attachSource(fileCtx, entry);
      if (sourceError) errors.push(sourceError);
      result.entries.push(entry);
      if (module !== undefined) result.moduleOf.set(entry.id, module.name);
    }
  }
}

interface FileContext {
  root: string;
  /** `file://` targets must stay under one of these (the root; also the source dir if it lies outside). */
  allowedRoots: string[];
  /** The same with symlinks resolved (once per load, not once per source file). */
  realRoots: string[];
  /** Definition file relative to the root. */
  file: string;
  /** Absolute directory of the definition file: `file://` paths are relative to it. */
  dir: string;
}

/**
 * Entries of one file, or undefined when the file is not a definition file (config.md §1.3:
 * it needs a top-level `namespace` and an `entries` list or a top-level `name` + `kind`).
 */
function parseDefinitionFile(ctx: FileContext, text: string): ParsedFile {
  const errors: RegistryError[] = [];
  return { text, errors, built: definitionEntries(ctx, text, errors) };
}

function definitionEntries(ctx: FileContext, text: string, errors: RegistryError[]): Built[] | undefined {
  const parsed = parseYaml(text, ctx.file);
  errors.push(...parsed.errors);
  const doc = parsed.doc;
  if (!doc || !isMap(doc.contents)) return undefined;
  const top = doc.contents;
  const hasEntries = top.has('entries');
  const singleEntry = top.has('name') && top.has('kind');
  if (!hasEntries && !singleEntry) return undefined;
  const line = parsed.lineAt(top.range[0]);
  if (!top.has('namespace')) {
    // A lone name + kind is too common in unrelated YAML to claim the file; an `entries` list is not.
    if (hasEntries) errors.push({ code: 'missing-namespace', message: `definition file has 'entries' but no 'namespace'`, file: ctx.file, line });
    return undefined;
  }
  const ns = toValue(doc, top.get('namespace', true) as Node);
  if (typeof ns !== 'string' || ns === '' || ns.includes(':')) {
    errors.push({ code: 'invalid-namespace', message: `'namespace' must be a non-empty string without ':'`, file: ctx.file, line });
    return undefined;
  }
  if (!hasEntries) return [entryFromValue(ctx, ns, singleEntryValue(doc), line, undefined)];
  const list = top.get('entries', true);
  if (!isSeq(list)) {
    errors.push({ code: 'invalid-definition', message: `'entries' must be a list`, file: ctx.file, line });
    return [];
  }
  return list.items.map((item, i) => {
    const itemLine = parsed.lineAt((item as Node).range?.[0] ?? top.range[0]);
    return entryFromValue(ctx, ns, toValue(doc, item as Node), itemLine, i);
  });
}

/** The single-entry form: the file itself is the entry, minus its file-level `namespace`. */
function singleEntryValue(doc: Document.Parsed): unknown {
  const value = { ...(toValue(doc, doc.contents) as Record<string, unknown>) };
  delete value.namespace;
  return value;
}

interface Built {
  entry?: Entry;
  errors: RegistryError[];
}

/** Builds one entry from its YAML value; `index` is its position in `entries` (for messages). */
function entryFromValue(ctx: FileContext, ns: string, value: unknown, line: number, index: number | undefined): Built {
  const where = { file: ctx.file, line };
  const label = index === undefined ? '' : `entries[${index}]: `;
  if (!isPlainMap(value)) return { errors: [{ code: 'invalid-entry', message: `${label}entry must be a map`, ...where }] };
  const { name, kind, meta, ...rest } = value;
  if (typeof name !== 'string' || name === '') {
    const message = name === undefined || name === null ? `${label}missing 'name'` : `${label}'name' must be a non-empty string`;
    return { errors: [{ code: 'missing-name', message, ...where }] };
  }
  const id = formatId(ns, name);
  if (name.includes(':')) return { errors: [{ code: 'invalid-name', message: `${label}name '${name}' must not contain ':'`, ...where }] };
  const errors: RegistryError[] = [];
  if (meta !== undefined && meta !== null && !isPlainMap(meta)) {
    errors.push({ code: 'invalid-entry', message: `'meta' must be a map`, ...where, entry: id });
  }
  const entry: Entry = {
    id,
    namespace: ns,
    name,
    // A missing kind is reported by validation (it applies to changesets too).
    kind: kind === undefined || kind === null ? '' : String(kind),
    meta: isPlainMap(meta) ? meta : {},
    data: payload(rest),
    source: where,
  };
  return { entry, errors };
}

/**
 * Every non-identity key is payload. An explicit `data:` map is merged in with root-level keys
 * winning (config.md §7 #25), because one example app nests its fields under `data:`.
 */
function payload(rest: Record<string, unknown>): Record<string, unknown> {
  const { data, ...root } = rest;
  if (isPlainMap(data)) return { ...data, ...root };
  return data === undefined ? root : { ...root, data };
}

/** Loads a `file://` `source` into `sourceText`/`sourceFile`; returns the problem if it cannot. */
function attachSource(ctx: FileContext, entry: Entry): RegistryError | undefined {
  const ref = entry.data.source;
  if (!SOURCE_KINDS.has(entry.kind) || !isFileRef(ref)) return undefined;
  const where = { file: ctx.file, line: entry.source!.line, entry: entry.id };
  const abs = resolve(ctx.dir, ref.slice(FILE_PREFIX.length));
  if (!insideAny(ctx.allowedRoots, abs)) {
    return { code: 'source-outside-root', message: `source '${ref}' escapes the project root`, ...where };
  }
  const file = toPosix(relative(ctx.root, abs));
  if (!isFile(abs)) return { code: 'source-not-found', message: `source file '${ref}' not found (${file})`, ...where };
  // A symlink inside the tree may still point outside it.
  if (!insideAny(ctx.realRoots, realpath(abs))) {
    return { code: 'source-outside-root', message: `source '${ref}' escapes the project root`, ...where };
  }
  entry.sourceText = readFileSync(abs).toString('latin1');
  entry.sourceFile = file;
  return undefined;
}

/** `.yaml`/`.yml` files under `dir`: files before subdirectories, each alphabetically. */
function yamlFiles(dir: string): string[] {
  const items = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: string[] = [];
  const dirs: string[] = [];
  for (const item of items) {
    const path = join(dir, item.name);
    // Hidden directories (.git, .wippy) and node_modules never hold application definitions.
    if (item.isDirectory()) {
      if (!item.name.startsWith('.') && item.name !== 'node_modules') dirs.push(path);
    } else if (/\.ya?ml$/.test(item.name) && isFile(path)) {
      files.push(path);
    }
  }
  return [...files, ...dirs.flatMap(yamlFiles)];
}

/** The root, plus every source or module dir that lies outside it. */
function allowedRoots(root: string, dirs: string[]): string[] {
  return [root, ...dirs.filter((d) => !inside(root, d))];
}

function insideAny(roots: string[], path: string): boolean {
  return roots.some((r) => inside(r, path));
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
}

function realpath(path: string): string {
  try {
    return realpathSync.native(path); // one system call; the JS version lstat()s every path component
  } catch {
    return path;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

function isPlainMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
