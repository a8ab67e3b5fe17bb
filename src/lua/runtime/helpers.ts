// The runtime object handed to compiled chunks: every name compiled code may use.
// Fast paths live here as small functions that V8 inlines at the call sites.

import { LuaTable } from './table.js';
import { TailCall, EMPTY, Userdata, type LuaFunction, type LuaGen, type LuaValue } from './types.js';
import * as ops from './ops.js';
import { LuaError, rtError, siteDesc, toLuaError } from './errors.js';
import { coState, HostSignal, luaYield } from './coroutine.js';
import { str2number, type } from './values.js';

/** The `next` builtin. Its identity lets compiled `for k, v in pairs(t)` loops skip the call. */
export const luaNext: LuaFunction = (t: LuaValue, k?: LuaValue) => {
  if (!(t instanceof LuaTable)) {
    return rtError(`bad argument #1 to 'next' (table expected, got ${t === undefined ? 'no value' : typeof t === 'object' ? 'userdata' : typeof t})`);
  }
  let e: [LuaValue, LuaValue] | undefined;
  try {
    e = t.next(k);
  } catch (err) {
    return rtError("invalid key to 'next'");
  }
  return e === undefined ? undefined : [e[0], e[1]];
};
luaNext.$name = 'next';

/** The iterator ipairs returns (same identity trick as `luaNext`). */
export const ipairsIter: LuaFunction = (t: LuaValue, i: number) => {
  const n = i + 1;
  const v = t instanceof LuaTable && t.mt === undefined ? t.getInt(n) : ops.index(t, n);
  return v === undefined ? EMPTY : [n, v];
};

/** What `pairs` returns: `next` under another identity, as in Lua 5.1 (`pairs({}) ~= next`). */
export const pairsNext: LuaFunction = (t: LuaValue, k?: LuaValue) => luaNext(t, k);
pairsNext.$name = 'next';

/**
 * A function compiled only as a generator (it defines functions: see codegen). Its plain
 * version runs the generator to the end; a suspension cannot happen there ($C.y is false,
 * so it calls plain functions), and a budget preemption is answered like plain code.
 */
function fnG(gen: NonNullable<LuaFunction['$g']>): LuaFunction {
  const plain: LuaFunction = (...args: LuaValue[]) => {
    const savedY = coState.y;
    coState.y = false;
    try {
      const it = gen(...args);
      let r = it.next();
      while (!r.done) {
        const sig = r.value;
        if (sig instanceof HostSignal && sig.kind === 'preempt') r = it.next(ops.NOT_SUSPENDED);
        else r = it.throw(new LuaError('attempt to yield across a C-call boundary'));
      }
      return r.value;
    } finally {
      coState.y = savedY;
    }
  };
  plain.$g = gen;
  return plain;
}

function fn(plain: LuaFunction, gen?: LuaFunction['$g']): LuaFunction {
  if (gen !== undefined) plain.$g = gen;
  return plain;
}

/**
 * Where `walk` stopped when it could not finish a lookup alone (a function `__index`, a
 * non-table one, a globals fallback, or a long chain): the slow path continues from there.
 */
let walkedTo: LuaTable | undefined;
const SLOW: unique symbol = Symbol('slow');

/**
 * `t[k]` through a chain of `__index` tables (method lookups), reading each table once:
 * the full `ops.index` would read the object again after its own miss.
 */
function walk(o: LuaTable, k: LuaValue): LuaValue | typeof SLOW {
  let t = o;
  for (let depth = 0; depth < 8; depth++) {
    const v = t.get(k);
    if (v !== undefined) return v;
    if (t.fallback !== undefined) break;
    const mt = t.mt;
    if (mt === undefined) return undefined;
    const ix = mt.getStr('__index');
    if (ix === undefined) return undefined;
    if (!(ix instanceof LuaTable)) break;
    t = ix;
  }
  walkedTo = t;
  return SLOW;
}

/**
 * A method of a host object (`inbox:receive()`, `m:payload()`): found in the `__index`
 * table of its metatable, two reads instead of the general metamethod walk. Undefined
 * when the general path must decide (no such table, or the method is not in it).
 */
