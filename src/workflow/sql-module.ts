// A minimal `sql` module for `db.sql.sqlite` entries, installed only when the runtime has
// no `sql` module of its own: what workflow activities need to write their effects
// (services spec §2.2, a subset):
//
//   local db, err = sql.get("app:db")        -- a db.sql.sqlite entry: file (relative to the app)
//   db:query(sql, {params...})  -> rows, err  (rows: array of tables keyed by column name)
//   db:execute(sql, {params...}) -> {last_insert_id, rows_affected}, err
//   db:begin() -> tx, err; tx:query / tx:execute / tx:commit() / tx:rollback()
//   db:type() -> "sqlite";  db:release() -> true
//
// One connection per database file (WAL, synchronous=FULL, busy_timeout 10 s), shared by
// every process of the runtime; a transaction holds it until commit or rollback.

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { makeLib } from '../lua/lib/args.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import { KIND, fail } from '../modules/errors.js';
import type { Runtime } from '../system/runtime.js';

function bind(params: LuaValue): unknown[] {
  if (params === undefined) return [];
  if (!(params instanceof LuaTable)) throw new TypeError('params must be an array');
  return params.arr.map((v) => {
    if (v === undefined) return null;
    if (typeof v === 'number') return Number.isSafeInteger(v) ? BigInt(v) : v;
    if (typeof v === 'boolean') return v ? 1n : 0n;
    if (typeof v === 'string') return bytesToText(v);
    throw new TypeError(`cannot bind a ${typeof v} value`);
  });
}

function rowsOf(rows: Record<string, unknown>[]): LuaTable {
  return new LuaTable(rows.map((r) => {
    const t = new LuaTable();
    for (const [k, v] of Object.entries(r)) {
      if (v === null || v === undefined) continue;
      if (typeof v === 'string') t.setStr(textToBytes(k), textToBytes(v));
      else if (typeof v === 'bigint') t.setStr(textToBytes(k), Number(v));
      else if (Buffer.isBuffer(v)) t.setStr(textToBytes(k), v.toString('latin1'));
      else t.setStr(textToBytes(k), v as LuaValue);
    }
    return t;
  }));
}

export function createSqlModule(rt: Runtime, root: string): LuaTable {
  const conns = new Map<string, Database.Database>();
  const open = (file: string): Database.Database => {
    let db = conns.get(file);
    if (db === undefined || !db.open) {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      db = new Database(file);
      db.pragma('busy_timeout = 10000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      conns.set(file, db);
    }
    return db;
  };

  const run = (db: Database.Database, mode: 'query' | 'execute', text: LuaValue, params: LuaValue): LuaValue => {
    if (typeof text !== 'string') return fail(KIND.INVALID, 'sql text required');
    try {
      const st = db.prepare(bytesToText(text));
      if (mode === 'query' && st.reader) return rowsOf(st.all(...bind(params)) as Record<string, unknown>[]);
      const info = st.run(...bind(params));
      if (mode === 'query') return new LuaTable();
      const t = new LuaTable();
      t.setStr('last_insert_id', Number(info.lastInsertRowid));
      t.setStr('rows_affected', info.changes);
      return t;
    } catch (e) {
      const msg = (e as Error).message;
      const kind = /UNIQUE|constraint/i.test(msg) ? KIND.ALREADY_EXISTS : /busy|locked/i.test(msg) ? KIND.UNAVAILABLE : KIND.INTERNAL;
      return fail(kind, msg, { retryable: kind === KIND.UNAVAILABLE });
    }
  };

  const txValue = (db: Database.Database): LuaTable => {
    let active = true;
    const guard = () => active;
    const t = makeLib({
      db_type: () => 'sqlite',
      query: (_s: LuaValue, q: LuaValue, p: LuaValue) => guard() ? run(db, 'query', q, p) : fail(KIND.INVALID, 'transaction not active'),
      execute: (_s: LuaValue, q: LuaValue, p: LuaValue) => guard() ? run(db, 'execute', q, p) : fail(KIND.INVALID, 'transaction not active'),
      commit: () => {
        if (!active) return fail(KIND.INVALID, 'transaction not active');
        active = false;
        try { db.exec('COMMIT'); return true; } catch (e) { return fail(KIND.INTERNAL, (e as Error).message); }
      },
      rollback: () => {
        if (!active) return fail(KIND.INVALID, 'transaction not active');
        active = false;
        try { db.exec('ROLLBACK'); return true; } catch (e) { return fail(KIND.INTERNAL, (e as Error).message); }
      },
    });
    return t;
  };

  const dbValue = (db: Database.Database): LuaTable => makeLib({
    type: () => 'sqlite',
    query: (_s: LuaValue, q: LuaValue, p: LuaValue) => run(db, 'query', q, p),
    execute: (_s: LuaValue, q: LuaValue, p: LuaValue) => run(db, 'execute', q, p),
    begin: () => {
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        return fail(KIND.UNAVAILABLE, (e as Error).message, { retryable: true });
      }
      return txValue(db);
    },
    release: () => true,
  });

  const mod = makeLib({
    get: (id: LuaValue) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'database id required');
      const e = rt.entries.get(id);
      if (e === undefined) return fail(KIND.NOT_FOUND, `database '${id}' not found`);
      if (e.kind !== 'db.sql.sqlite') return fail(KIND.INVALID, `entry '${id}' is a ${e.kind}, not a database this runtime can open (db.sql.sqlite)`);
      const file = typeof e.data.file === 'string' ? e.data.file : ':memory:';
      try {
        return dbValue(open(file === ':memory:' || isAbsolute(file) ? file : join(root, file)));
      } catch (err) {
        return fail(KIND.INTERNAL, (err as Error).message);
      }
    },
    type: makeLib({ POSTGRES: 'postgres', MYSQL: 'mysql', SQLITE: 'sqlite', UNKNOWN: 'unknown' }),
  });
  mod.frozen = true;
  return mod;
}
