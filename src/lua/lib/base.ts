// The base library: the global functions of Lua (print, pairs, pcall, load, ...).

import { BudgetExceeded, LuaError, positioned, rtError, toLuaError } from '../runtime/errors.js';
import { luaNext, ipairsIter, pairsNext } from '../runtime/helpers.js';
import * as ops from '../runtime/ops.js';
import { LuaTable } from '../runtime/table.js';
import { EMPTY, type LuaFunction, type LuaGen, type LuaValue } from '../runtime/types.js';
import { str2number, str2numberBase, type } from '../runtime/values.js';
import { argError, checkAny, checkInt, checkTable, optInt, typeError } from './args.js';

export interface BaseOptions {
  /** where `print` writes one line (a byte string, without the newline) */
  print: (line: string) => void;
  /** `print` separator: a tab like `lua`, a space in Wippy processes */
  printSep: string;
  /** compile a chunk for `load` (injected to keep the library independent of the compiler) */
  load: (source: string, chunkname: string, env: LuaTable) => LuaFunction;
}

export function createBase(G: LuaTable, opts: BaseOptions): void {
  const set = (name: string, f: LuaFunction | LuaValue) => {
    if (typeof f === 'function' && f.$name === undefined) f.$name = name;
    G.setStr(name, f);
  };

  set('print', (...args: LuaValue[]) => {
    let line = '';
    for (let i = 0; i < args.length; i++) {
      if (i > 0) line += opts.printSep;
      line += ops.tostring(args[i]);
    }
    opts.print(line);
    return EMPTY;
  });

  set('type', (...args: LuaValue[]) => type(checkAny(args, 0, 'type')));

  set('tostring', (...args: LuaValue[]) => ops.tostring(checkAny(args, 0, 'tostring')));

  set('tonumber', (...args: LuaValue[]) => {
    const v = args[0];
    const base = args[1];
    if (base === undefined) {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') return str2number(v);
      checkAny(args, 0, 'tonumber');
      return undefined;
    }
    const b = checkInt(args, 1, 'tonumber');
    if (b < 2 || b > 36) argError(2, 'tonumber', 'base out of range');
    if (b === 10) {
      // Lua 5.1: base 10 is the standard conversion
      checkAny(args, 0, 'tonumber');
      return typeof v === 'number' ? v : typeof v === 'string' ? str2number(v) : undefined;
    }
    const s = typeof v === 'string' ? v : typeError(1, 'tonumber', 'string', v);
    // like C's strtoul, base 16 accepts a 0x prefix
    return str2numberBase(b === 16 ? s.trim().replace(/^(-?)0[xX]/, '$1') : s, b);
  });

  set('next', luaNext);

  const pairs: LuaFunction = (...args: LuaValue[]) => {
    const t = args[0];
    const h = ops.metaOf(t, '__pairs');
    if (h !== undefined) {
      const r = ops.call(h, t);
      return [r[0], r[1], r[2]];
    }
    checkTable(args, 0, 'pairs');
    return [pairsNext, t, undefined];
  };
  // inside a coroutine a __pairs metamethod may yield (Lua 5.4 calls it with lua_callk)
  pairs.$g = function* (...args: LuaValue[]): LuaGen {
    const t = args[0];
    const h = ops.metaOf(t, '__pairs');
    if (h === undefined) return pairs(...args);
    const r = (yield* ops.callG(h, [t])) as LuaValue[];
    return [r[0], r[1], r[2]];
  };
  set('pairs', pairs);

  set('ipairs', (...args: LuaValue[]) => {
    checkTable(args, 0, 'ipairs');
    return [ipairsIter, args[0], 0];
  });

  set('select', (...all: LuaValue[]) => {
    const n = all[0];
    const rest = all.slice(1);
    if (n === '#') return rest.length;
    const i = checkInt(all, 0, 'select');
    if (i < 0) {
      if (-i > rest.length) argError(1, 'select', 'index out of range');
      return rest.slice(rest.length + i);
    }
    if (i === 0) argError(1, 'select', 'index out of range');
    return rest.slice(i - 1);
  });

  set('rawget', (...args: LuaValue[]) => checkTable(args, 0, 'rawget').get(args[1]));
  set('rawset', (...args: LuaValue[]) => {
    const t = checkTable(args, 0, 'rawset');
    ops.rawset(t, args[1], args[2]);
    return t;
  });
  set('rawequal', (a: LuaValue, b: LuaValue) => a === b);
  set('rawlen', (...args: LuaValue[]) => {
    const v = args[0];
    if (v instanceof LuaTable) return v.length();
    if (typeof v === 'string') return v.length;
    return typeError(1, 'rawlen', 'table or string', v, args.length > 0);
  });

  set('setmetatable', (...args: LuaValue[]) => {
    const t = checkTable(args, 0, 'setmetatable');
    const mt = args[1];
    if (mt !== undefined && !(mt instanceof LuaTable)) typeError(2, 'setmetatable', 'nil or table', mt, args.length > 1);
    if (t.mt !== undefined && t.mt.getStr('__metatable') !== undefined) rtError('cannot change a protected metatable');
    if (t.frozen) rtError('attempt to modify a read-only table');
    t.mt = mt;
    return t;
  });

  set('getmetatable', (...args: LuaValue[]) => {
    const mt = ops.getmetatable(checkAny(args, 0, 'getmetatable'));
    if (mt === undefined) return undefined;
    const protectedMt = mt.getStr('__metatable');
    return protectedMt !== undefined ? protectedMt : mt;
  });

  set('assert', (...args: LuaValue[]) => {
    const v = args[0];
    if (v !== undefined && v !== false) return args;
    if (args.length === 0) checkAny(args, 0, 'assert');
    if (args.length < 2) throw positioned('assertion failed!', 1);
    // a string message gets the caller's position (Lua 5.1 and the reference do this);
    // any other value (an Error object) is raised unchanged, as Lua 5.4 does
    if (typeof args[1] === 'string') throw positioned(args[1], 1);
    throw new LuaError(args[1]);
  });

  set('error', (v: LuaValue, level?: LuaValue) => {
    const lv = level === undefined ? 1 : typeof level === 'number' ? level : 1;
    ops.raise(v, lv);
  });

  set('pcall', makePcall());
  set('xpcall', makeXpcall());

  set('unpack', unpack);

  const load = (...args: LuaValue[]) => {
    const chunk = args[0];
    let src: string;
    if (typeof chunk === 'string') {
      src = chunk;
    } else if (typeof chunk === 'function') {
      src = '';
      for (;;) {
        const piece = ops.call1(chunk);
        if (piece === undefined || piece === '') break;
        if (typeof piece !== 'string') return [undefined, 'reader function must return a string'];
        src += piece;
      }
    } else {
      return typeError(1, 'load', 'string', chunk, args.length > 0);
    }
    const name = typeof args[1] === 'string' ? args[1] : typeof chunk === 'string' ? chunk : '=(load)';
    const mode = typeof args[2] === 'string' ? args[2] : 'bt';
    if (src.charCodeAt(0) === 27) {
      return [undefined, `attempt to load a binary chunk (mode is '${mode}')`];
    }
    if (!mode.includes('t')) return [undefined, `attempt to load a text chunk (mode is '${mode}')`];
    const env = args.length > 3 ? args[3] : G;
    try {
      // the compiler skips a first line starting with '#' (a shebang, for files); `load`
      // must not (Lua only does it in loadfile): a leading space keeps the '#' a token
      return opts.load(src.charCodeAt(0) === 35 ? ' ' + src : src, chunkid(name), env);
    } catch (e) {
      if (e instanceof Error && 'line' in e) return [undefined, e.message];
      return [undefined, toLuaError(e).value];
    }
  };
  set('load', load);
  set('loadstring', (...args: LuaValue[]) => load(args[0], args[1]));

  set('collectgarbage', (opt?: LuaValue) => {
    if (opt === 'count') {
      const kb = process.memoryUsage().heapUsed / 1024;
      return [kb, 0];
    }
    return 0;
  });

  G.setStr('_G', G);
  G.setStr('_VERSION', 'Lua 5.3 - Wippy Modification');
}