function hostMethod(o: Userdata, k: LuaValue): LuaValue {
  const mt = o.mt;
  if (mt === undefined) return undefined;
  const ix = mt.getStr('__index');
  return ix instanceof LuaTable ? ix.get(k) : undefined;
}

function idx(o: LuaValue, k: LuaValue, desc?: string): LuaValue {
  if (o instanceof LuaTable) {
    const v = walk(o, k);
    if (v !== SLOW) return v;
    if (walkedTo !== o) return ops.index(walkedTo, k);
  } else if (o instanceof Userdata) {
    const v = hostMethod(o, k);
    if (v !== undefined) return v;
  }
  return ops.index(o, k, desc);
}

function idxs(o: LuaValue, k: string, desc?: string): LuaValue {
  return idx(o, k, desc);
}

function idxY(o: LuaValue, k: LuaValue, desc?: string): LuaValue {
  if (o instanceof LuaTable) {
    const v = walk(o, k);
    if (v !== SLOW) return v;
    if (walkedTo !== o) return ops.indexY(walkedTo, k);
  } else if (o instanceof Userdata) {
    const v = hostMethod(o, k);
    if (v !== undefined) return v;
  }
  return ops.indexY(o, k, desc);
}

/** A table whose assignments are raw: no metatable, or one without `__newindex`. */
function rawWritable(o: LuaTable): boolean {
  return !o.frozen && (o.mt === undefined || o.mt.getStr('__newindex') === undefined);
}

function setidx(o: LuaValue, k: LuaValue, v: LuaValue, desc?: string): void {
  if (o instanceof LuaTable && rawWritable(o)) {
    if (typeof k === 'string') { o.setStr(k, v); return; }
    if (typeof k === 'number' && k === k) { o.set(k, v); return; }
  }
  ops.setindex(o, k, v, desc);
}

function setidxY(o: LuaValue, k: LuaValue, v: LuaValue, desc?: string): LuaValue {
  if (o instanceof LuaTable && rawWritable(o)) {
    if (typeof k === 'string') { o.setStr(k, v); return undefined; }
    if (typeof k === 'number' && k === k) { o.set(k, v); return undefined; }
  }
  return ops.setindexY(o, k, v, desc);
}

function gget(env: LuaTable, k: string): LuaValue {
  // `load(s, name, mode, env)` accepts any env value: a non-table is indexed as Lua does
  if (!(env instanceof LuaTable)) return ops.index(env, k, "upvalue '_ENV'");
  const v = env.strs[k];
  if (v !== undefined) return v;
  if (env.fallback !== undefined) {
    // a process's _G names itself without storing the key (no string store per process)
    if (k === '_G') return env;
    const b = env.fallback.getStr(k);
    if (b !== undefined) return b;
  }
  return env.mt === undefined ? undefined : ops.index(env, k);
}

/**
 * Per-site caches of global reads (compiled code, see codegen globalRead): slot [j] holds
 * the `ver` of the table the value was read from, [j+1] the value. A `ver` is unique to one
 * table in one state (LuaTable.ver), so it identifies the table too. Only values found in
 * the table's own hash part, or in a read-only fallback, are cached; a miss (nil, or a
 * value from a metatable) never is.
 */
function gfill(env: LuaTable, k: string, K: unknown[], j: number): LuaValue {
  if (!(env instanceof LuaTable)) return gget(env, k);
  let v = env.strs[k];
  if (v === undefined) {
    const fb = env.fallback;
    if (fb === undefined || !fb.frozen || k === '_G') return gget(env, k);
    v = fb.getStr(k);
    if (v === undefined) return gget(env, k);
  }
  K[j] = env.ver;
  K[j + 1] = v;
  return v;
}

/** `G.k` where G is a global (a module table, like `string.format`): cached like gfill. */
function ffill(o: LuaValue, k: string, K: unknown[], j: number, desc?: string): LuaValue {
  if (o instanceof LuaTable) {
    const v = o.strs[k];
    if (v !== undefined) {
      K[j] = o.ver;
      K[j + 1] = v;
      return v;
    }
  }
  return idxs(o, k, desc);
}

