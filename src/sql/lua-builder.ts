// `sql.builder` for Lua: builder objects as userdata over the immutable builders of
// builder.ts. Conditions accept a string with binds, a map (equality) or a Sqlizer
// (an expr, eq/lt/..., and_/or_, or a select builder as a subquery).

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaResult, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText, numberToString } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import { KIND } from '../modules/errors.js';
import { hostFn, type Maybe } from './lua-async.js';
import { SqlError, type Conn, type DbType } from './types.js';
import { TypedBind } from './values.js';
import {
  DeleteBuilder, Expr, InsertBuilder, Junction, MapCond, SelectBuilder, UpdateBuilder,
  setNullTest, setSqlizerOf, type AnyBuilder, type Format, type Sqlizer,
} from './builder.js';

export type Runner = (target: LuaValue) => { conn: () => Conn; type: () => DbType };
type Exec = (r: ReturnType<Runner>, sql: string, args: LuaValue[], mode: 'query' | 'execute') => Maybe<LuaResult>;

function invalid(msg: string): never {
  throw new SqlError(KIND.INVALID, msg);
}

const sqlizerMeta = new LuaTable();
sqlizerMeta.setStr('__name', 'sql.Sqlizer');

const FORMATS = new Set<Format>(['question', 'dollar', 'at', 'colon']);

function text(v: LuaValue, what: string): string {
  if (typeof v === 'string') return bytesToText(v);
  if (typeof v === 'number') return numberToString(v);
  return invalid(`${what} must be a string`);
}

function texts(vs: LuaValue[], what: string): string[] {
  const out: string[] = [];
  for (const v of vs) {
    // select({"a", "b"}) and select("a", "b") both work
    if (v instanceof LuaTable) for (const x of v.arr) out.push(text(x, what));
    else out.push(text(v, what));
  }
  return out;
}

function int(v: LuaValue, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return invalid(`${what} must be a non-negative number`);
  return Math.trunc(v);
}

