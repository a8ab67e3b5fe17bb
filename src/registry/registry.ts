// The live registry: an ordered set of entries with a version, changed only by whole changesets
// that are validated against the set they would produce and then committed atomically
// (config.md §5.2–§5.6). Kind handlers that may veto a change use prepare() and commit().

import { freezeEntry, isFileRef, makeEntry, type Entry, type EntryInput } from './entry.js';
import { errorKey, type RegistryError } from './errors.js';
import { applyChanges, buildDelta, netChanges, orderChanges, type Change, type ChangeOp } from './delta.js';
import { findEntries, type Criteria } from './find.js';
import { dependencyGraph, dependencyOrder } from './graph.js';
import { SOURCE_KINDS } from './kinds.js';
import { validateEntries, type ValidateOptions } from './validate.js';

/** One operation of a changeset. A delete needs only `entry.id`. */
export interface ChangesetOp {
  op: ChangeOp;
  entry: EntryInput;
}

export type Changeset = readonly ChangesetOp[];

export interface ChangeEvent {
  version: number;
  changes: readonly Change[];
  /** Who asked for the change (see ApplyContext). */
  context?: ApplyContext;
}

/**
 * Who asks for a changeset and why. `origin` says which layer the change belongs to (see
 * live.ts): `code` (a process), `files` (an edit of the app's files), `rollback`, `boot`.
 */
export interface ApplyContext {
  origin?: 'code' | 'files' | 'rollback' | 'boot';
  /** The acting process: its entry id and pid, when a process made the change. */
  actor?: { entry?: string; pid?: string };
  /** Anything the caller wants an authorizer to see (e.g. the process's security context). */
  security?: unknown;
}

/**
 * The permission hook: called with every changeset before it is validated, with the kind the
 * entry has now for updates and deletes (`registry.update.<kind>` is checked on the stored kind).
 * Returning problems rejects the whole changeset; nothing is applied.
 */
export type Authorize = (ops: readonly AuthorizeOp[], context: ApplyContext) => RegistryError[] | undefined;

export interface AuthorizeOp {
  op: ChangeOp;
  id: string;
  /** The kind the operation acts on: the new kind for a create, the stored kind otherwise. */
  kind: string;
}

export interface VersionRecord {
  version: number;
  /** Ordered changes that produced this version from the previous one (version 1: the boot load). */
  changes: readonly Change[];
  /** Commit time, ms since the epoch. */
  time: number;
  origin?: ApplyContext['origin'];
  actor?: ApplyContext['actor'];
}

export type ApplyResult = { ok: true; version: number; changes: readonly Change[] } | { ok: false; errors: RegistryError[] };

/** A validated changeset waiting for commit: `changes` is what handlers should be shown, in order. */
export interface Prepared {
  ok: true;
  /** The version this was prepared against; commit fails if the registry has moved on. */
  base: number;
  changes: readonly Change[];
  /** The state commit will produce. */
  next: Snapshot;
  commit(): ApplyResult;
}

export interface RegistryOptions extends ValidateOptions {
  /** Problems a changeset may introduce without being rejected (e.g. `unresolved-module-reference`). */
  tolerate?: (e: RegistryError) => boolean;
  /** Finder warnings (unprefixed criteria keys). */
  warn?: (message: string) => void;
  /** Where an exception thrown by a change listener goes; the commit stands either way. */
  onListenerError?: (err: unknown) => void;
  now?: () => number;
  /** The number of the boot version (default 1): a persisted history continues its numbering. */
  firstVersion?: number;
  /** A per-entry check of created and updated entries (e.g. compiling their Lua source). */
  checkEntry?: (e: Entry) => RegistryError | undefined;
  /** See Authorize; can also be set later with `registry.authorize = ...`. */
  authorize?: Authorize;
}

/** A read-only view of one version. */
export class Snapshot {
  private orderCache: readonly string[] | undefined;

  constructor(
    readonly version: number,
    private readonly byId: ReadonlyMap<string, Entry>,
    private readonly warn?: (message: string) => void,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): Entry | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** Every entry, in registry order (load order; later creates at the end). */
  all(): Entry[] {
    return [...this.byId.values()];
  }

  namespace(ns: string): Entry[] {
    return this.all().filter((e) => e.namespace === ns);
  }

  /** Ids with dependencies before dependents (config.md §2.16), computed once per version. */
  dependencyOrder(): readonly string[] {
    return (this.orderCache ??= dependencyOrder(dependencyGraph(this.all())));
  }

  /** A copy of the id → entry map, in registry order. */
  toMap(): Map<string, Entry> {
    return new Map(this.byId);
  }

  /** The reference finder; see find.ts for the criteria language. Throws on an invalid regex. */
  find(criteria: Criteria): Entry[] {
    return findEntries(this.byId.values(), criteria, { warn: this.warn });
  }
}

