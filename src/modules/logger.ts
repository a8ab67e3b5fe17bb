// The `logger` module: `logger:info(msg, fields)`, `:with(fields)`, `:named(name)`.
// Records go to the runtime log with the calling process's pid and entry.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, EMPTY, type LuaValue } from '../lua/runtime/types.js';
import { tostring } from '../lua/runtime/ops.js';
import { rtError } from '../lua/runtime/errors.js';
import { bytesToText } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import type { Log, Level } from '../system/log.js';
import type { Node } from '../kernel/process.js';
import { isLuaErrorValue } from './errors.js';

interface LoggerState {
  fields: Record<string, unknown>;
  name?: string;
}

/** Lua value -> plain JSON-able data for a log record (tables become objects/arrays). */
export function toPlain(v: LuaValue, depth = 0): unknown {
  switch (typeof v) {
    case 'string': return bytesToText(v);
    case 'number':
    case 'boolean': return v;
    case 'undefined': return null;
  }
  if (v instanceof LuaTable) {
    if (depth > 8) return '...';
    if (v.hashSize() === 0) return v.arr.map((x) => toPlain(x, depth + 1));
    // no prototype: a Lua key "__proto__" is an own property like any other
    const o: Record<string, unknown> = Object.create(null);
    v.arr.forEach((x, i) => { o[String(i + 1)] = toPlain(x, depth + 1); });
    v.forEachHash((k, x) => {
      if (typeof k === 'string' || typeof k === 'number') o[String(k)] = toPlain(x, depth + 1);
    });
    return o;
  }
  if (isLuaErrorValue(v)) return bytesToText(tostring(v));
  return bytesToText(tostring(v));
}

export function createLoggerModule(log: Log, node: Node): LuaTable {
  const meta = new LuaTable();
  const make = (st: LoggerState): Userdata => new Userdata(st, meta);
  const state = (self: LuaValue): LoggerState => {
    if (self instanceof Userdata && self.mt === meta) return self.data;
    return rtError('logger methods are called with a colon: logger:info(...)');
  };
  const emit = (level: Level) => (self: LuaValue, msg: LuaValue, fields?: LuaValue) => {
    const st = state(self);
    const rec: Record<string, unknown> = { ...st.fields };
    if (fields instanceof LuaTable) Object.assign(rec, toPlain(fields) as object);
    const p = node.current;
    if (p !== undefined) { rec.pid = p.pid; rec.entry = p.ctx.entry; }
    if (st.name !== undefined) rec.logger = st.name;
    log.log(level, bytesToText(tostring(msg)), rec);
    return EMPTY;
  };
  const methods = makeLib({
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    with: (self: LuaValue, fields: LuaValue) => {
      const st = state(self);
      return make({ ...st, fields: { ...st.fields, ...(fields instanceof LuaTable ? toPlain(fields) as object : {}) } });
    },
    named: (self: LuaValue, name: LuaValue) => {
      if (typeof name !== 'string' || name === '') return rtError('logger:named needs a non-empty name');
      const st = state(self);
      return make({ ...st, name: st.name ? `${st.name}.${name}` : name });
    },
  });
  meta.setStr('__index', methods);
  meta.setStr('__name', 'logger');
  meta.frozen = true;
  return make({ fields: {} }) as unknown as LuaTable;
}