export function createBuilderModule(runner: Runner, exec: Exec): LuaTable {
  const metas = new Map<string, LuaTable>();

  const wrap = (b: AnyBuilder | Sqlizer): Userdata => {
    if (b instanceof SelectBuilder) return new Userdata(b, metas.get('select')!);
    if (b instanceof InsertBuilder) return new Userdata(b, metas.get('insert')!);
    if (b instanceof UpdateBuilder) return new Userdata(b, metas.get('update')!);
    if (b instanceof DeleteBuilder) return new Userdata(b, metas.get('delete')!);
    return new Userdata(b, sqlizerMeta);
  };

  const sqlizerOf = (v: LuaValue): Sqlizer | undefined => {
    if (v instanceof Userdata && (v.data instanceof Expr || v.data instanceof MapCond || v.data instanceof Junction || v.data instanceof SelectBuilder)) {
      return v.data as Sqlizer;
    }
    return undefined;
  };
  setSqlizerOf(sqlizerOf);
  setNullTest((v) => v === undefined || (v instanceof Userdata && v.data instanceof TypedBind && v.data.type === 'null'));

  /** where/having: (string, args...), (map), or (sqlizer). */
  const condition = (args: LuaValue[]): Sqlizer => {
    const [c, ...rest] = args;
    if (typeof c === 'string') return new Expr(bytesToText(c), rest);
    const z = sqlizerOf(c);
    if (z !== undefined) return z;
    if (c instanceof LuaTable) return new MapCond('=', c);
    return invalid('where needs a string, a map of column = value, or a condition');
  };

  const self = <B>(u: LuaValue, cls: new (...a: never[]) => B): B => {
    if (u instanceof Userdata && u.data instanceof cls) return u.data;
    return invalid('builder method called without its builder (use b:method(...))');
  };

  /** Methods every statement builder has. */
  const common = <B extends AnyBuilder>(cls: new (...a: never[]) => B): Record<string, LuaFunction> => ({
    placeholder_format: (u, f) => {
      const fmt = typeof f === 'string' ? f : (f instanceof Userdata ? f.data : undefined);
      if (!FORMATS.has(fmt as Format)) return invalid(`unknown placeholder format ${String(fmt)}`);
      return wrap(self(u, cls).with({ format: fmt as Format } as never));
    },
    suffix: (u, s, ...args) => {
      const b = self(u, cls);
      return wrap(b.with({ suffixes: [...b.state.suffixes, { sql: text(s, 'suffix'), args }] } as never));
    },
    to_sql: hostFn('to_sql', (u) => {
      const [sql, args] = self(u, cls).final();
      return [sql, new LuaTable(args.slice())];
    }),
    run_with: (u, target) => {
      const b = self(u, cls);
      const r = runner(target);
      const [sql, args] = b.final();
      return makeLib({
        query: hostFn('query', () => exec(r, sql, args, 'query')),
        exec: hostFn('exec', () => exec(r, sql, args, 'execute')),
        to_sql: () => [sql, new LuaTable(args.slice())],
      });
    },
  });

  const guardAll = (fns: Record<string, LuaFunction>): LuaTable => {
    // builder misuse raises INVALID as `nil, err` like the rest of the module
    const t = new LuaTable();
    for (const [k, f] of Object.entries(fns)) t.setStr(k, f.$g !== undefined ? f : hostFn(k, f));
    return t;
  };

  const where = <B extends SelectBuilder | UpdateBuilder | DeleteBuilder>(cls: new (...a: never[]) => B, field: 'wheres' | 'havings') =>
    (u: LuaValue, ...args: LuaValue[]) => {
      const b = self(u, cls);
      const list = (b.state as unknown as Record<string, Sqlizer[]>)[field];
      return wrap(b.with({ [field]: [...list, condition(args)] } as never));
    };

  const orderBy = <B extends SelectBuilder | UpdateBuilder | DeleteBuilder>(cls: new (...a: never[]) => B) =>
    (u: LuaValue, ...cols: LuaValue[]) => { const b = self(u, cls); return wrap(b.with({ orderBy: [...b.state.orderBy, ...texts(cols, 'order_by')] } as never)); };
  const limit = <B extends SelectBuilder | UpdateBuilder | DeleteBuilder>(cls: new (...a: never[]) => B) =>
    (u: LuaValue, n: LuaValue) => wrap(self(u, cls).with({ limit: int(n, 'limit') } as never));
  const offset = <B extends SelectBuilder | UpdateBuilder | DeleteBuilder>(cls: new (...a: never[]) => B) =>
    (u: LuaValue, n: LuaValue) => wrap(self(u, cls).with({ offset: int(n, 'offset') } as never));

  const join = (kw: string) => (u: LuaValue, clause: LuaValue, ...args: LuaValue[]) => {
    const b = self(u, SelectBuilder);
    return wrap(b.with({ joins: [...b.state.joins, { sql: `${kw} ${text(clause, 'join')}`, args }] }));
  };

  const selectMeta = new LuaTable();
  selectMeta.setStr('__name', 'sql.SelectBuilder');
  selectMeta.setStr('__index', guardAll({
    ...common(SelectBuilder),
    from: (u, t, ...args) => {
      const z = sqlizerOf(t);
      if (z !== undefined) { const [s, a] = z.toSql(); return wrap(self(u, SelectBuilder).with({ from: { sql: `(${s})`, args: a } })); }
      return wrap(self(u, SelectBuilder).with({ from: { sql: text(t, 'from'), args } }));
    },
    join: join('JOIN'),
    left_join: join('LEFT JOIN'),
    right_join: join('RIGHT JOIN'),
    inner_join: join('INNER JOIN'),
    cross_join: join('CROSS JOIN'),
    where: where(SelectBuilder, 'wheres'),
    having: where(SelectBuilder, 'havings'),
    order_by: orderBy(SelectBuilder),
    group_by: (u, ...cols) => { const b = self(u, SelectBuilder); return wrap(b.with({ groupBy: [...b.state.groupBy, ...texts(cols, 'group_by')] })); },
    limit: limit(SelectBuilder),
    offset: offset(SelectBuilder),
    columns: (u, ...cols) => { const b = self(u, SelectBuilder); return wrap(b.with({ columns: [...b.state.columns, ...texts(cols, 'columns')] })); },
    distinct: (u) => wrap(self(u, SelectBuilder).with({ distinct: true })),
  }));
  metas.set('select', selectMeta);

  const insertMeta = new LuaTable();
  insertMeta.setStr('__name', 'sql.InsertBuilder');
  insertMeta.setStr('__index', guardAll({
    ...common(InsertBuilder),
    into: (u, t) => wrap(self(u, InsertBuilder).with({ table: text(t, 'into') })),
    columns: (u, ...cols) => { const b = self(u, InsertBuilder); return wrap(b.with({ columns: [...b.state.columns, ...texts(cols, 'columns')] })); },
    values: (u, ...vs) => { const b = self(u, InsertBuilder); return wrap(b.with({ rows: [...b.state.rows, vs] })); },
    set_map: (u, m) => {
      if (!(m instanceof LuaTable)) return invalid('set_map needs a table');
      const b = self(u, InsertBuilder);
      const entries = mapPairs(m);
      return wrap(b.with({ columns: entries.map((e) => e[0]), rows: [entries.map((e) => e[1])] }));
    },
    select: (u, s) => {
      if (!(s instanceof Userdata && s.data instanceof SelectBuilder)) return invalid('select needs a select builder');
      return wrap(self(u, InsertBuilder).with({ select: s.data }));
    },
    prefix: (u, s, ...args) => { const b = self(u, InsertBuilder); return wrap(b.with({ prefixes: [...b.state.prefixes, { sql: text(s, 'prefix'), args }] })); },
    options: (u, ...opts) => { const b = self(u, InsertBuilder); return wrap(b.with({ options: [...b.state.options, ...texts(opts, 'options')] })); },
  }));
  metas.set('insert', insertMeta);

  const updateMeta = new LuaTable();
  updateMeta.setStr('__name', 'sql.UpdateBuilder');
  updateMeta.setStr('__index', guardAll({
    ...common(UpdateBuilder),
    table: (u, t) => wrap(self(u, UpdateBuilder).with({ table: text(t, 'table') })),
    set: (u, c, v) => { const b = self(u, UpdateBuilder); return wrap(b.with({ sets: [...b.state.sets, [text(c, 'column'), v]] })); },
    set_map: (u, m) => {
      if (!(m instanceof LuaTable)) return invalid('set_map needs a table');
      const b = self(u, UpdateBuilder);
      return wrap(b.with({ sets: [...b.state.sets, ...mapPairs(m)] }));
    },
    where: where(UpdateBuilder, 'wheres'),
    order_by: orderBy(UpdateBuilder),
    limit: limit(UpdateBuilder),
    offset: offset(UpdateBuilder),
    from: (u, t) => wrap(self(u, UpdateBuilder).with({ from: { sql: text(t, 'from'), args: [] } })),
    from_select: (u, s, alias) => {
      if (!(s instanceof Userdata && s.data instanceof SelectBuilder)) return invalid('from_select needs a select builder');
      const [q, a] = s.data.toSql();
      return wrap(self(u, UpdateBuilder).with({ from: { sql: `(${q}) AS ${text(alias, 'alias')}`, args: a } }));
    },
  }));
  metas.set('update', updateMeta);

  const deleteMeta = new LuaTable();
  deleteMeta.setStr('__name', 'sql.DeleteBuilder');
  deleteMeta.setStr('__index', guardAll({
    ...common(DeleteBuilder),
    from: (u, t) => wrap(self(u, DeleteBuilder).with({ table: text(t, 'from') })),
    where: where(DeleteBuilder, 'wheres'),
    order_by: orderBy(DeleteBuilder),
    limit: limit(DeleteBuilder),
    offset: offset(DeleteBuilder),
  }));
  metas.set('delete', deleteMeta);

  const cond = (op: ConstructorParameters<typeof MapCond>[0]) => hostFn(op, (m) => {
    if (!(m instanceof LuaTable)) return invalid('condition needs a table of column = value');
    return wrap(new MapCond(op, m));
  });
  const junction = (op: 'AND' | 'OR') => hostFn(op.toLowerCase() + '_', (list) => {
    if (!(list instanceof LuaTable)) return invalid('and_/or_ need a list of conditions');
    return wrap(new Junction(op, list.arr.map((c) => sqlizerOf(c) ?? (c instanceof LuaTable ? new MapCond('=', c) : invalid('and_/or_ items must be conditions or maps')))));
  });

  const mod = makeLib({
    select: hostFn('select', (...cols) => wrap(SelectBuilder.create(texts(cols, 'column')))),
    insert: hostFn('insert', (t) => wrap(InsertBuilder.create(t === undefined ? undefined : text(t, 'table')))),
    update: hostFn('update', (t) => wrap(UpdateBuilder.create(t === undefined ? undefined : text(t, 'table')))),
    delete: hostFn('delete', (t) => wrap(DeleteBuilder.create(t === undefined ? undefined : text(t, 'table')))),
    expr: hostFn('expr', (s, ...args) => wrap(new Expr(text(s, 'expr'), args))),
    eq: cond('='), not_eq: cond('<>'), lt: cond('<'), lte: cond('<='), gt: cond('>'), gte: cond('>='),
    like: cond('LIKE'), not_like: cond('NOT LIKE'),
    and_: junction('AND'), or_: junction('OR'),
    question: 'question', default_placeholder: 'question', dollar: 'dollar', at: 'at', colon: 'colon',
  });
  mod.frozen = true;
  return mod;
}

function mapPairs(m: LuaTable): [string, LuaValue][] {
  const out: [string, LuaValue][] = [];
  let k: LuaValue = undefined;
  for (;;) {
    const n = m.next(k);
    if (n === undefined) break;
    k = n[0];
    if (typeof k !== 'string') return invalid('set_map keys must be column names');
    out.push([bytesToText(k), n[1]]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
