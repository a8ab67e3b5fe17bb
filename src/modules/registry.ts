// The `registry` module: read entries, query them, and change the registry from Lua with
// changesets that are validated whole and applied atomically as a new version. Changes are
// recorded as run-time changes (registry/live.ts) with the acting process; `versions()`,
// `history()` and `apply_version()` read and restore that history.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { rtError } from '../lua/runtime/errors.js';
import { makeLib, checkString } from '../lua/lib/args.js';
import { bytesToText } from '../lua/runtime/values.js';
import type { Snapshot, ChangesetOp, ApplyContext } from '../registry/registry.js';
import type { RegistryError } from '../registry/errors.js';
import type { LiveRegistry } from '../registry/live.js';
import { makeEntry, type Entry } from '../registry/entry.js';
import { buildDelta } from '../registry/delta.js';
import { formatError } from '../registry/errors.js';
import { toLua } from '../system/convert.js';
import { toPlain } from './logger.js';
import { KIND, makeError } from './errors.js';
import type { RegistryWriteGuard, GuardRefusal } from '../security/registry-write.js';

/** A write the security guard refused -> `nil, err` (PERMISSION_DENIED, or INVALID for a broken policy). */
function refused(r: GuardRefusal) {
  return makeError(r.kind === 'permission' ? KIND.PERMISSION_DENIED : KIND.INVALID, r.message);
}

/** An entry as Lua sees it: `{id, kind, meta, data}` (a fresh copy each time). */
export function entryToLua(e: Entry): LuaTable {
  const t = new LuaTable();
  t.setStr('id', e.id);
  t.setStr('kind', e.kind);
  t.setStr('meta', toLua(e.meta) ?? new LuaTable());
  t.setStr('data', toLua(e.data) ?? new LuaTable());
  return t;
}

function listAll(entries: Entry[]): LuaTable {
  return new LuaTable(entries.map(entryToLua));
}

/** A Lua entry table -> changeset entry input. */
function entryFromLua(v: LuaValue): { id: string; kind?: string; meta?: Record<string, unknown>; data?: Record<string, unknown> } | string {
  if (!(v instanceof LuaTable)) return 'entry must be a table';
  const id = v.getStr('id');
  if (typeof id !== 'string' || !id.includes(':')) return "entry needs an id 'namespace:name'";
  const kind = v.getStr('kind');
  const meta = toPlain(v.getStr('meta') ?? new LuaTable());
  const data = v.getStr('data');
  return {
    id: bytesToText(id),
    kind: typeof kind === 'string' ? kind : undefined,
    meta: isRecord(meta) ? meta : {},
    data: data === undefined ? {} : (isRecord(toPlain(data)) ? toPlain(data) as Record<string, unknown> : { value: toPlain(data) }),
  };
}

/** `{kind = "entry.create", entry = {...}}`, the op form of `c:ops()` and `build_delta`. */
function opTable(op: string, entry: unknown): LuaTable {
  const t = new LuaTable();
  t.setStr('kind', `entry.${op}`);
  t.setStr('entry', toLua(entry));
  return t;
}

/** A Lua array of entry tables -> entries, or the problem. */
function entryList(v: LuaValue): Entry[] | string {
  if (!(v instanceof LuaTable)) return 'build_delta takes two arrays of entries';
  const out: Entry[] = [];
  for (let i = 1; i <= v.length(); i++) {
    const e = entryFromLua(v.get(i));
    if (typeof e === 'string') return `entry ${i}: ${e}`;
    out.push(makeEntry(e));
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Lua find filters -> criteria (values to plain JS). As in the reference, a key without the
 * `meta.` prefix or a `.field` form (`kind = "x"`) is ignored, so such a filter matches
 * every entry; apps rely on that and filter in Lua.
 */
function criteria(v: LuaValue): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!(v instanceof LuaTable)) return out;
  for (let e = v.next(undefined); e !== undefined; e = v.next(e[0])) {
    const k = e[0];
    if (typeof k !== 'string') continue;
    if (!/^[~*^$]?(\.|meta\.)/.test(k)) continue;
    out[k] = toPlain(e[1]);
  }
  return out;
}

/** The error kind a rejected change gets in Lua. */
function errorKind(errors: readonly RegistryError[]): string {
  const has = (code: string) => errors.some((e) => e.code === code);
  if (has('permission-denied')) return KIND.PERMISSION_DENIED;
  if (has('version-conflict')) return KIND.CONFLICT;
  if (has('already-exists')) return KIND.ALREADY_EXISTS;
  if (has('not-found') || has('version-not-found')) return KIND.NOT_FOUND;
  if (has('store-failed')) return KIND.INTERNAL;
  return KIND.INVALID;
}