export class Registry {
  private snapshot: Snapshot;
  /** Version 1 as loaded: replays start here, because its record lists creates in dependency order, not load order. */
  private readonly boot: Snapshot;
  private readonly records: VersionRecord[] = [];
  private readonly listeners = new Set<(event: ChangeEvent) => void>();
  /** Problems of the current version, by key: a changeset is only blamed for new ones. */
  private baseline: Set<string> | undefined;
  private replayCache: Snapshot | undefined;
  /** The permission hook (see Authorize); unset = every changeset is allowed. */
  authorize: Authorize | undefined;

  /** Version 1 holds `entries` as loaded (validate them first; a duplicate id keeps the first). */
  constructor(entries: readonly Entry[] = [], private readonly options: RegistryOptions = {}) {
    const map = new Map<string, Entry>();
    for (const e of entries) if (!map.has(e.id)) map.set(e.id, freezeEntry(e));
    this.authorize = options.authorize;
    this.snapshot = this.boot = new Snapshot(options.firstVersion ?? 1, map, options.warn);
    const creates = [...map.values()].map((entry): Change => ({ op: 'create', entry }));
    this.records.push({ version: this.boot.version, changes: freezeChanges(orderChanges(creates, [], this.snapshot.dependencyOrder())), time: this.now(), origin: 'boot' });
  }

  get version(): number {
    return this.snapshot.version;
  }

  current(): Snapshot {
    return this.snapshot;
  }

  get(id: string): Entry | undefined {
    return this.snapshot.get(id);
  }

  find(criteria: Criteria): Entry[] {
    return this.snapshot.find(criteria);
  }

  all(): Entry[] {
    return this.snapshot.all();
  }

  /** Validates and commits a changeset as one new version, or rejects it and changes nothing. */
  apply(changeset: Changeset, context: ApplyContext = {}): ApplyResult {
    const prepared = this.prepare(changeset, context);
    return prepared.ok ? prepared.commit() : prepared;
  }

  /**
   * Validates a changeset against the current version without committing it. The caller can
   * show `changes` to kind handlers and commit only if all accept.
   */
  prepare(changeset: Changeset, context: ApplyContext = {}): Prepared | { ok: false; errors: RegistryError[] } {
    if (changeset.length === 0) return reject('empty-changeset', 'no changes');
    const base = this.snapshot;
    const denied = this.authorize?.(authorizeOps(base, changeset), context);
    if (denied !== undefined && denied.length > 0) return { ok: false, errors: denied };
    const staged = stage(base, changeset);
    if ('errors' in staged) return { ok: false, errors: staged.errors };
    const net = netChanges(base.toMap(), staged.map, staged.touched);
    if (net.length === 0) return reject('empty-changeset', 'no changes');
    const provisional = base.toMap();
    applyChanges(provisional, net);
    const problems = this.problems([...provisional.values()]);
    const errors = [...this.entryProblems(net), ...problems.fresh];
    if (errors.length > 0) return { ok: false, errors };
    const changes = freezeChanges(orderChanges(net, base.dependencyOrder(), dependencyOrder(dependencyGraph([...provisional.values()]))));
    // The committed set is built from the ordered changes, exactly as at() replays history, so a
    // version has the same registry order (updates in place, creates appended) either way.
    const map = base.toMap();
    applyChanges(map, changes);
    const next = new Snapshot(base.version + 1, map, this.options.warn);
    return { ok: true, base: base.version, changes, next, commit: () => this.commit(base, next, changes, context, problems.all) };
  }

  /** Moves the registry to the state of an earlier (or later) version, as a new version. */
  applyVersion(version: number, context: ApplyContext = { origin: 'rollback' }): ApplyResult {
    const target = this.at(version);
    if (!target) return reject('version-not-found', `no version ${version}`);
    return this.applyState(target.all(), context);
  }

  /** Moves the registry to exactly `entries` as one new version (their minimal delta). */
  applyState(entries: readonly Entry[], context: ApplyContext = {}): ApplyResult {
    const delta = buildDelta(this.snapshot.all(), entries);
    return this.apply(delta.map((c) => ({ op: c.op, entry: c.entry })), context);
  }

  /** Every version with the changes that produced it, oldest first. */
  history(): readonly VersionRecord[] {
    return [...this.records];
  }

  /** The state at `version`, rebuilt from history; undefined for an unknown version. */
  at(version: number): Snapshot | undefined {
    if (version === this.snapshot.version) return this.snapshot;
    const first = this.boot.version;
    if (version === first) return this.boot;
    if (!Number.isInteger(version) || version < first || version > this.snapshot.version) return undefined;
    if (this.replayCache?.version === version) return this.replayCache;
    const map = this.boot.toMap();
    for (const record of this.records.slice(1, version - first + 1)) applyChanges(map, record.changes);
    this.replayCache = new Snapshot(version, map, this.options.warn);
    return this.replayCache;
  }

