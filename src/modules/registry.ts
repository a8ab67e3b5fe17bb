// The `registry` module: read entries, query them, and change the registry from Lua with
// changesets that are validated whole and applied atomically as a new version.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { rtError } from '../lua/runtime/errors.js';
import { makeLib, checkString } from '../lua/lib/args.js';
import { bytesToText } from '../lua/runtime/values.js';
import type { Registry, Snapshot, ChangesetOp } from '../registry/registry.js';
import type { Entry } from '../registry/entry.js';
import { formatError } from '../registry/errors.js';
import { toLua } from '../system/convert.js';
import { toPlain } from './logger.js';
import { KIND, makeError } from './errors.js';
import { buildDelta } from '../registry/delta.js';
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

export function createRegistryModule(reg: Registry, guard?: RegistryWriteGuard, canRead: (id: string) => boolean = () => true): LuaTable {
  // registry.get on each entry id (src/security/): listings leave out what the caller may not read
  const list = (entries: Entry[]) => listAll(entries.filter((e) => canRead(e.id)));
  const unreadable = (id: string) => (canRead(id) ? undefined : [undefined, makeError(KIND.PERMISSION_DENIED, `permission denied: registry.get on ${id}`)]);
  const versionMeta = new LuaTable();
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
    ops: (self: LuaValue) => new LuaTable(ch(self).ops.map((o) => {
      const t = new LuaTable();
      t.setStr('kind', `entry.${o.op}`);
      t.setStr('entry', toLua(o.entry));
      return t;
    })),
    apply: (self: LuaValue) => {
      const c = ch(self);
      if (c.ops.length === 0) return [undefined, makeError(KIND.INVALID, 'empty changeset')];
      const r = guard ? guard(c.ops, 'apply', () => reg.apply(c.ops)) : reg.apply(c.ops);
      if ('kind' in r) return [undefined, refused(r)];
      if (!r.ok) {
        const kind = r.errors.some((e) => e.code === 'already-exists') ? KIND.ALREADY_EXISTS
          : r.errors.some((e) => e.code === 'not-found') ? KIND.NOT_FOUND : KIND.INVALID;
        return [undefined, makeError(kind, r.errors.map(formatError).join('; '))];
      }
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
    snapshot_at: (v: LuaValue) => {
      const n = v instanceof Userdata && v.mt === versionMeta ? v.data : Number(v);
      if (!(n > 0)) return [undefined, makeError(KIND.INVALID, 'version id must be > 0')];
      const s = reg.at(n);
      return s === undefined ? [undefined, makeError(KIND.NOT_FOUND, `version ${n} not found`)] : snapValue(s);
    },
    current_version: () => versionValue(reg.version),
    versions: () => new LuaTable(reg.history().map((h) => versionValue(h.version))),
    apply_version: (v: LuaValue) => {
      const n = v instanceof Userdata && v.mt === versionMeta ? v.data : Number(v);
      const target = guard ? reg.at(n) : undefined;
      const delta = target ? buildDelta(reg.all(), target.all()) : [];
      const r = guard && target ? guard(delta, 'apply_version', () => reg.applyVersion(n)) : reg.applyVersion(n);
      if ('kind' in r) return [false, refused(r)];
      return r.ok ? true : [false, makeError(KIND.INVALID, r.errors.map(formatError).join('; '))];
    },
  });
  mod.frozen = true;
  return mod;
}
