// The `sql` module (services spec §2.2): handles on `db.sql.*` entries.
//
//   local db, err = sql.get("app:db")
//   db:query(sql, {params}) -> rows        db:execute(sql, {params}) -> {last_insert_id, rows_affected}
//   db:prepare(sql) -> stmt                db:begin({isolation, read_only}) -> tx
//   tx:savepoint(n) / rollback_to(n) / release(n), tx:commit(), tx:rollback()
//   sql.builder.select(...) ... :run_with(db):query()
//
// A handle names its entry, not a connection: every call uses the entry's current
// database, so a changed entry takes effect for handles already held. A transaction keeps
// the connection it began on; one still open when its process ends is rolled back.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaResult, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import { KIND, fail } from './errors.js';
import type { Runtime } from '../system/runtime.js';
import { databases } from '../sql/manager.js';
import { refusal } from '../security/guard.js';
import { hostFn, then, type Maybe } from '../sql/lua-async.js';
import { bindList, bindValue, rowsToLua, typedValue, SQL_NULL } from '../sql/values.js';
import { SqlError, type Conn, type DbType, type ExecResult, type Tx } from '../sql/types.js';
import { createBuilderModule, type Runner } from '../sql/lua-builder.js';

interface DbHandle {
  id: string;
  released: boolean;
}

interface TxHandle {
  tx: Tx;
  type: DbType;
}

interface StmtHandle {
  conn: () => Conn;
  type: () => DbType;
  sql: string;
  closed: boolean;
}

function invalid(msg: string): never {
  throw new SqlError(KIND.INVALID, msg);
}

function execToLua(r: ExecResult): LuaTable {
  const t = new LuaTable();
  t.setStr('last_insert_id', r.lastInsertId);
  t.setStr('rows_affected', r.rowsAffected);
  return t;
}

function sqlText(v: LuaValue): string {
  if (typeof v !== 'string' || v === '') return invalid('sql text required');
  return bytesToText(v);
}

/** Run one statement on `conn` (query: rows; execute: the result table). */
function runQuery(conn: Conn, type: DbType, text: LuaValue, params: LuaValue): Maybe<LuaResult> {
  return then(conn.query(sqlText(text), bindList(params, type)), rowsToLua);
}

function runExecute(conn: Conn, type: DbType, text: LuaValue, params: LuaValue): Maybe<LuaResult> {
  return then(conn.execute(sqlText(text), bindList(params, type)), execToLua);
}

const SAVEPOINT = /^[A-Za-z0-9_]+$/;

