// Where entries name other entries (config.md §2.16, §5.5). A reference field means different
// things in different kinds (`host` is a process.host id in process.service but a hostname in
// db.sql.postgres), so patterns are registered per kind.

import { parseId, resolveRef, type Entry } from './entry.js';
import { LUA_KINDS } from './kinds.js';

/**
 * Path patterns into an entry: a leading `meta.` addresses meta, anything else data;
 * `x[]` visits every element of list `x` (a lone value counts as a one-element list);
 * `*` visits every value of a map.
 */
export type RefPattern = string;

/** Reference fields every kind may have: supervision ordering and security policies (§2.1). */
export const COMMON_PATTERNS: readonly RefPattern[] = [
  'lifecycle.depends_on[]',
  'lifecycle.requires[]',
  'lifecycle.security.policies[]',
];

const LUA_PATTERNS: readonly RefPattern[] = ['imports.*'];

/** Kind-specific reference fields, from the kind sections of config.md §2. */
export const KIND_PATTERNS: Readonly<Record<string, readonly RefPattern[]>> = {
  ...Object.fromEntries(LUA_KINDS.map((k) => [k, LUA_PATTERNS])),
  'function.lua': [...LUA_PATTERNS, 'meta.temporal.activity.worker'],
  'workflow.lua': [...LUA_PATTERNS, 'meta.temporal.workflow.worker'],
  'process.service': ['process', 'host'],
  'http.router': ['meta.server'],
  'http.static': ['meta.server', 'fs'],
  'http.endpoint': ['meta.router', 'func'],
  'env.variable': ['storage'],
  'env.storage.router': ['storages[]'],
  'template.jet': ['set', 'data_func'],
  'queue.queue': ['driver'],
  'queue.consumer': ['queue', 'func'],
  'queue.driver.sqs': ['config'],
  'queue.driver.sql': ['database'],
  'cloudstorage.s3': ['config'],
  'store.sql': ['database'],
  'security.token_store': ['store'],
  'temporal.worker': ['client'],
  'contract.binding': ['contracts[].contract', 'contracts[].methods.*'],
  'ns.requirement': ['targets[].entry'],
};

/**
 * Kinds whose references are checked but are not dependencies: a requirement names the entries
 * it will write into (even itself, to set its own `.default`), which orders nothing.
 */
export const NON_DEPENDENCY_KINDS: ReadonlySet<string> = new Set(['ns.requirement']);

export function referencePatterns(kind: string): readonly RefPattern[] {
  return [...(KIND_PATTERNS[kind] ?? []), ...COMMON_PATTERNS];
}

export interface Reference {
  /** Concrete path of the field: `func`, `meta.router`, `imports.utils`, `lifecycle.depends_on[0]`. */
  path: string;
  /** The value as written. */
  raw: unknown;
  /** The resolved id (`ns:name`; `:name` for built-ins); absent when `raw` is not an entry id. */
  id?: string;
}

/** Every reference an entry makes, with bare names resolved against the entry's namespace. */
export function references(entry: Entry, patterns: readonly RefPattern[] = referencePatterns(entry.kind)): Reference[] {
  const refs: Reference[] = [];
  for (const pattern of patterns) {
    const segs = pattern.split('.');
    const [rootValue, rest, prefix] = segs[0] === 'meta' ? [entry.meta, segs.slice(1), 'meta'] : [entry.data, segs, ''];
    walk(rootValue, rest, 0, prefix, (path, raw) => refs.push(resolved(path, raw, entry.namespace)));
  }
  return refs;
}

/**
 * Runtime modules an `imports` value may name without a namespace (agents.md §1.4:
 * `contract: contract`): such an import is a built-in, not an entry of the namespace.
 */