/**
 * `guard`, when given, wraps every write: it authorizes the changeset for the calling process
 * (src/security/), records the decision in the audit log and commits only when allowed.
 */
export function createRegistryModule(live: LiveRegistry, actor: () => ApplyContext['actor'] = () => undefined,
  guard?: RegistryWriteGuard, canRead: (id: string) => boolean = () => true): LuaTable {
  const reg = live.registry;
  // registry.get on each entry id (src/security/): listings leave out what the caller may not read
  const list = (entries: Entry[]) => listAll(entries.filter((e) => canRead(e.id)));
  const unreadable = (id: string) => (canRead(id) ? undefined : [undefined, makeError(KIND.PERMISSION_DENIED, `permission denied: registry.get on ${id}`)]);
  const versionMeta = new LuaTable();
  const historyMeta = new LuaTable();
  const snapMeta = new LuaTable();
  const changesMeta = new LuaTable();

  const versionValue = (n: number) => new Userdata(n, versionMeta);
  const snapValue = (s: Snapshot) => new Userdata(s, snapMeta);
  const num = (self: LuaValue): number => (self as Userdata).data;
  versionMeta.setStr('__index', makeLib({
    id: (self: LuaValue) => num(self),
    string: (self: LuaValue) => String(num(self)),
    previous: (self: LuaValue) => (num(self) > 1 ? versionValue(num(self) - 1) : undefined),
    next: (self: LuaValue) => (num(self) < reg.version ? versionValue(num(self) + 1) : undefined),
  }));
  versionMeta.setStr('__tostring', (self: Userdata) => String(self.data));
  versionMeta.setStr('__eq', (a: Userdata, b: Userdata) => a.data === b.data);

  const versionNumber = (v: LuaValue): number => (v instanceof Userdata && v.mt === versionMeta ? v.data : Number(v));
  /** Every recorded version, earlier runs included when the history is persistent. */
  const versions = () => new LuaTable(live.store.versions().map((h) => versionValue(h.version)));
  const snapshotAt = (v: LuaValue) => {
    const n = versionNumber(v);
    if (!(n > 0)) return [undefined, makeError(KIND.INVALID, 'version id must be > 0')];
    const s = reg.at(n);
    if (s !== undefined) return snapValue(s);
    const earlier = live.store.version(n) !== undefined;
    return [undefined, makeError(KIND.NOT_FOUND, earlier
      ? `version ${n} is from an earlier run: its whole state is not kept, only its run-time changes (apply_version restores them)`
      : `version ${n} not found`)];
  };
  historyMeta.setStr('__index', makeLib({
    versions: () => versions(),
    get_version: (_self: LuaValue, v: LuaValue) => {
      const n = versionNumber(v);
      return live.store.version(n) === undefined ? [undefined, makeError(KIND.NOT_FOUND, `version ${n} not found`)] : versionValue(n);
    },
    snapshot_at: (_self: LuaValue, v: LuaValue) => snapshotAt(v),
    // not in the reference: what a version changed, when and by whom, for audit tools
    info: (_self: LuaValue, v: LuaValue) => {
      const row = live.store.version(versionNumber(v));
      if (row === undefined) return [undefined, makeError(KIND.NOT_FOUND, `version ${String(versionNumber(v))} not found`)];
      return toLua({ version: row.version, time: row.time, origin: row.origin, actor: row.actor ?? {}, note: row.note, changes: row.changes });
    },
  }));

  const snap = (self: LuaValue): Snapshot => {
    if (self instanceof Userdata && self.mt === snapMeta) return self.data;
    return rtError('snapshot methods are called with a colon');
  };
  const findIn = (s: Snapshot, filter: LuaValue) => {
    try {
      return list(s.find(criteria(filter)));
    } catch (e) {
      return [undefined, makeError(KIND.INVALID, (e as Error).message)];
    }
  };
  snapMeta.setStr('__index', makeLib({
    entries: (self: LuaValue) => list(snap(self).all()),
    get: (self: LuaValue, id: LuaValue) => {
      const no = unreadable(String(id));
      if (no) return no;
      const e = snap(self).get(String(id));
      return e === undefined ? [undefined, makeError(KIND.NOT_FOUND, `entry '${String(id)}' not found`)] : entryToLua(e);
    },
    find: (self: LuaValue, filter: LuaValue) => findIn(snap(self), filter),
    namespace: (self: LuaValue, ns: LuaValue) => list(snap(self).namespace(String(ns))),
    version: (self: LuaValue) => versionValue(snap(self).version),
    changes: (self: LuaValue) => new Userdata({ base: snap(self).version, ops: [] as ChangesetOp[] }, changesMeta),
  }));

  type Changes = { base: number; ops: ChangesetOp[] };
  const ch = (self: LuaValue): Changes => {
    if (self instanceof Userdata && self.mt === changesMeta) return self.data;
    return rtError('changes methods are called with a colon');
  };
  const addOp = (op: ChangesetOp['op']) => (self: LuaValue, v: LuaValue) => {
    const c = ch(self);
    let entry;
    if (op === 'delete') {
      const id = typeof v === 'string' ? v
        : v instanceof LuaTable ? (v.getStr('id') ?? `${String(v.getStr('ns'))}:${String(v.getStr('name'))}`) : undefined;
      if (typeof id !== 'string') return rtError('delete needs an id');
      entry = { id: bytesToText(id) };
    } else {
      entry = entryFromLua(v);
      if (typeof entry === 'string') return rtError(entry);
    }
    c.ops.push({ op, entry } as ChangesetOp);
    return self;
  };
  changesMeta.setStr('__index', makeLib({
    create: addOp('create'),
    update: addOp('update'),
    delete: addOp('delete'),
    ops: (self: LuaValue) => new LuaTable(ch(self).ops.map((o) => opTable(o.op, o.entry))),
    apply: (self: LuaValue) => {
      const c = ch(self);
      if (c.ops.length === 0) return [undefined, makeError(KIND.INVALID, 'empty changeset')];
      // fenced on the snapshot's version (agents.md §11.3): a changeset built from a view
      // that is no longer current applies nothing; take a new snapshot and retry
      if (c.base !== reg.version) {
        return [undefined, makeError(KIND.CONFLICT,
          `the registry changed since the snapshot (version ${c.base}, now ${reg.version}): take a new snapshot and retry`, { retryable: true })];
      }
      const commit = () => live.applyCode(c.ops, { actor: actor() });
      const r = guard ? guard(c.ops, 'apply', commit) : commit();
      if ('kind' in r) return [undefined, refused(r)];
      if (!r.ok) return [undefined, makeError(errorKind(r.errors), r.errors.map(formatError).join('; '))];
      return versionValue(r.version);
    },
  }));

  const mod = makeLib({
    get: (...args: LuaValue[]) => {
      const id = checkString(args, 0, 'get');
      const no = unreadable(id);
      if (no) return no;
      const e = reg.get(id);
      return e === undefined ? [undefined, makeError(KIND.NOT_FOUND, `entry '${id}' not found`)] : entryToLua(e);
    },
    find: (filter: LuaValue) => findIn(reg.current(), filter),
    parse_id: (...args: LuaValue[]) => {
      const s = checkString(args, 0, 'parse_id');
      const i = s.indexOf(':');
      const t = new LuaTable();
      t.setStr('ns', i < 0 ? '' : s.slice(0, i));
      t.setStr('name', i < 0 ? s : s.slice(i + 1));
      return t;
    },
    snapshot: () => snapValue(reg.current()),
    snapshot_at: (v: LuaValue) => snapshotAt(v),
    current_version: () => versionValue(reg.version),
    versions: () => versions(),
    history: () => new Userdata(live, historyMeta),
    build_delta: (from: LuaValue, to: LuaValue) => {
      const a = entryList(from);
      const b = entryList(to);
      if (typeof a === 'string' || typeof b === 'string') return [undefined, makeError(KIND.INVALID, String(typeof a === 'string' ? a : b))];
      return new LuaTable(buildDelta(a, b).map((c) => opTable(c.op, { id: c.entry.id, kind: c.entry.kind, meta: c.entry.meta, data: c.entry.data })));
    },
    apply_version: (v: LuaValue) => {
      const n = versionNumber(v);
      if (!(n > 0)) return [false, makeError(KIND.INVALID, 'version id must be > 0')];
      const commit = () => live.rollback(n, { actor: actor() });
      // the guard judges a rollback by what it would change: today's registry -> that version
      const r = guard ? guard(live.rollbackChanges(n), 'apply_version', commit) : commit();
      if ('kind' in r) return [false, refused(r)];
      return r.ok ? true : [false, makeError(errorKind(r.errors), r.errors.map(formatError).join('; '))];
    },
  });
  mod.frozen = true;
  return mod;
}