export function createSqlModule(rt: Runtime): LuaTable {
  const dbMeta = new LuaTable();
  const txMeta = new LuaTable();
  const stmtMeta = new LuaTable();

  const dbOf = (self: LuaValue): DbHandle => {
    if (!(self instanceof Userdata) || self.mt !== dbMeta) return invalid('not a database handle');
    const h = self.data as DbHandle;
    if (h.released) return invalid('database handle released');
    return h;
  };
  const txOf = (self: LuaValue): TxHandle => {
    if (!(self instanceof Userdata) || self.mt !== txMeta) return invalid('not a transaction');
    const h = self.data as TxHandle;
    if (!h.tx.active) return invalid('transaction not active');
    return h;
  };
  const stmtOf = (self: LuaValue): StmtHandle => {
    if (!(self instanceof Userdata) || self.mt !== stmtMeta) return invalid('not a statement');
    const h = self.data as StmtHandle;
    if (h.closed) return invalid('statement closed');
    return h;
  };
  const current = (h: DbHandle) => databases(rt).get(h.id);

  const prepared = (conn: () => Conn, type: () => DbType, text: LuaValue): Userdata => {
    const sql = sqlText(text);
    return new Userdata({ conn, type, sql, closed: false } satisfies StmtHandle, stmtMeta);
  };

  dbMeta.setStr('__name', 'sql.DB');
  dbMeta.setStr('__index', makeLib({
    type: hostFn('type', (self) => current(dbOf(self)).type),
    query: hostFn('query', (self, q, p) => { const db = current(dbOf(self)); return runQuery(db, db.type, q, p); }),
    execute: hostFn('execute', (self, q, p) => { const db = current(dbOf(self)); return runExecute(db, db.type, q, p); }),
    prepare: hostFn('prepare', (self, q) => {
      const h = dbOf(self);
      return prepared(() => current(h), () => current(h).type, q);
    }),
    begin: hostFn('begin', (self, opts) => {
      const db = current(dbOf(self));
      const o = opts instanceof LuaTable ? opts : undefined;
      const iso = o?.getStr('isolation');
      const p = rt.node.current;
      return then(db.begin({ isolation: typeof iso === 'string' ? iso : undefined, readOnly: o?.getStr('read_only') === true }), (tx) => {
        // a transaction left open when its process ends is rolled back (the handle pattern)
        p?.onExit(() => { if (tx.active) void Promise.resolve().then(() => tx.rollback()).catch(() => {}); });
        return new Userdata({ tx, type: db.type } satisfies TxHandle, txMeta);
      });
    }),
    release: (self: LuaValue) => {
      if (self instanceof Userdata && self.mt === dbMeta) (self.data as DbHandle).released = true;
      return true;
    },
    stats: hostFn('stats', (self) => {
      const s = current(dbOf(self)).stats();
      const t = new LuaTable();
      t.setStr('max_open_connections', s.maxOpen);
      t.setStr('open_connections', s.open);
      t.setStr('in_use', s.inUse);
      t.setStr('idle', s.idle);
      t.setStr('wait_count', s.waitCount);
      t.setStr('wait_duration', 0);
      t.setStr('max_idle_closed', 0);
      t.setStr('max_idle_time_closed', 0);
      t.setStr('max_lifetime_closed', 0);
      return t;
    }),
  }));

  const savepoint = (verb: (n: string) => string) => (self: LuaValue, name: LuaValue) => {
    const h = txOf(self);
    if (typeof name !== 'string' || !SAVEPOINT.test(name)) return invalid(`invalid savepoint name ${JSON.stringify(typeof name === 'string' ? name : String(name))}: letters, digits and underscores only`);
    return then(h.tx.execute(verb(name), []), () => true);
  };

  txMeta.setStr('__name', 'sql.Transaction');
  txMeta.setStr('__index', makeLib({
    db_type: hostFn('db_type', (self) => txOf(self).type),
    query: hostFn('query', (self, q, p) => { const h = txOf(self); return runQuery(h.tx, h.type, q, p); }),
    execute: hostFn('execute', (self, q, p) => { const h = txOf(self); return runExecute(h.tx, h.type, q, p); }),
    prepare: hostFn('prepare', (self, q) => { const h = txOf(self); return prepared(() => txOf(self).tx, () => h.type, q); }),
    commit: hostFn('commit', (self) => then(txOf(self).tx.commit(), () => true)),
    rollback: hostFn('rollback', (self) => then(txOf(self).tx.rollback(), () => true)),
    savepoint: hostFn('savepoint', savepoint((n) => `SAVEPOINT ${n}`)),
    rollback_to: hostFn('rollback_to', savepoint((n) => `ROLLBACK TO SAVEPOINT ${n}`)),
    release: hostFn('release', savepoint((n) => `RELEASE SAVEPOINT ${n}`)),
  }));

  stmtMeta.setStr('__name', 'sql.Statement');
  stmtMeta.setStr('__index', makeLib({
    query: hostFn('query', (self, p) => { const h = stmtOf(self); return runQuery(h.conn(), h.type(), h.sql, p); }),
    execute: hostFn('execute', (self, p) => { const h = stmtOf(self); return runExecute(h.conn(), h.type(), h.sql, p); }),
    close: (self: LuaValue) => {
      if (self instanceof Userdata && self.mt === stmtMeta) (self.data as StmtHandle).closed = true;
      return true;
    },
  }));

  /** What `run_with(x)` accepts: a database handle or an active transaction. */
  const runner: Runner = (target) => {
    if (target instanceof Userdata && target.mt === dbMeta) {
      const h = dbOf(target);
      return { conn: () => current(h), type: () => current(h).type };
    }
    if (target instanceof Userdata && target.mt === txMeta) {
      return { conn: () => txOf(target).tx, type: () => (target.data as TxHandle).type };
    }
    return invalid('run_with needs a database or a transaction');
  };
  const exec = (r: ReturnType<Runner>, sql: string, args: LuaValue[], mode: 'query' | 'execute'): Maybe<LuaResult> => {
    const type = r.type();
    const binds = args.map((v, i) => bindValue(v, type, i + 1));
    return mode === 'query' ? then(r.conn().query(sql, binds), rowsToLua) : then(r.conn().execute(sql, binds), execToLua);
  };

  const mod = makeLib({
    get: (id: LuaValue) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'database id required');
      const key = bytesToText(id);
      const no = refusal(rt.node, 'db.get', key);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      try {
        databases(rt).get(key);
      } catch (e) {
        if (e instanceof SqlError) return fail(e.kind, e.message, e.retryable === undefined ? undefined : { retryable: e.retryable });
        throw e;
      }
      return new Userdata({ id: key, released: false } satisfies DbHandle, dbMeta);
    },
    type: makeLib({ POSTGRES: 'postgres', MYSQL: 'mysql', SQLITE: 'sqlite', UNKNOWN: 'unknown' }),
    isolation: makeLib({
      DEFAULT: 'default', READ_UNCOMMITTED: 'read_uncommitted', READ_COMMITTED: 'read_committed',
      WRITE_COMMITTED: 'write_committed', REPEATABLE_READ: 'repeatable_read', SERIALIZABLE: 'serializable',
    }),
    NULL: SQL_NULL,
    as: makeLib({
      int: (v: LuaValue) => typedValue('int', v),
      float: (v: LuaValue) => typedValue('float', v),
      text: (v: LuaValue) => typedValue('text', v),
      binary: (v: LuaValue) => typedValue('binary', v),
      null: () => SQL_NULL,
    }),
    builder: createBuilderModule(runner, exec),
  });
  for (const k of ['type', 'isolation', 'as']) (mod.getStr(k) as LuaTable).frozen = true;
  mod.frozen = true;
  return mod;
}
