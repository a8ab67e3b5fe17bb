// The entry model and the reference rules (config.md §1.4, §1.5).

/** One registry record. Entries held by a registry are frozen: copy before changing. */
export interface Entry {
  /** `namespace:name` */
  id: string;
  namespace: string;
  name: string;
  kind: string;
  meta: Record<string, unknown>;
  /** Every key of the definition except `name`, `kind`, `meta` (an explicit `data:` map is merged in). */
  data: Record<string, unknown>;
  /** Where the entry was declared: definition file relative to the project root, 1-based line. */
  source?: { file: string; line: number };
  /** Content of a `file://` `source`, as a Lua byte string (latin1); `data.source` keeps the reference. */
  sourceText?: string;
  /** Path of that file relative to the project root (posix), used as the Lua chunk name. */
  sourceFile?: string;
}

/** What callers hand to `makeEntry`: an id (or namespace + name) and the payload. */
export interface EntryInput {
  id?: string;
  namespace?: string;
  name?: string;
  kind?: string;
  meta?: Record<string, unknown>;
  data?: Record<string, unknown>;
  source?: { file: string; line: number };
  sourceText?: string;
  sourceFile?: string;
}

export interface EntryId {
  ns: string;
  name: string;
}

/**
 * Splits `ns:name` on the first colon. Returns undefined when there is no colon, the name is
 * empty, or the name itself has a colon (names never do; the override grammar relies on it).
 * `:name` parses with `ns` empty: a built-in entry.
 */
export function parseId(id: string): EntryId | undefined {
  const colon = id.indexOf(':');
  if (colon < 0) return undefined;
  const ns = id.slice(0, colon);
  const name = id.slice(colon + 1);
  if (name === '' || name.includes(':')) return undefined;
  return { ns, name };
}

export function formatId(ns: string, name: string): string {
  return `${ns}:${name}`;
}

/** `:name` refers to an entry the runtime provides, never to one loaded from files. */
export function isBuiltinRef(ref: string): boolean {
  return ref.startsWith(':');
}

/**
 * Resolves a reference written inside an entry of namespace `fromNs`: `ns:name` is absolute,
 * a bare `name` lives in `fromNs`, `:name` is returned unchanged (built-in).
 */
export function resolveRef(ref: string, fromNs: string): string {
  return ref.includes(':') ? ref : formatId(fromNs, ref);
}

/**
 * Builds a well-formed entry from loose input (changesets, tests). The id wins over
 * namespace/name when both are given. Throws when neither yields a valid id.
 */
export function makeEntry(input: EntryInput): Entry {
  const { ns, name } = idOf(input);
  const entry: Entry = {
    id: formatId(ns, name),
    namespace: ns,
    name,
    kind: input.kind ?? '',
    meta: input.meta ?? {},
    data: input.data ?? {},
  };
  if (input.source) entry.source = { ...input.source };
  if (input.sourceText !== undefined) entry.sourceText = input.sourceText;
  if (input.sourceFile !== undefined) entry.sourceFile = input.sourceFile;
  return entry;
}

function idOf(input: EntryInput): EntryId {
  if (input.id !== undefined) {
    const parsed = parseId(input.id);
    if (!parsed || parsed.ns === '') throw new Error(`invalid entry id '${input.id}'`);
    return parsed;
  }
  if (input.namespace && input.name && !input.name.includes(':') && !input.namespace.includes(':')) {
    return { ns: input.namespace, name: input.name };
  }
  throw new Error('entry needs an id or a namespace and a name');
}

/**
 * The code to run for an entry with a `source`: the loaded file for `file://` sources, the
 * inline text otherwise. `chunkname` is the file path relative to the project root, or the id.
 */
export function sourceOf(entry: Entry): { text: string; chunkname: string } | undefined {
  if (entry.sourceText !== undefined) {
    return { text: entry.sourceText, chunkname: entry.sourceFile ?? entry.id };
  }
  const src = entry.data.source;
  if (typeof src !== 'string' || isFileRef(src)) return undefined;
  return { text: src, chunkname: entry.id };
}

export const FILE_PREFIX = 'file://';

export function isFileRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(FILE_PREFIX);
}

/** A deep copy that is frozen, so snapshots can share entries safely. */
export function freezeEntry(entry: Entry): Entry {
  return deepFreeze(structuredClone(entry));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