/** Lua's display name for a chunk: `=name` -> name, `@file` -> file, else [string "..."]. */
export function chunkid(source: string): string {
  if (source.startsWith('=')) return source.slice(1, 60);
  // a long file name keeps its last part, as Lua 5.1's luaO_chunkid does (LUA_IDSIZE 60)
  if (source.startsWith('@')) return source.length - 1 > 52 ? '...' + source.slice(-52) : source.slice(1);
  const nl = source.indexOf('\n');
  const max = 43;
  let len = nl >= 0 ? nl : source.length;
  let truncated = nl >= 0;
  if (len > max) { len = max; truncated = true; }
  return `[string "${source.slice(0, len)}${truncated ? '...' : ''}"]`;
}

export function unpack(...args: LuaValue[]): LuaValue {
  const t = checkTable(args, 0, 'unpack');
  const i = optInt(args, 1, 'unpack', 1);
  const j = args[2] === undefined ? t.length() : checkInt(args, 2, 'unpack');
  if (i > j) return EMPTY;
  const n = j - i + 1;
  if (n >= 1e7 || !Number.isFinite(n)) return rtError('too many results to unpack');
  const out = new Array(n);
  if (t.mt === undefined && i >= 1 && j <= t.arr.length) {
    for (let k = 0; k < n; k++) out[k] = t.arr[i - 1 + k];
  } else {
    for (let k = 0; k < n; k++) out[k] = t.get(i + k);
  }
  return out;
}

