// The `store` module (services spec §3.2): handles on `store.*` entries.
//
//   local s = store.get("app:cache")
//   s:set(key, value, ttl_seconds?)   s:get(key) -> value | nil, NOT_FOUND
//   s:has(key)  s:delete(key)  s:entry(key)  s:put(key, value, {ttl, only_if_absent, if_version})
//   s:list({prefix, after, limit})  s:info()  s:release()

import { refusal } from '../security/guard.js';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import { KIND, fail } from './errors.js';
import type { Runtime } from '../system/runtime.js';
import { hostFn, then } from '../sql/lua-async.js';
import { SqlError } from '../sql/types.js';
import { stores } from '../store/manager.js';
import type { KvStore, StoreEntry } from '../store/types.js';

interface Handle {
  id: string;
  released: boolean;
}

function invalid(msg: string): never {
  throw new SqlError(KIND.INVALID, msg);
}

function keyOf(k: LuaValue): string {
  if (typeof k !== 'string' || k === '') return invalid('key must be a non-empty string');
  return bytesToText(k);
}

function entryToLua(e: StoreEntry): LuaTable {
  const t = new LuaTable();
  t.setStr('key', textToBytes(e.key));
  if (e.value !== undefined) t.setStr('value', e.value);
  t.setStr('version', e.version);
  return t;
}

function ttlOf(v: LuaValue): number {
  if (v === undefined) return 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return invalid('ttl must be a non-negative number of seconds');
  return v;
}

export function createStoreModule(rt: Runtime): LuaTable {
  const meta = new LuaTable();
  const storeOf = (self: LuaValue): [KvStore, Handle] => {
    if (!(self instanceof Userdata) || self.mt !== meta) return invalid('not a store handle (use s:method(...))');
    const h = self.data as Handle;
    if (h.released) return invalid('store handle released');
    return [stores(rt).get(h.id), h];
  };
  const notFound = (key: string) => fail(KIND.NOT_FOUND, `key '${key}' not found`);

  meta.setStr('__name', 'store.Store');
  meta.setStr('__index', makeLib({
    get: hostFn('get', (self, k) => {
      const [s] = storeOf(self);
      const key = keyOf(k);
      return then(s.get(key), (e) => (e === undefined ? notFound(key) : e.value));
    }),
    entry: hostFn('entry', (self, k) => {
      const [s] = storeOf(self);
      const key = keyOf(k);
      return then(s.get(key), (e) => (e === undefined ? notFound(key) : entryToLua(e)));
    }),
    set: hostFn('set', (self, k, v, ttl) => {
      const [s] = storeOf(self);
      if (v === undefined) return invalid('value required (use delete to remove a key)');
      return then(s.set(keyOf(k), v, ttlOf(ttl)), () => true);
    }),
    has: hostFn('has', (self, k) => then(storeOf(self)[0].has(keyOf(k)), (b) => b)),
    delete: hostFn('delete', (self, k) => then(storeOf(self)[0].delete(keyOf(k)), (b) => b)),
    put: hostFn('put', (self, k, v, opts) => {
      const [s] = storeOf(self);
      if (v === undefined) return invalid('value required');
      const o = opts instanceof LuaTable ? opts : new LuaTable();
      const onlyIfAbsent = o.getStr('only_if_absent') === true;
      const ifv = o.getStr('if_version');
      if (onlyIfAbsent && ifv !== undefined) return invalid('only_if_absent and if_version cannot be combined');
      return then(s.put(keyOf(k), v, { ttl: ttlOf(o.getStr('ttl')), onlyIfAbsent, ifVersion: ifv === undefined ? undefined : String(ifv) }), entryToLua);
    }),
    list: hostFn('list', (self, opts) => {
      const [s] = storeOf(self);
      const o = opts instanceof LuaTable ? opts : new LuaTable();
      const prefix = o.getStr('prefix');
      const after = o.getStr('after');
      const limit = o.getStr('limit');
      return then(s.list({
        prefix: typeof prefix === 'string' ? bytesToText(prefix) : undefined,
        after: typeof after === 'string' && after !== '' ? bytesToText(after) : undefined,
        limit: typeof limit === 'number' && limit > 0 ? Math.min(Math.trunc(limit), 10000) : 100,
      }), (r) => {
        const t = new LuaTable();
        t.setStr('items', new LuaTable(r.items.map(entryToLua)));
        if (r.cursor !== undefined) t.setStr('cursor', textToBytes(r.cursor));
        t.setStr('has_more', r.hasMore);
        return t;
      });
    }),
    info: hostFn('info', (self) => {
      const [s, h] = storeOf(self);
      const t = new LuaTable();
      t.setStr('id', h.id);
      t.setStr('backend', s.backend);
      t.setStr('consistency', s.backend === 'memory' ? 'local' : 'linearizable');
      t.setStr('durable', s.backend === 'sql');
      t.setStr('list', true);
      t.setStr('versioned', s.conditional);
      t.setStr('conditional_put', s.conditional);
      t.setStr('ttl', true);
      return t;
    }),
    release: (self: LuaValue) => {
      if (self instanceof Userdata && self.mt === meta) (self.data as Handle).released = true;
      return true;
    },
  }));

  const mod = makeLib({
    get: (id: LuaValue) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'store id required');
      const key = bytesToText(id);
      const no = refusal(rt.node, 'store.get', key);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      try {
        stores(rt).get(key);
      } catch (e) {
        if (e instanceof SqlError) return fail(e.kind, e.message);
        throw e;
      }
      return new Userdata({ id: key, released: false } satisfies Handle, meta);
    },
    backend: makeLib({ MEMORY: 'memory', SQL: 'sql', KV_RAFT: 'kv.raft', KV_CRDT: 'kv.crdt', UNKNOWN: 'unknown' }),
    consistency: makeLib({ LINEARIZABLE: 'linearizable', EVENTUAL: 'eventual', LOCAL: 'local', UNKNOWN: 'unknown' }),
  });
  (mod.getStr('backend') as LuaTable).frozen = true;
  (mod.getStr('consistency') as LuaTable).frozen = true;
  mod.frozen = true;
  return mod;
}
