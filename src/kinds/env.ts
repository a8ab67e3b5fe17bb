// The environment system (config §2.5, services §6): storages hold values, variables are
// named, access-controlled references to them.
//
//   env.storage.memory   volatile, writable
//   env.storage.file     a dotenv file (`file_path` relative to the project root,
//                        `auto_create`, `file_mode`, `dir_mode`); writes go back to the file
//   env.storage.os       the process environment, read-only
//   env.storage.static   `values: {K: V}`, read-only
//   env.storage.router   `storages: [ids]`: reads try each in order, writes go to the first
//   env.variable         `variable` (public name), `storage`, `default`, `readonly`/`read_only`
//
// A variable's key in its storage is its public name, or its entry name when it has none.
// Lookup precedence: the storage's value (an empty value counts as unset) -> the default.
// Values are Lua byte strings: file and OS text is UTF-8 encoded into bytes.
//
// The system follows the registry: a change of an env entry builds a new one from the
// current entries (boot.ts), keeping each storage whose entry did not change, so values set
// in memory storages survive edits of other entries. Entry fields are checked at load and on
// every change (`envEntryProblems`, `envEntryProblem`): public names are `[A-Za-z0-9_]+` and
// unique, a file storage names its file.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { textToBytes, bytesToBuffer } from '../lua/runtime/values.js';
import { KIND } from '../modules/errors.js';
import type { RtEntry } from '../system/runtime.js';
import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';

export const ENV_KINDS = ['env.storage.memory', 'env.storage.file', 'env.storage.os', 'env.storage.static',
  'env.storage.router', 'env.variable'] as const;

/** A failure: an error kind and a message. */
export interface EnvError {
  kind: string;
  message: string;
}

export interface EnvStorage {
  readonly id: string;
  readonly readOnly: boolean;
  get(key: string): string | undefined;
  /** undefined on success */
  set(key: string, value: string): EnvError | undefined;
}

const denied = (id: string): EnvError => ({ kind: KIND.PERMISSION_DENIED, message: `storage ${id} is read-only` });

// ---- storages ------------------------------------------------------------------------------

export class MemoryStorage implements EnvStorage {
  readonly readOnly = false;
  private values = new Map<string, string>();
  constructor(readonly id: string) {}
  get(key: string): string | undefined {
    return this.values.get(key);
  }
  set(key: string, value: string): EnvError | undefined {
    this.values.set(key, value);
    return undefined;
  }
}

export class StaticStorage implements EnvStorage {
  readonly readOnly = true;
  private values = new Map<string, string>();
  constructor(readonly id: string, values: Record<string, unknown>) {
    for (const [k, v] of Object.entries(values)) {
      if (v === null || v === undefined || typeof v === 'object') continue;
      this.values.set(textToBytes(k), textToBytes(String(v)));
    }
  }
  get(key: string): string | undefined {
    return this.values.get(key);
  }
  set(): EnvError | undefined {
    return denied(this.id);
  }
}

export class OsStorage implements EnvStorage {
  readonly readOnly = true;
  constructor(readonly id: string, private source: NodeJS.ProcessEnv = process.env) {}
  get(key: string): string | undefined {
    const v = this.source[Buffer.from(key, 'latin1').toString('utf8')];
    return v === undefined ? undefined : textToBytes(v);
  }
  set(): EnvError | undefined {
    return denied(this.id);
  }
}

export class RouterStorage implements EnvStorage {
  constructor(readonly id: string, private storages: () => EnvStorage[]) {}
  get readOnly(): boolean {
    const first = this.storages()[0];
    return first === undefined || first.readOnly;
  }
  get(key: string): string | undefined {
    for (const s of this.storages()) {
      const v = s.get(key);
      if (v !== undefined && v !== '') return v;
    }
    return undefined;
  }
  set(key: string, value: string): EnvError | undefined {
    const first = this.storages()[0];
    if (first === undefined) return { kind: KIND.NOT_FOUND, message: `router ${this.id} has no storages` };
    return first.set(key, value);
  }
}

