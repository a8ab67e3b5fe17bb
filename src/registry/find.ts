// The finder (config.md §5.7; registry.find in Lua). Criteria map a field to a pattern:
//   `.kind` `.ns` `.name` `.id`  entry attributes
//   `meta.x`, `meta.x.y`          meta values (nested maps or keys literally named `x.y`)
//   `x` (no prefix)               the same as `meta.x` (§7 #29)
// A key prefix picks the operator: none = equality where `*` is a wildcard, `~` regex,
// `*` contains, `^` prefix, `$` suffix. Values compare as strings when the stored value is a
// scalar (`sample: true` matches "true"); a stored list matches when any element does.

import type { Entry } from './entry.js';

export type Criteria = Record<string, unknown>;

export interface FindOptions {
  /** Called once per unprefixed key, as the Go runtime logs a hint to write `meta.<key>`. */
  warn?: (message: string) => void;
}

type Op = 'eq' | 'regex' | 'contains' | 'prefix' | 'suffix';

interface Condition {
  op: Op;
  /** Attribute name for `.kind` etc.; otherwise undefined and `metaPath` is used. */
  attribute?: 'kind' | 'ns' | 'name' | 'id';
  metaPath?: string;
  pattern: string;
  test: (s: string) => boolean;
}

const OPS: Record<string, Op> = { '~': 'regex', '*': 'contains', '^': 'prefix', $: 'suffix' };
const ATTRIBUTES = new Set(['kind', 'ns', 'name', 'id']);

/** Entries matching every condition, in the given order. Throws on an invalid regex. */
export function findEntries(entries: Iterable<Entry>, criteria: Criteria, options: FindOptions = {}): Entry[] {
  const conditions = compile(flatten(criteria), options);
  const found: Entry[] = [];
  for (const e of entries) if (conditions.every((c) => matches(e, c))) found.push(e);
  return found;
}

/** `{ meta: { type: 'x' } }` → `{ 'meta.type': 'x' }`: some apps pass criteria as nested tables. */
function flatten(criteria: Criteria, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(criteria)) {
    if (v === undefined || v === null) continue;
    const key = prefix + k;
    if (typeof v === 'object' && !Array.isArray(v)) out.push(...flatten(v as Criteria, `${key}.`));
    else out.push([key, v]);
  }
  return out;
}

function compile(pairs: [string, unknown][], options: FindOptions): Condition[] {
  return pairs.map(([rawKey, value]) => {
    const op = OPS[rawKey[0]] ?? 'eq';
    const key = op === 'eq' ? rawKey : rawKey.slice(1);
    const pattern = String(value);
    const cond: Condition = { op, pattern, test: tester(op, pattern) };
    if (key.startsWith('.') && ATTRIBUTES.has(key.slice(1))) cond.attribute = key.slice(1) as Condition['attribute'];
    else if (key.startsWith('meta.')) cond.metaPath = key.slice(5);
    else {
      options.warn?.(`registry.find: key '${key}' has no prefix and is matched against meta; write 'meta.${key}'`);
      cond.metaPath = key;
    }
    return cond;
  });
}

function tester(op: Op, pattern: string): (s: string) => boolean {
  switch (op) {
    case 'regex': {
      const re = new RegExp(pattern);
      return (s) => re.test(s);
    }
    // `*` stays a wildcard inside contains, so `["*meta.x"] = "*"` means "has meta.x".
    case 'contains':
      return globTester(`*${pattern}*`);
    case 'prefix':
      return (s) => s.startsWith(pattern);
    case 'suffix':
      return (s) => s.endsWith(pattern);
    case 'eq':
      return pattern.includes('*') ? globTester(pattern) : (s) => s === pattern;
  }
}

function globTester(pattern: string): (s: string) => boolean {
  const re = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 's');
  return (s) => re.test(s);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function matches(e: Entry, c: Condition): boolean {
  if (c.attribute) return c.test(attributeOf(e, c.attribute));
  return metaValues(e.meta, c.metaPath!).some((v) => valueMatches(v, c));
}

function attributeOf(e: Entry, attr: NonNullable<Condition['attribute']>): string {
  return attr === 'ns' ? e.namespace : e[attr];
}

function valueMatches(value: unknown, c: Condition): boolean {
  if (Array.isArray(value)) return value.some((v) => isScalar(v) && c.test(String(v)));
  return isScalar(value) && c.test(String(value));
}

function isScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

/**
 * Values at a dotted path, trying every split of the path into keys: `graph.rule` finds both
 * `{graph: {rule: …}}` and `{"graph.rule": …}` (meta keys with dots are common).
 */
export function metaValues(obj: unknown, path: string): unknown[] {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return [];
  const map = obj as Record<string, unknown>;
  const found: unknown[] = [];
  if (Object.hasOwn(map, path)) found.push(map[path]);
  for (let dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
    const head = path.slice(0, dot);
    if (Object.hasOwn(map, head)) found.push(...metaValues(map[head], path.slice(dot + 1)));
  }
  return found;
}