// ---- protected calls -------------------------------------------------------------------

/**
 * Protected calls nested in plain code right now. Lua counts such C-level calls and raises
 * "C stack overflow" past LUAI_MAXCCALLS (200): a recursion through pcall ends there, long
 * before the JS stack runs out. Without the limit it ran ~50x deeper, and every level's
 * failure captured a stack: an `xpcall(loop, loop)` whose handler recurses the same way
 * (retried once per handler error) did not finish. Generator versions are not counted: they
 * can suspend, and a count held by a suspended coroutine would leak into others.
 */
let protectedDepth = 0;
/** the deepest protectedDepth reached since the innermost running xpcall began */
let peakDepth = 0;
const MAX_PROTECTED_DEPTH = 200;

function enterProtected(): void {
  if (protectedDepth >= MAX_PROTECTED_DEPTH) throw positioned('C stack overflow', 1, 1);
  if (++protectedDepth > peakDepth) peakDepth = protectedDepth;
}

function makePcall(): LuaFunction {
  const pcall: LuaFunction = (...args: LuaValue[]) => {
    if (args.length === 0) throw positioned("bad argument #1 to 'pcall' (value expected)", 1, 1);
    enterProtected();
    try {
      const f = ops.callable(args[0], undefined);
      const r = ops.all(f(...args.slice(1)));
      return [true, ...r];
    } catch (e) {
      return [false, catchable(e).value];
    } finally {
      protectedDepth--;
    }
  };
  pcall.$g = function* (...args: LuaValue[]): LuaGen {
    if (args.length === 0) throw positioned("bad argument #1 to 'pcall' (value expected)", 1, 1);
    try {
      const r = yield* ops.callG(args[0], args.slice(1));
      return [true, ...(r as LuaValue[])];
    } catch (e) {
      return [false, catchable(e).value];
    }
  };
  return pcall;
}

function makeXpcall(): LuaFunction {
  const handle = (h: LuaValue, e: unknown, errorDepth: number): LuaValue[] => {
    let err = catchable(e);
    // An error raised by the message handler is handled by the handler again (Lua 5.1 and
    // 5.4 alike), so a handler that keeps failing ends, once the C stack (LUAI_MAXCCALLS)
    // runs out, in "error in error handling". Lua runs the handler where the error was
    // raised: it gets only the protected-call depth left there (the deepest this xpcall
    // reached), and each retry nests one level deeper.
    const saved = protectedDepth;
    protectedDepth = Math.max(protectedDepth, errorDepth);
    try {
      for (;;) {
        if (protectedDepth >= MAX_PROTECTED_DEPTH) return [false, 'error in error handling'];
        try {
          return [false, ops.call1(h, err.value)];
        } catch (e2) {
          err = catchable(e2);
        }
        protectedDepth++;
      }
    } finally {
      protectedDepth = saved;
    }
  };
  const xpcall: LuaFunction = (...args: LuaValue[]) => {
    const h = args[1];
    enterProtected();
    const outerPeak = peakDepth;
    peakDepth = protectedDepth;
    try {
      const f = ops.callable(args[0], undefined);
      return [true, ...ops.all(f(...args.slice(2)))];
    } catch (e) {
      return handle(h, e, peakDepth);
    } finally {
      protectedDepth--;
      peakDepth = Math.max(outerPeak, peakDepth);
    }
  };
  xpcall.$g = function* (...args: LuaValue[]): LuaGen {
    const h = args[1];
    try {
      const r = yield* ops.callG(args[0], args.slice(2));
      return [true, ...(r as LuaValue[])];
    } catch (e) {
      return handle(h, e, protectedDepth);
    }
  };
  return xpcall;
}

/** Errors pcall may catch; a host's kill signal (Uncatchable) passes through. */
export class Uncatchable {
  constructor(public reason: string) {}
}

function catchable(e: unknown): LuaError {
  if (e instanceof Uncatchable || e instanceof BudgetExceeded) throw e;
  return toLuaError(e);
}