  /** Calls `listener` after every commit; returns the function that removes it. */
  onChange(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private commit(base: Snapshot, next: Snapshot, changes: readonly Change[], context: ApplyContext, problems: Set<string>): ApplyResult {
    if (this.snapshot !== base) {
      return reject('version-conflict', `prepared against version ${base.version}, registry is at ${this.snapshot.version}`);
    }
    this.snapshot = next;
    // the problems of the new version were found while preparing it: the next changeset is
    // measured against them without validating the whole set a second time
    this.baseline = problems;
    this.records.push({ version: next.version, changes, time: this.now(), origin: context.origin, actor: context.actor });
    this.notify(Object.keys(context).length > 0 ? { version: next.version, changes, context } : { version: next.version, changes });
    return { ok: true, version: next.version, changes };
  }

  private notify(event: ChangeEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        (this.options.onListenerError ?? ((e) => console.error('registry change listener failed:', e)))(err);
      }
    }
  }

  /** Problems of each created or updated entry on its own (the checkEntry option). */
  private entryProblems(changes: readonly Change[]): RegistryError[] {
    const check = this.options.checkEntry;
    if (check === undefined) return [];
    const out: RegistryError[] = [];
    for (const c of changes) {
      if (c.op === 'delete') continue;
      const problem = check(c.entry);
      if (problem !== undefined) out.push(problem);
    }
    return out;
  }

  /** Problems of the would-be set: all of them (keys), and those the current version does not have. */
  private problems(entries: Entry[]): { all: Set<string>; fresh: RegistryError[] } {
    this.baseline ??= new Set(validateEntries(this.snapshot.all(), this.options).map(errorKey));
    const baseline = this.baseline;
    const tolerate = this.options.tolerate ?? (() => false);
    const found = validateEntries(entries, this.options);
    return { all: new Set(found.map(errorKey)), fresh: found.filter((e) => !baseline.has(errorKey(e)) && !tolerate(e)) };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function authorizeOps(base: Snapshot, changeset: Changeset): AuthorizeOp[] {
  return changeset.map((op) => {
    const e = op.entry ?? {};
    const id = e.id ?? `${e.namespace ?? ''}:${e.name ?? ''}`;
    const stored = base.get(id)?.kind;
    return { op: op.op, id, kind: op.op === 'create' ? (e.kind ?? '') : (stored ?? e.kind ?? '') };
  });
}

function freezeChanges(changes: Change[]): readonly Change[] {
  for (const c of changes) Object.freeze(c);
  return Object.freeze(changes);
}

function reject(code: string, message: string): { ok: false; errors: RegistryError[] } {
  return { ok: false, errors: [{ code, message }] };
}

interface Staged {
  /** The set after applying the ops one by one (registry order not yet final). */
  map: Map<string, Entry>;
  touched: string[];
}

/** Applies the ops in order to a copy of the current set, checking each against the state so far. */
function stage(base: Snapshot, changeset: Changeset): Staged | { errors: RegistryError[] } {
  const map = base.toMap();
  const touched: string[] = [];
  const errors: RegistryError[] = [];
  changeset.forEach((op, i) => {
    const result = stageOne(map, op);
    if (result instanceof Problem) errors.push(opError(op, i, result));
    else touched.push(result.id);
  });
  return errors.length > 0 ? { errors } : { map, touched };
}

class Problem {
  constructor(
    readonly code: string,
    readonly message: string,
  ) {}
}

function stageOne(map: Map<string, Entry>, op: ChangesetOp): Entry | Problem {
  let entry: Entry;
  try {
    entry = makeEntry(op.entry ?? {});
  } catch (err) {
    return new Problem('invalid-entry', (err as Error).message);
  }
  const existing = map.get(entry.id);
  switch (op.op) {
    case 'create':
      if (existing) return new Problem('already-exists', 'entry already exists');
      break;
    case 'update':
      if (!existing) return new Problem('not-found', 'no such entry');
      if (entry.kind !== existing.kind) {
        return new Problem('kind-change', `kind changes from '${existing.kind}' to '${entry.kind}' (delete and create instead)`);
      }
      entry = keepLoadedSource(entry, existing);
      break;
    case 'delete':
      if (!existing) return new Problem('not-found', 'no such entry');
      map.delete(entry.id);
      return existing;
    default:
      return new Problem('invalid-change', `unknown operation '${String((op as { op: unknown }).op)}'`);
  }
  if (SOURCE_KINDS.has(entry.kind) && isFileRef(entry.data.source) && entry.sourceText === undefined) {
    return new Problem('source-not-loaded', `source '${entry.data.source}' is a file reference that was never loaded; pass the code inline`);
  }
  map.set(entry.id, freezeEntry(entry));
  return entry;
}

/**
 * An update that keeps `source: file://…` (typically an entry read back from the registry by
 * Lua, which does not see the loaded text) keeps the text loaded for it.
 */
function keepLoadedSource(entry: Entry, existing: Entry): Entry {
  if (entry.sourceText !== undefined || entry.data.source !== existing.data.source || existing.sourceText === undefined) return entry;
  return { ...entry, sourceText: existing.sourceText, sourceFile: existing.sourceFile };
}

function opError(op: ChangesetOp, index: number, problem: Problem): RegistryError {
  const e = op.entry ?? {};
  const id = e.id ?? (e.namespace && e.name ? `${e.namespace}:${e.name}` : undefined);
  const error: RegistryError = { code: problem.code, message: `changeset[${index}] ${op.op}: ${problem.message}` };
  if (id !== undefined) error.entry = id;
  return error;
}