/**
 * A dotenv file. The file is re-read when it changes on disk; `set` rewrites the line of the
 * key in place (keeping comments, order and the other lines) or appends a new one.
 */
export class FileStorage implements EnvStorage {
  readonly readOnly = false;
  private values = new Map<string, string>();
  private lines: string[] = [];
  private stamp = '';

  constructor(readonly id: string, readonly path: string, private opts: { autoCreate: boolean; fileMode: number; dirMode: number }) {
    if (!existsSync(path) && opts.autoCreate) this.create();
  }

  private create(): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: this.opts.dirMode });
    writeFileSync(this.path, '', { mode: this.opts.fileMode });
  }

  private load(): void {
    let st;
    try {
      st = statSync(this.path);
    } catch {
      this.values.clear();
      this.lines = [];
      this.stamp = '';
      return;
    }
    const stamp = `${st.mtimeMs}:${st.size}`;
    if (stamp === this.stamp) return;
    this.stamp = stamp;
    const text = readFileSync(this.path).toString('latin1');
    this.lines = text.split(/\r?\n/);
    if (this.lines.length > 0 && this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.values = parseDotenv(text);
  }

  get(key: string): string | undefined {
    this.load();
    return this.values.get(key);
  }

  set(key: string, value: string): EnvError | undefined {
    if (!existsSync(this.path)) {
      if (!this.opts.autoCreate) return { kind: KIND.NOT_FOUND, message: `env file ${this.path} does not exist` };
      try {
        this.create();
      } catch (e) {
        return { kind: KIND.INTERNAL, message: `cannot create ${this.path}: ${(e as Error).message}` };
      }
    }
    this.load();
    const line = `${key}=${formatValue(value)}`;
    let i = this.lines.length - 1;
    while (i >= 0 && lineKey(this.lines[i]) !== key) i--; // the last one wins, as in parsing
    const lines = [...this.lines];
    if (i >= 0) lines[i] = line;
    else lines.push(line);
    try {
      writeFileSync(this.path, bytesToBuffer(lines.join('\n') + '\n'));
      try { chmodSync(this.path, this.opts.fileMode); } catch { /* not the owner: keep the mode */ }
    } catch (e) {
      return { kind: KIND.INTERNAL, message: `cannot write ${this.path}: ${(e as Error).message}` };
    }
    this.lines = lines;
    this.values.set(key, value);
    const st = statSync(this.path);
    this.stamp = `${st.mtimeMs}:${st.size}`;
    return undefined;
  }
}

// ---- dotenv --------------------------------------------------------------------------------

const KEY_RE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.\-]*)\s*=/;

