// The query builder behind `sql.builder` (services spec §2.4), shaped like Go's squirrel,
// which the reference wraps: immutable builders (every method returns a new one), `?`
// binds, map conditions with sorted keys, and a placeholder format applied last. Values
// are kept as Lua values and converted by the driver when the statement runs, so nothing a
// caller passes as a value ever becomes SQL text.

import type { LuaValue } from '../lua/runtime/types.js';
import { LuaTable } from '../lua/runtime/table.js';
import { bytesToText } from '../lua/runtime/values.js';
import { KIND } from '../modules/errors.js';
import { SqlError } from './types.js';

export interface Sqlizer {
  toSql(): [string, LuaValue[]];
}

export class Expr implements Sqlizer {
  constructor(private sql: string, private args: LuaValue[]) {}
  toSql(): [string, LuaValue[]] {
    return [this.sql, this.args];
  }
}

function invalid(msg: string): never {
  throw new SqlError(KIND.INVALID, msg);
}

/** The entries of a Lua map, keys as text, sorted (squirrel sorts map keys). */
function mapEntries(t: LuaTable): [string, LuaValue][] {
  const out: [string, LuaValue][] = [];
  let k: LuaValue = undefined;
  for (;;) {
    const n = t.next(k);
    if (n === undefined) break;
    k = n[0];
    if (typeof k !== 'string') invalid('condition keys must be column names (strings)');
    out.push([bytesToText(k), n[1]]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** A value that is a list of values (`{1, 2, 3}`) gives IN (...). */
function listOf(v: LuaValue): LuaValue[] | undefined {
  if (!(v instanceof LuaTable) || v.hashSize() > 0) return undefined;
  return v.arr.slice();
}

type Op = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'NOT LIKE';

export class MapCond implements Sqlizer {
  constructor(private op: Op, private map: LuaTable) {}
  toSql(): [string, LuaValue[]] {
    const parts: string[] = [];
    const args: LuaValue[] = [];
    for (const [col, v] of mapEntries(this.map)) {
      if (v instanceof Object && 'toSql' in (v as object)) {
        const [s, a] = (v as unknown as Sqlizer).toSql();
        parts.push(`${col} ${this.op} ${s}`);
        args.push(...a);
        continue;
      }
      const list = listOf(v);
      if (list !== undefined && (this.op === '=' || this.op === '<>')) {
        if (list.length === 0) parts.push(this.op === '=' ? '(1=0)' : '(1=1)');
        else {
          parts.push(`${col} ${this.op === '=' ? 'IN' : 'NOT IN'} (${list.map(() => '?').join(',')})`);
          args.push(...list);
        }
      } else if (isNull(v) && (this.op === '=' || this.op === '<>')) {
        parts.push(`${col} ${this.op === '=' ? 'IS NULL' : 'IS NOT NULL'}`);
      } else {
        parts.push(`${col} ${this.op} ?`);
        args.push(v);
      }
    }
    if (parts.length === 0) return ['(1=1)', []];
    return [parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, args];
  }
}

/** nil and sql.NULL (set by the Lua binding) compare with IS NULL. */
export let isNull: (v: LuaValue) => boolean = (v) => v === undefined;
export function setNullTest(f: (v: LuaValue) => boolean): void {
  isNull = f;
}

export class Junction implements Sqlizer {
  constructor(private op: 'AND' | 'OR', private items: Sqlizer[]) {}
  toSql(): [string, LuaValue[]] {
    if (this.items.length === 0) return [this.op === 'AND' ? '(1=1)' : '(1=0)', []];
    const parts: string[] = [];
    const args: LuaValue[] = [];
    for (const it of this.items) {
      const [s, a] = it.toSql();
      parts.push(s);
      args.push(...a);
    }
    return [`(${parts.join(` ${this.op} `)})`, args];
  }
}

// ---- placeholder formats -------------------------------------------------------------

export type Format = 'question' | 'dollar' | 'at' | 'colon';

/** `?` -> the format's numbered style; `??` is a literal `?` (squirrel's escape). */
export function applyFormat(sql: string, f: Format): string {
  if (f === 'question') return sql.replace(/\?\?/g, '?');
  let n = 0;
  return sql.replace(/\?\?|\?/g, (m) => {
    if (m === '??') return '?';
    n++;
    return f === 'dollar' ? `$${n}` : f === 'at' ? `@p${n}` : `:${n}`;
  });
}

// ---- builders --------------------------------------------------------------------------

interface Clause {
  sql: string;
  args: LuaValue[];
}

/** The clauses select, update and delete statements end with: ORDER BY, LIMIT, OFFSET, suffixes. */
function tailSql(s: { orderBy: string[]; limit?: number; offset?: number; suffixes: Clause[] }, args: LuaValue[]): string {
  let sql = '';
  if (s.orderBy.length > 0) sql += ' ORDER BY ' + s.orderBy.join(', ');
  if (s.limit !== undefined) sql += ` LIMIT ${s.limit}`;
  if (s.offset !== undefined) sql += ` OFFSET ${s.offset}`;
  if (s.suffixes.length > 0) sql += ' ' + joinClauses(s.suffixes, ' ', args);
  return sql;
}

function joinClauses(cs: Clause[], sep: string, args: LuaValue[]): string {
  return cs.map((c) => { args.push(...c.args); return c.sql; }).join(sep);
}

abstract class Base<S extends object> implements Sqlizer {
  constructor(protected s: S & { format: Format; suffixes: Clause[] }) {}
  protected abstract make(s: S & { format: Format; suffixes: Clause[] }): this;
  /** A copy with `patch` applied: builders never change in place. */
  with(patch: Partial<S & { format: Format; suffixes: Clause[] }>): this {
    return this.make({ ...this.s, ...patch });
  }
  abstract build(): [string, LuaValue[]];
  toSql(): [string, LuaValue[]] {
    const [sql, args] = this.build();
    return [sql, args];
  }
  /** The text with this builder's placeholder format, for running or `to_sql()`. */
  final(): [string, LuaValue[]] {
    const [sql, args] = this.build();
    return [applyFormat(sql, this.s.format), args];
  }
  get format(): Format {
    return this.s.format;
  }
  get state(): S & { format: Format; suffixes: Clause[] } {
    return this.s;
  }
}

export interface SelectState {
  columns: string[];
  distinct: boolean;
  from?: Clause;
  joins: Clause[];
  wheres: Sqlizer[];
  groupBy: string[];
  havings: Sqlizer[];
  orderBy: string[];
  limit?: number;
  offset?: number;
}

function whereSql(ws: Sqlizer[], args: LuaValue[]): string {
  const parts = ws.map((w) => { const [s, a] = w.toSql(); args.push(...a); return s; });
  return parts.join(' AND ');
}

export class SelectBuilder extends Base<SelectState> {
  static create(cols: string[]): SelectBuilder {
    return new SelectBuilder({ columns: cols, distinct: false, joins: [], wheres: [], groupBy: [], havings: [], orderBy: [], format: 'question', suffixes: [] });
  }
  protected make(s: SelectBuilder['s']): this {
    return new SelectBuilder(s) as this;
  }
  build(): [string, LuaValue[]] {
    const s = this.s;
    if (s.columns.length === 0) invalid('select statements must have at least one result column');
    const args: LuaValue[] = [];
    let sql = `SELECT ${s.distinct ? 'DISTINCT ' : ''}${s.columns.join(', ')}`;
    if (s.from !== undefined) sql += ` FROM ${s.from.sql}`, args.push(...s.from.args);
    if (s.joins.length > 0) sql += ' ' + joinClauses(s.joins, ' ', args);
    if (s.wheres.length > 0) sql += ' WHERE ' + whereSql(s.wheres, args);
    if (s.groupBy.length > 0) sql += ' GROUP BY ' + s.groupBy.join(', ');
    if (s.havings.length > 0) sql += ' HAVING ' + whereSql(s.havings, args);
    return [sql + tailSql(s, args), args];
  }
}

export interface InsertState {
  table?: string;
  options: string[];
  columns: string[];
  rows: LuaValue[][];
  select?: SelectBuilder;
  prefixes: Clause[];
}

/** A value in VALUES/SET: a Sqlizer is inlined as SQL, anything else is a bind. */
function valueSql(v: LuaValue, args: LuaValue[], sqlizerOf: (v: LuaValue) => Sqlizer | undefined): string {
  const z = sqlizerOf(v);
  if (z !== undefined) {
    const [s, a] = z.toSql();
    args.push(...a);
    return s;
  }
  args.push(v);
  return '?';
}

export let sqlizerOf: (v: LuaValue) => Sqlizer | undefined = () => undefined;
export function setSqlizerOf(f: (v: LuaValue) => Sqlizer | undefined): void {
  sqlizerOf = f;
}

export class InsertBuilder extends Base<InsertState> {
  static create(table?: string): InsertBuilder {
    return new InsertBuilder({ table, options: [], columns: [], rows: [], prefixes: [], format: 'question', suffixes: [] });
  }
  protected make(s: InsertBuilder['s']): this {
    return new InsertBuilder(s) as this;
  }
  build(): [string, LuaValue[]] {
    const s = this.s;
    if (s.table === undefined || s.table === '') invalid('insert statements must specify a table');
    if (s.rows.length === 0 && s.select === undefined) invalid('insert statements must have at least one set of values or select clause');
    const args: LuaValue[] = [];
    let sql = '';
    if (s.prefixes.length > 0) sql += joinClauses(s.prefixes, ' ', args) + ' ';
    sql += `INSERT ${s.options.length > 0 ? s.options.join(' ') + ' ' : ''}INTO ${s.table}`;
    if (s.columns.length > 0) sql += ` (${s.columns.join(',')})`;
    if (s.select !== undefined) {
      const [q, a] = s.select.toSql();
      sql += ' ' + q;
      args.push(...a);
    } else {
      const rows = s.rows.map((r) => {
        if (s.columns.length > 0 && r.length !== s.columns.length) invalid(`insert: ${r.length} values for ${s.columns.length} columns`);
        return `(${r.map((v) => valueSql(v, args, sqlizerOf)).join(',')})`;
      });
      sql += ` VALUES ${rows.join(',')}`;
    }
    if (s.suffixes.length > 0) sql += ' ' + joinClauses(s.suffixes, ' ', args);
    return [sql, args];
  }
}

export interface UpdateState {
  table?: string;
  sets: [string, LuaValue][];
  from?: Clause;
  wheres: Sqlizer[];
  orderBy: string[];
  limit?: number;
  offset?: number;
}

export class UpdateBuilder extends Base<UpdateState> {
  static create(table?: string): UpdateBuilder {
    return new UpdateBuilder({ table, sets: [], wheres: [], orderBy: [], format: 'question', suffixes: [] });
  }
  protected make(s: UpdateBuilder['s']): this {
    return new UpdateBuilder(s) as this;
  }
  build(): [string, LuaValue[]] {
    const s = this.s;
    if (s.table === undefined || s.table === '') invalid('update statements must specify a table');
    if (s.sets.length === 0) invalid('update statements must have at least one Set clause');
    const args: LuaValue[] = [];
    let sql = `UPDATE ${s.table} SET ` + s.sets.map(([c, v]) => `${c} = ${valueSql(v, args, sqlizerOf)}`).join(', ');
    if (s.from !== undefined) sql += ` FROM ${s.from.sql}`, args.push(...s.from.args);
    if (s.wheres.length > 0) sql += ' WHERE ' + whereSql(s.wheres, args);
    return [sql + tailSql(s, args), args];
  }
}

export interface DeleteState {
  table?: string;
  wheres: Sqlizer[];
  orderBy: string[];
  limit?: number;
  offset?: number;
}

export class DeleteBuilder extends Base<DeleteState> {
  static create(table?: string): DeleteBuilder {
    return new DeleteBuilder({ table, wheres: [], orderBy: [], format: 'question', suffixes: [] });
  }
  protected make(s: DeleteBuilder['s']): this {
    return new DeleteBuilder(s) as this;
  }
  build(): [string, LuaValue[]] {
    const s = this.s;
    if (s.table === undefined || s.table === '') invalid('delete statements must specify a table');
    const args: LuaValue[] = [];
    let sql = `DELETE FROM ${s.table}`;
    if (s.wheres.length > 0) sql += ' WHERE ' + whereSql(s.wheres, args);
    return [sql + tailSql(s, args), args];
  }
}

export type AnyBuilder = SelectBuilder | InsertBuilder | UpdateBuilder | DeleteBuilder;
