// Lua values <-> driver values. Binds: nil and sql.NULL are NULL, integral numbers are
// integers (SQLite stores them as INTEGER, not REAL), strings are text (UTF-8), booleans
// are booleans (1/0 on SQLite), and `sql.as.*` forces a type (`sql.as.binary` sends the
// byte string as a BLOB/bytea). Rows: NULL columns are absent (nil), blobs come back as
// byte strings, 64-bit integers as numbers when they fit exactly and as text otherwise.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import type { BindValue, DbType, Row } from './types.js';
import { SqlError } from './types.js';
import { KIND } from '../modules/errors.js';

export type SqlTypeName = 'int' | 'float' | 'text' | 'binary' | 'null';

/** The payload of a `sql.as.*` value or of `sql.NULL`. */
export class TypedBind {
  constructor(public type: SqlTypeName, public value: LuaValue) {}
}

const typedMeta = new LuaTable();
typedMeta.setStr('__name', 'sql.TypedValue');
typedMeta.setStr('__tostring', (u: LuaValue) => `sql.as.${((u as Userdata).data as TypedBind).type}`);

export function typedValue(type: SqlTypeName, value: LuaValue): Userdata {
  return new Userdata(new TypedBind(type, value), typedMeta);
}

export const SQL_NULL = typedValue('null', undefined);

function invalid(msg: string): never {
  throw new SqlError(KIND.INVALID, msg);
}

/** One Lua bind value for `db`. */
export function bindValue(v: LuaValue, db: DbType, pos: number): BindValue {
  if (v === undefined) return null;
  if (typeof v === 'number') return number(v, db);
  if (typeof v === 'string') return bytesToText(v);
  if (typeof v === 'boolean') return db === 'sqlite' ? (v ? 1n : 0n) : v;
  if (v instanceof Userdata && v.data instanceof TypedBind) {
    const t = v.data;
    switch (t.type) {
      case 'null': return null;
      case 'int': {
        const n = typeof t.value === 'number' ? t.value : Number(t.value);
        if (!Number.isFinite(n)) return invalid(`parameter ${pos}: sql.as.int needs a number`);
        return db === 'sqlite' ? BigInt(Math.trunc(n)) : Math.trunc(n);
      }
      case 'float': {
        const n = typeof t.value === 'number' ? t.value : Number(t.value);
        if (Number.isNaN(n) && typeof t.value !== 'number') return invalid(`parameter ${pos}: sql.as.float needs a number`);
        return n;
      }
      case 'text': return typeof t.value === 'string' ? bytesToText(t.value) : String(t.value ?? '');
      case 'binary': return Buffer.from(typeof t.value === 'string' ? t.value : String(t.value ?? ''), 'latin1');
    }
  }
  if (v instanceof LuaTable) return invalid(`parameter ${pos}: a table cannot be bound (encode it, e.g. with json.encode)`);
  return invalid(`parameter ${pos}: cannot bind a ${typeof v === 'function' ? 'function' : 'userdata'} value`);
}

function number(v: number, db: DbType): BindValue {
  if (db === 'sqlite' && Number.isSafeInteger(v)) return BigInt(v);
  return v;
}

/** `params` as given to query/execute: nil or an array of bind values. */
export function bindList(params: LuaValue, db: DbType): BindValue[] {
  if (params === undefined) return [];
  if (!(params instanceof LuaTable)) return invalid('params must be an array of values');
  const n = params.length();
  const out: BindValue[] = new Array(n);
  for (let i = 1; i <= n; i++) out[i - 1] = bindValue(params.getInt(i), db, i);
  return out;
}

/** A driver value as a Lua value. */
export function columnValue(v: unknown): LuaValue {
  if (v === null || v === undefined) return undefined;
  switch (typeof v) {
    case 'string': return textToBytes(v);
    case 'number': return v;
    case 'boolean': return v;
    case 'bigint': return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  }
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (v instanceof Date) return textToBytes(v.toISOString());
  if (Array.isArray(v)) return new LuaTable(v.map(columnValue));
  return textToBytes(JSON.stringify(v));
}

export function rowsToLua(rows: Row[]): LuaTable {
  const out = new Array<LuaValue>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const t = new LuaTable();
    const r = rows[i];
    for (const k in r) {
      const v = columnValue(r[k]);
      if (v !== undefined) t.setStr(textToBytes(k), v);
    }
    out[i] = t;
  }
  return new LuaTable(out);
}