function lineKey(line: string): string | undefined {
  if (/^\s*#/.test(line)) return undefined;
  return KEY_RE.exec(line)?.[1];
}

/**
 * Parse dotenv text (a byte string): `KEY=VALUE` lines, optional `export `, `#` comment
 * lines, blank lines; values may be single-quoted (literal), double-quoted (with `\n`, `\t`,
 * `\"`, `\\` escapes, and may span lines) or bare (trimmed, ` #` starts a comment).
 */
export function parseDotenv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const src = text.replace(/\r\n?/g, '\n');
  let i = 0;
  while (i < src.length) {
    let end = src.indexOf('\n', i);
    if (end < 0) end = src.length;
    const line = src.slice(i, end);
    const m = KEY_RE.exec(line);
    if (m === null || /^\s*#/.test(line)) { i = end + 1; continue; }
    const key = m[1];
    let j = i + m[0].length;
    while (src[j] === ' ' || src[j] === '\t') j++;
    const q = src[j];
    if (q === '"' || q === "'" || q === '`') {
      let k = j + 1;
      let v = '';
      while (k < src.length && src[k] !== q) {
        if (q === '"' && src[k] === '\\' && k + 1 < src.length) {
          const e = src[k + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          k += 2;
          continue;
        }
        v += src[k++];
      }
      if (k >= src.length) {
        // no closing quote: take the rest of the line literally
        out.set(key, line.slice(j - i).trim());
        i = end + 1;
        continue;
      }
      out.set(key, v);
      const nl = src.indexOf('\n', k);
      i = nl < 0 ? src.length : nl + 1;
      continue;
    }
    let v = src.slice(j, end);
    const hash = v.search(/\s#/);
    if (hash >= 0) v = v.slice(0, hash);
    out.set(key, v.trim());
    i = end + 1;
  }
  return out;
}

/** A value as it is written back: bare when safe, double-quoted otherwise. */
export function formatValue(v: string): string {
  if (v.trim() === v && !/[\n\r]/.test(v) && !/^["'`]/.test(v) && !/\s#/.test(v)) return v;
  return '"' + v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r') + '"';
}

// ---- variables and the system ----------------------------------------------------------

export interface EnvVariable {
  id: string;
  /** public name, or undefined for a private (ID-only) variable */
  name: string | undefined;
  /** storage entry id (may be missing: filled in later by a requirement) */
  storage: string | undefined;
  default: string | undefined;
  readOnly: boolean;
  /** the key in the storage */
  key: string;
}

export type EnvResult = { value: string } | { error: EnvError };

export class EnvSystem {
  readonly storages = new Map<string, EnvStorage>();
  /** the entry data each storage was made from, to keep unchanged storages on a rebuild */
  readonly storageKeys = new Map<string, string>();
  readonly variables = new Map<string, EnvVariable>();
  private byName = new Map<string, EnvVariable>();

  addStorage(s: EnvStorage): void {
    this.storages.set(s.id, s);
  }

  addVariable(v: EnvVariable): void {
    this.variables.set(v.id, v);
    if (v.name !== undefined) this.byName.set(v.name, v);
  }

  /** A variable by public name or entry id. */
  variable(key: string): EnvVariable | undefined {
    return this.byName.get(key) ?? this.variables.get(key);
  }

  private storageOf(v: EnvVariable): EnvStorage | undefined {
    return v.storage === undefined ? undefined : this.storages.get(v.storage);
  }

  get(key: string): EnvResult {
    if (key === '') return { error: { kind: KIND.INVALID, message: 'variable name is required' } };
    const bad = badKey(key);
    if (bad !== undefined) return { error: bad };
    const v = this.variable(key);
    if (v === undefined) return { error: { kind: KIND.NOT_FOUND, message: `variable ${key} not found` } };
    const stored = this.storageOf(v)?.get(v.key);
    if (stored !== undefined && stored !== '') return { value: stored };
    if (v.default !== undefined) return { value: v.default };
    return { error: { kind: KIND.NOT_FOUND, message: `variable ${key} is not set` } };
  }

  set(key: string, value: string): EnvError | undefined {
    if (key === '') return { kind: KIND.INVALID, message: 'variable name is required' };
    const bad = badKey(key);
    if (bad !== undefined) return bad;
    const v = this.variable(key);
    if (v === undefined) return { kind: KIND.NOT_FOUND, message: `variable ${key} not found` };
    if (v.readOnly) return { kind: KIND.PERMISSION_DENIED, message: `permission denied: variable ${key} is read-only` };
    const s = this.storageOf(v);
    if (s === undefined) return { kind: KIND.NOT_FOUND, message: `variable ${key} has no storage` };
    const err = s.set(v.key, value);
    if (err !== undefined && err.kind === KIND.PERMISSION_DENIED) {
      return { kind: err.kind, message: `permission denied: variable ${key}: ${err.message}` };
    }
    return err;
  }

  /** Every public variable that has a value, by public name. */
  all(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, v] of this.byName) {
      const r = this.get(v.id);
      if ('value' in r) out.set(name, r.value);
    }
    return out;
  }

  /** The value of a variable for `${env:NAME}` placeholders (undefined when unresolved). */
  resolve(name: string): string | undefined {
    const r = this.get(name);
    return 'value' in r ? r.value : undefined;
  }
}

/** Public variable names; entry ids (with `:`) are looked up as they are. */
export const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;

function badKey(key: string): EnvError | undefined {
  if (key.includes(':') || VARIABLE_NAME.test(key)) return undefined;
  return { kind: KIND.INVALID, message: `invalid variable name ${JSON.stringify(key)} (letters, digits and _; or an entry id)` };
}

/** Octal modes: YAML 1.1 gives 0600 as 384, a YAML 1.2 reader gives 600; strings "0600". */
export function fileMode(v: unknown, dflt: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) {
    const s = String(v);
    // decimal digits that only use 0-7 and look like a permission triple: read them as octal
    if (v > 0o777 && /^[0-7]{3,4}$/.test(s)) return parseInt(s, 8);
    return v;
  }
  if (typeof v === 'string' && /^0?o?[0-7]{3,4}$/.test(v.trim())) return parseInt(v.trim().replace(/^0?o/, ''), 8);
  return dflt;
}

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') return undefined;
  return textToBytes(String(v));
}

function refOf(ref: unknown, fromId: string): string | undefined {
  if (typeof ref !== 'string' || ref === '') return undefined;
  if (ref.includes(':')) return ref;
  return `${fromId.slice(0, fromId.indexOf(':'))}:${ref}`;
}

/** Build the environment system from the env entries of a project rooted at `root`;
 * storages of `previous` whose entries are unchanged are kept (with their values). */
export function createEnvSystem(entries: readonly RtEntry[], root: string, previous?: EnvSystem): EnvSystem {
  const sys = new EnvSystem();
  for (const e of entries) {
    if (!e.kind.startsWith('env.storage.')) continue;
    const key = JSON.stringify([e.kind, e.data]);
    const kept = previous?.storageKeys.get(e.id) === key ? previous.storages.get(e.id) : undefined;
    const s = kept ?? makeStorage(e, root, sys);
    if (s === undefined) continue;
    sys.addStorage(s);
    sys.storageKeys.set(e.id, key);
  }
  for (const e of entries) {
    if (e.kind !== 'env.variable') continue;
    const d = e.data;
    const name = typeof d.variable === 'string' && d.variable !== '' ? d.variable : undefined;
    sys.addVariable({
      id: e.id,
      name,
      storage: refOf(d.storage, e.id),
      default: str(d.default),
      readOnly: d.readonly === true || d.read_only === true,
      key: name ?? e.id.slice(e.id.indexOf(':') + 1),
    });
  }
  return sys;
}

function makeStorage(e: RtEntry, root: string, sys: EnvSystem): EnvStorage | undefined {
  const d = e.data;
  switch (e.kind) {
    case 'env.storage.memory':
      return new MemoryStorage(e.id);
    case 'env.storage.os':
      return new OsStorage(e.id);
    case 'env.storage.static':
      return new StaticStorage(e.id, (d.values && typeof d.values === 'object') ? d.values as Record<string, unknown> : {});
    case 'env.storage.file': {
      const p = typeof d.file_path === 'string' ? d.file_path : '.env';
      return new FileStorage(e.id, isAbsolute(p) ? p : resolve(root, p), {
        autoCreate: d.auto_create === true,
        fileMode: fileMode(d.file_mode, 0o644),
        dirMode: fileMode(d.dir_mode, 0o755),
      });
    }
    case 'env.storage.router': {
      const ids = (Array.isArray(d.storages) ? d.storages : []).map((x) => refOf(x, e.id)).filter((x): x is string => x !== undefined);
      // the storages are looked up at each read, in the system this router belongs to
      return new RouterStorage(e.id, () => ids.map((id) => sys.storages.get(id)).filter((s): s is EnvStorage => s !== undefined));
    }
    default:
      return undefined;
  }
}

/** Whether a registry change touches the environment (then the system is rebuilt). */
export function isEnvKind(kind: string): boolean {
  return (ENV_KINDS as readonly string[]).includes(kind);
}

// ---- load-time checks ------------------------------------------------------------------

function fieldProblems(e: Entry): string[] {
  const d = e.data;
  const out: string[] = [];
  switch (e.kind) {
    case 'env.variable':
      if (d.variable !== undefined && d.variable !== null && d.variable !== ''
          && (typeof d.variable !== 'string' || !VARIABLE_NAME.test(d.variable))) {
        out.push(`variable ${JSON.stringify(d.variable)} is not a valid name (letters, digits and _)`);
      }
      for (const f of ['readonly', 'read_only']) {
        if (d[f] !== undefined && typeof d[f] !== 'boolean') out.push(`'${f}' must be true or false, got ${JSON.stringify(d[f])}`);
      }
      if (d.default !== undefined && d.default !== null && typeof d.default === 'object') out.push(`'default' must be a string`);
      break;
    case 'env.storage.file':
      if (typeof d.file_path !== 'string' || d.file_path === '') out.push(`env.storage.file needs 'file_path'`);
      for (const f of ['file_mode', 'dir_mode']) {
        if (d[f] !== undefined && fileMode(d[f], -1) < 0) out.push(`'${f}' ${JSON.stringify(d[f])} is not an octal permission mode`);
      }
      if (d.auto_create !== undefined && typeof d.auto_create !== 'boolean') out.push(`'auto_create' must be true or false, got ${JSON.stringify(d.auto_create)}`);
      break;
    case 'env.storage.static':
      if (d.values !== undefined && (d.values === null || typeof d.values !== 'object' || Array.isArray(d.values))) out.push(`'values' must be a map of names to values`);
      break;
    case 'env.storage.router':
      if (!Array.isArray(d.storages) || d.storages.length === 0) out.push(`env.storage.router needs 'storages' (a list of storage ids)`);
      break;
  }
  return out;
}

const problemOf = (e: Entry, message: string): RegistryError =>
  ({ code: 'invalid-entry-data', message, entry: e.id, file: e.source?.file, line: e.source?.line });

/**
 * One entry's field problems, plus a public name already used by another variable among
 * `others` (the current registry, for run-time changes).
 */
export function envEntryProblem(e: Entry, others: () => Iterable<Entry> = () => []): RegistryError | undefined {
  if (!e.kind.startsWith('env.')) return undefined;
  const msgs = fieldProblems(e);
  if (e.kind === 'env.variable' && typeof e.data.variable === 'string' && e.data.variable !== '') {
    for (const o of others()) {
      if (o.id !== e.id && o.kind === 'env.variable' && o.data.variable === e.data.variable) {
        msgs.push(`variable name ${e.data.variable} is already used by ${o.id}`);
        break;
      }
    }
  }
  return msgs.length === 0 ? undefined : problemOf(e, msgs.join('; '));
}

/** Field problems of every env entry, and public names declared twice (each use reported). */
export function envEntryProblems(entries: readonly Entry[]): RegistryError[] {
  const out: RegistryError[] = [];
  const byName = new Map<string, Entry[]>();
  for (const e of entries) {
    if (!e.kind.startsWith('env.')) continue;
    const msgs = fieldProblems(e);
    if (msgs.length > 0) out.push(problemOf(e, msgs.join('; ')));
    if (e.kind === 'env.variable' && typeof e.data.variable === 'string' && e.data.variable !== '') {
      byName.set(e.data.variable, [...(byName.get(e.data.variable) ?? []), e]);
    }
  }
  for (const [name, list] of byName) {
    if (list.length < 2) continue;
    for (const e of list.slice(1)) out.push(problemOf(e, `variable name ${name} is already used by ${list[0].id}`));
  }
  return out;
}