/** `ffill` in generator code: an `__index` metamethod may yield. */
function ffillY(o: LuaValue, k: string, K: unknown[], j: number, desc?: string): LuaValue {
  if (o instanceof LuaTable) {
    const v = o.strs[k];
    if (v !== undefined) {
      K[j] = o.ver;
      K[j + 1] = v;
      return v;
    }
  }
  return idxY(o, k, desc);
}

function gset(env: LuaTable, k: string, v: LuaValue): void {
  if (!(env instanceof LuaTable)) return ops.setindex(env, k, v, "upvalue '_ENV'");
  if (env.mt === undefined && !env.frozen) env.setStr(k, v);
  else ops.setindex(env, k, v);
}

function arith(op: string, a: LuaValue, b: LuaValue, da?: string, db?: string): LuaValue {
  try {
    return ops.arith(op, a, b);
  } catch (e) {
    throw describeOperand(e, a, b, da, db);
  }
}

function arithY(op: string, a: LuaValue, b: LuaValue, da?: string, db?: string): LuaValue {
  try {
    return ops.arithY(op, a, b);
  } catch (e) {
    throw describeOperand(e, a, b, da, db);
  }
}

/** Add Lua's `(local 'x')` suffix to an arithmetic or concatenation error. (Compiled sites
 * pass the descriptions as numbers, typed string here: see siteDesc.) */
function describeOperand(e: unknown, a: LuaValue, b: LuaValue, da?: string, db?: string): unknown {
  if (da === undefined && db === undefined) return e;
  if (!(e instanceof Object) || !('value' in e) || typeof (e as { value: unknown }).value !== 'string') return e;
  const err = e as { value: string };
  if (!/attempt to (perform|concatenate)/.test(err.value)) return e;
  const numeric = (x: LuaValue) => typeof x === 'number' || (typeof x === 'string' && str2number(x) !== undefined);
  const concat = err.value.includes('concatenate');
  const okA = concat ? typeof a === 'string' || typeof a === 'number' : numeric(a);
  const d = siteDesc(!okA ? da : db);
  if (d !== undefined) err.value += ` (${d})`;
  return e;
}

function concat(a: LuaValue, b: LuaValue, da?: string, db?: string): LuaValue {
  try {
    return ops.concat(a, b);
  } catch (e) {
    throw describeOperand(e, a, b, da, db);
  }
}

function concatY(a: LuaValue, b: LuaValue, da?: string, db?: string): LuaValue {
  try {
    return ops.concatY(a, b);
  } catch (e) {
    throw describeOperand(e, a, b, da, db);
  }
}

function len(v: LuaValue, desc?: string): LuaValue {
  if (typeof v === 'string') return v.length;
  if (v instanceof LuaTable && v.mt === undefined) return v.arr.length;
  return ops.len(v, desc);
}

function lenY(v: LuaValue, desc?: string): LuaValue {
  if (typeof v === 'string') return v.length;
  if (v instanceof LuaTable && v.mt === undefined) return v.arr.length;
  return ops.lenY(v, desc);
}

/**
 * Table constructor with keyed fields. Values arrive in source order; `layout` has one
 * char per field: `p` positional, `k` a key/value pair, `*` the expanded rest. Keyed
 * fields are stored first and positional ones after, as PUC Lua does.
 */
function tab(layout: string, vals: LuaValue[]): LuaTable {
  const t = new LuaTable();
  const arr: LuaValue[] = [];
  let j = 0;
  for (let i = 0; i < layout.length; i++) {
    const c = layout.charCodeAt(i);
    if (c === 112 /* p */) arr.push(vals[j++]);
    else if (c === 107 /* k */) {
      const v = vals[j + 1];
      if (v !== undefined) ops.rawset(t, vals[j], v);
      j += 2;
    } else {
      while (j < vals.length) arr.push(vals[j++]);
    }
  }
  for (let i = 0; i < arr.length; i++) if (arr[i] !== undefined) t.set(i + 1, arr[i]);
  return t;
}

/**
 * `return f(args)`: Lua functions go through the trampoline; a library function is called
 * right away, so its errors carry the calling Lua function's position, as in Lua.
 */