export const IMPORTABLE_MODULES: ReadonlySet<string> = new Set(['json', 'env', 'time', 'ctx', 'registry', 'contract', 'funcs',
  'security', 'http_client', 'http', 'store', 'sql', 'logger', 'uuid', 'hash', 'crypto', 'base64', 'text', 'templates', 'fs',
  'io', 'pg', 'channel', 'expr', 'process', 'events', 'system', 'exec', 'queue', 'websocket', 'yaml', 'llm', 'prompt', 'agent',
  'migration', 'errors', 'payload', 'stream']);

function resolved(path: string, raw: unknown, ns: string): Reference {
  if (typeof raw !== 'string' || raw === '') return { path, raw };
  if (path.startsWith('imports.') && IMPORTABLE_MODULES.has(raw)) return { path, raw, id: `:${raw}` };
  const id = resolveRef(raw, ns);
  return parseId(id) ? { path, raw, id } : { path, raw };
}

function walk(value: unknown, segs: string[], i: number, path: string, emit: (path: string, raw: unknown) => void): void {
  if (value === undefined || value === null) return;
  if (i === segs.length) return emit(path, value);
  const seg = segs[i];
  if (seg === '*') {
    if (!isMap(value)) return;
    for (const [k, v] of Object.entries(value)) walk(v, segs, i + 1, join(path, k), emit);
    return;
  }
  if (!isMap(value)) return;
  const list = seg.endsWith('[]');
  const key = list ? seg.slice(0, -2) : seg;
  const child = value[key];
  if (!list || !Array.isArray(child)) return walk(child, segs, i + 1, join(path, key), emit);
  child.forEach((item, n) => walk(item, segs, i + 1, `${join(path, key)}[${n}]`, emit));
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Placeholders `${env:NAME}`, `${env:NAME|default}` and `${NAME|default}` in string data
 * (§1.9): each names an `env.variable` by public name or entry id. `$${` escapes.
 */
export function envNames(entry: Entry): string[] {
  const names = new Set<string>();
  visitStrings(entry.data, (s) => {
    for (const m of s.matchAll(ENV_PLACEHOLDER)) {
      if (m.index > 0 && s[m.index - 1] === '$') continue;
      names.add(m[1] ?? m[2]);
    }
  });
  return [...names];
}

const ENV_PLACEHOLDER = /\$\{(?:env:([^}|]+)(?:\|[^}]*)?|([A-Z0-9_]+)\|[^}]*)\}/g;

function visitStrings(value: unknown, fn: (s: string) => void): void {
  if (typeof value === 'string') fn(value);
  else if (Array.isArray(value)) value.forEach((v) => visitStrings(v, fn));
  else if (isMap(value)) Object.values(value).forEach((v) => visitStrings(v, fn));
}

/**
 * Fields an `ns.requirement` will overwrite in the Link stage (§2.4): their current values are
 * placeholders (an example app points `meta.router` at a router that does not exist), so they
 * are neither validated nor used for ordering. Maps a target entry id to its target paths.
 */
export type RequirementTargets = ReadonlyMap<string, readonly string[]>;

export function requirementTargets(entries: Iterable<Entry>): RequirementTargets {
  const targets = new Map<string, string[]>();
  for (const e of entries) {
    if (e.kind !== 'ns.requirement' || !Array.isArray(e.data.targets)) continue;
    for (const t of e.data.targets) {
      if (!isMap(t) || typeof t.entry !== 'string' || typeof t.path !== 'string') continue;
      const id = resolveRef(t.entry, e.namespace);
      const path = t.path.replace(/\+=$/, '').replace(/^\./, '');
      const paths = targets.get(id) ?? [];
      paths.push(path);
      targets.set(id, paths);
    }
  }
  return targets;
}

/** Whether the reference at `path` of entry `id` is (inside) a requirement target. */
export function isRequirementTarget(targets: RequirementTargets, id: string, path: string): boolean {
  const paths = targets.get(id);
  if (!paths) return false;
  const plain = path.replace(/\[\d+\]/g, '');
  return paths.some((p) => plain === p || plain.startsWith(`${p}.`));
}