function tail(f: LuaValue, args: LuaValue[], desc?: string): LuaValue {
  if (typeof f !== 'function') return new TailCall(ops.callable(f, desc), args);
  if (f.$name !== undefined) return f(...args);
  return new TailCall(f, args);
}

/** `tail` in generator code: a library function with a generator twin needs `yield*`. */
function tailG(f: LuaValue, args: LuaValue[], desc?: string): LuaValue {
  if (typeof f !== 'function') return new TailCall(ops.callable(f, desc), args);
  if (f.$name !== undefined && f.$g === undefined) return f(...args);
  return new TailCall(f, args);
}

/** `local x <close>`: the value must be nil, false, or have a `__close` metamethod. */
function checkClose(v: LuaValue, name: string): void {
  if (v !== undefined && v !== false && ops.metaOf(v, '__close') === undefined) {
    rtError(`variable '${name}' got a non-closable value`);
  }
}

/** Leaving the scope of a `<close>` variable; `e` is what was thrown, if anything. */
function close(v: LuaValue, e: unknown): void {
  if (v === undefined || v === false) return;
  // a __close removed (or replaced by a non-function) since the declaration is an error
  const h = ops.callable(ops.metaOf(v, '__close'), "metamethod 'close'");
  ops.all(h(v, e === undefined ? undefined : toLuaError(e).value));
}

/** `close` in generator code: a __close metamethod may yield (Lua 5.4). */
function* closeG(v: LuaValue, e: unknown): LuaGen {
  if (v === undefined || v === false) return undefined;
  const h = ops.callable(ops.metaOf(v, '__close'), "metamethod 'close'");
  const err = e === undefined ? undefined : toLuaError(e).value;
  const r = h.$g !== undefined && coState.y ? yield* h.$g(v, err) : h(v, err);
  if (r instanceof TailCall) yield* ops.runTailG(r);
  return undefined;
}

function forNum(v: LuaValue, what: string): number {
  if (typeof v === 'number') return v;
  const n = typeof v === 'string' ? str2number(v) : undefined;
  if (n === undefined) return rtError(`bad 'for' ${what} (number expected, got ${type(v)})`);
  return n;
}

function forErr(): never {
  return rtError("'for' step is zero");
}

function* firstG(r: LuaValue): LuaGen {
  return yield* ops.firstG(r);
}

export const runtime = {
  $T: LuaTable,
  $TC: TailCall,
  $E: EMPTY,
  $P: ops.PENDING,
  $B: ops.budget,
  $fn: fn,
  $fnG: fnG,
  $C: coState,
  $Yf: luaYield,
  $first: ops.first,
  $all: ops.all,
  $firstG: firstG,
  $allG: ops.allG,
  $runTail: ops.runTail,
  $runTailG: ops.runTailG,
  $runPending: ops.runPending,
  $callable: ops.callable,
  $callableD: ops.callableAtCall,
  $idx: idx,
  $idxs: idxs,
  $idxY: idxY,
  $setidx: setidx,
  $setidxY: setidxY,
  $gget: gget,
  $gset: gset,
  $gfill: gfill,
  $ffill: ffill,
  $ffillY: ffillY,
  /** a chunk's site cache: slots hold null until filled ($ENV is never null) */
  $cache: (n: number): unknown[] => new Array(n).fill(null),
  $isArr: Array.isArray,
  $arith: arith,
  $arithY: arithY,
  $mod: ops.mod,
  $pow: Math.pow,
  $floor: Math.floor,
  $eq: ops.eq,
  $eqY: ops.eqY,
  $lt: ops.lt,
  $le: ops.le,
  $ltY: ops.ltY,
  $leY: ops.leY,
  $concat: concat,
  $concatY: concatY,
  $len: len,
  $lenY: lenY,
  $tab: tab,
  $tail: tail,
  $tailG: tailG,
  $close: close,
  $closeG: closeG,
  $checkClose: checkClose,
  $pnext: pairsNext,
  $forNum: forNum,
  $next: luaNext,
  $inext: ipairsIter,
  $forErr: forErr,
};
