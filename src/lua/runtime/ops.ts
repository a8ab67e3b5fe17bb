// Lua operations with their metamethod fallbacks. Compiled code inlines the fast paths
// (number + number, a string key on a plain table) and calls these for everything else.
//
// Metamethods may yield (Lua 5.2+). Plain code calls them directly; generator code uses
// the `*Y` variants which, instead of calling a metamethod that has a generator twin,
// park the call in `pending` and return PENDING; the compiled code then runs it with
// `yield* runPending()`. No side effect happens before PENDING is returned, so the two
// paths behave the same.

import { LuaTable } from './table.js';
import { BudgetExceeded, LuaError, positioned, rtError, siteDesc } from './errors.js';
import { TailCall, Userdata, type LuaFunction, type LuaGen, type LuaResult, type LuaValue } from './types.js';
import { numberToString, str2number, type } from './values.js';

// ---- metatables ----------------------------------------------------------------------

/** The metatable of all strings (`__index = string`), installed by the base library. */
export const shared = {
  stringMeta: undefined as LuaTable | undefined,
};

export function getmetatable(v: LuaValue): LuaTable | undefined {
  if (v instanceof LuaTable) return v.mt;
  if (typeof v === 'string') return shared.stringMeta;
  if (v instanceof Userdata) return v.mt;
  return undefined;
}

export function metaOf(v: LuaValue, event: string): LuaValue {
  const mt = getmetatable(v);
  return mt === undefined ? undefined : mt.getStr(event);
}

// ---- normalising call results --------------------------------------------------------

/** First value of a call result (plain code). */
export function first(r: LuaResult): LuaValue {
  if (typeof r !== 'object' || r instanceof LuaTable) return r;
  if (Array.isArray(r)) return r[0];
  if (r instanceof TailCall) return first(runTail(r));
  return r;
}

/** All values of a call result as an array (plain code). The array may be shared: never
 * mutate it. */
export function all(r: LuaResult): LuaValue[] {
  if (typeof r !== 'object' || r instanceof LuaTable) return [r];
  if (Array.isArray(r)) return r;
  if (r instanceof TailCall) return all(runTail(r));
  return [r];
}

/** Trampoline for tail calls in plain code. */
export function runTail(r: TailCall): LuaResult {
  let res: LuaResult = r;
  let n = 0;
  while (res instanceof TailCall) {
    const f = res.f;
    const fn = typeof f === 'function' ? f : callable(f, undefined);
    res = fn(...res.args);
    if (++n === 100000) { n = 0; budget.tick(); }
  }
  return res;
}

export function* firstG(r: LuaResult): LuaGen {
  if (r instanceof TailCall) r = yield* runTailG(r);
  if (Array.isArray(r)) return r[0];
  return r;
}

export function* allG(r: LuaResult): LuaGen {
  if (r instanceof TailCall) r = yield* runTailG(r);
  if (Array.isArray(r)) return r;
  return [r];
}

export function* runTailG(r: TailCall): LuaGen {
  let res: LuaResult = r;
  while (res instanceof TailCall) {
    const f = res.f;
    const fn: LuaFunction = typeof f === 'function' ? f : callable(f, undefined);
    res = fn.$g !== undefined ? yield* fn.$g(...res.args) : fn(...res.args);
    if (--budget.left < 0) yield* budget.preemptG();
  }
  return res;
}

// ---- calling -------------------------------------------------------------------------

/** Resolve a non-function callee through `__call`, or raise `attempt to call`. */
export function callable(f: LuaValue, desc: string | number | undefined): LuaFunction {
  if (typeof f === 'function') return f;
  let h = metaOf(f, '__call');
  // Lua 5.4: the handler may itself be a callable object (a chain of __call), each link
  // receiving the previous object as its first argument
  if (h !== undefined && typeof h !== 'function' && metaOf(h, '__call') !== undefined) h = callable(h, undefined);
  if (typeof h === 'function') {
    const bound: LuaFunction = (...args: LuaValue[]) => h(f, ...args);
    if (h.$g !== undefined) {
      const hg = h.$g;
      bound.$g = function* (...args: LuaValue[]) { return yield* hg(f, ...args); };
    }
    return bound;
  }
  return rtError(`attempt to call a ${type(f)} value${describe(desc)}`);
}

/**
 * `callable` for compiled call sites. A value that cannot be called resolves to a function
 * raising "attempt to call" when it is called: the error then comes after the arguments
 * have been evaluated (and their own errors raised), in Lua's order.
 */
export function callableAtCall(f: LuaValue, desc: string | number | undefined): LuaFunction {
  if (typeof f === 'function') return f;
  if (metaOf(f, '__call') === undefined) return () => callable(f, desc);
  return callable(f, desc);
}

/** Call any Lua value from the host and get all results (plain code). */
export function call(f: LuaValue, ...args: LuaValue[]): LuaValue[] {
  return all(callable(f, undefined)(...args));
}

export function call1(f: LuaValue, ...args: LuaValue[]): LuaValue {
  return first(callable(f, undefined)(...args));
}

export function* callG(f: LuaValue, args: LuaValue[]): LuaGen {
  const fn = callable(f, undefined);
  const r = fn.$g !== undefined ? yield* fn.$g(...args) : fn(...args);
  return yield* allG(r);
}

// ---- pending metamethod calls (generator code) -----------------------------------------

export const PENDING: unique symbol = Symbol('pending');
type Post = 0 | 1 | 2 | 3; // 0: first value, 1: truthiness, 2: negated truthiness, 3: none

let pendingFn: LuaFunction | undefined;
let pendingArgs: LuaValue[] = [];
let pendingPost: Post = 0;

/** Call metamethod h: directly in plain mode, or park it in yield mode. */
function meta(y: boolean, h: LuaFunction, args: LuaValue[], post: Post): LuaValue {
  if (y && h.$g !== undefined) {
    pendingFn = h;
    pendingArgs = args;
    pendingPost = post;
    return PENDING;
  }
  const v = first(h(...args));
  return post === 0 ? v : post === 1 ? v !== undefined && v !== false : post === 2 ? v === undefined || v === false : undefined;
}

export function* runPending(): LuaGen {
  const h = pendingFn!, args = pendingArgs, post = pendingPost;
  pendingFn = undefined;
  const v = yield* firstG(yield* h.$g!(...args));
  return post === 0 ? v : post === 1 ? v !== undefined && v !== false : post === 2 ? v === undefined || v === false : undefined;
}

// ---- indexing ------------------------------------------------------------------------

/** ` (local 'x')` for an error message; compiled sites pass a number (see siteDesc) */
function describe(desc: string | number | undefined): string {
  const d = siteDesc(desc);
  return d ? ` (${d})` : '';
}

export function index(o: LuaValue, k: LuaValue, desc?: string): LuaValue {
  return indexM(o, k, desc, false);
}
export function indexY(o: LuaValue, k: LuaValue, desc?: string): LuaValue {
  return indexM(o, k, desc, true);
}

function indexM(o: LuaValue, k: LuaValue, desc: string | undefined, y: boolean): LuaValue {
  for (let loop = 0; loop < 100; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      const v = o.get(k);
      if (v !== undefined) return v;
      // a process's _G: globals it did not set come from the shared base environment
      if (o.fallback !== undefined) {
        if (k === '_G') return o;
        const b = o.fallback.get(k);
        if (b !== undefined) return b;
      }
      const mt = o.mt;
      if (mt === undefined) return undefined;
      h = mt.getStr('__index');
      if (h === undefined) return undefined;
    } else {
      h = metaOf(o, '__index');
      if (h === undefined) {
        return rtError(`attempt to index a ${type(o)} value${describe(desc)}`);
      }
    }
    if (typeof h === 'function') return meta(y, h, [o, k], 0);
    o = h;
    desc = undefined;
  }
  return rtError("'__index' chain too long; possible loop");
}

export function setindex(o: LuaValue, k: LuaValue, v: LuaValue, desc?: string): void {
  setindexM(o, k, v, desc, false);
}
export function setindexY(o: LuaValue, k: LuaValue, v: LuaValue, desc?: string): LuaValue {
  return setindexM(o, k, v, desc, true);
}

function setindexM(o: LuaValue, k: LuaValue, v: LuaValue, desc: string | undefined, y: boolean): LuaValue {
  for (let loop = 0; loop < 100; loop++) {
    let h: LuaValue;
    if (o instanceof LuaTable) {
      const mt = o.mt;
      if (mt === undefined || (h = mt.getStr('__newindex')) === undefined || o.get(k) !== undefined) {
        rawset(o, k, v);
        return undefined;
      }
    } else {
      h = metaOf(o, '__newindex');
      if (h === undefined) return rtError(`attempt to index a ${type(o)} value${describe(desc)}`);
    }
    if (typeof h === 'function') return meta(y, h, [o, k, v], 3);
    o = h;
    desc = undefined;
  }
  return rtError("'__newindex' chain too long; possible loop");
}

export function rawset(t: LuaTable, k: LuaValue, v: LuaValue): void {
  if (t.frozen) rtError('attempt to modify a read-only table');
  if (typeof k === 'number') {
    if (k !== k) rtError('table index is NaN');
  } else if (k === undefined) {
    rtError('table index is nil');
  }
  t.set(k, v);
}

// ---- arithmetic ----------------------------------------------------------------------

/** How "attempt to call" names a metamethod that is not callable: `metamethod 'add'`. */
function mmDesc(event: string): string {
  return `metamethod '${event.slice(2)}'`;
}

const ARITH_EVENTS: Record<string, string> = {
  add: '__add', sub: '__sub', mul: '__mul', div: '__div', mod: '__mod', pow: '__pow',
  unm: '__unm', idiv: '__idiv', band: '__band', bor: '__bor', bxor: '__bxor',
  shl: '__shl', shr: '__shr', bnot: '__bnot',
};

export function mod(a: number, b: number): number {
  // Lua 5.1: a - floor(a/b)*b
  if (b === Infinity) return a >= 0 ? a : a === -Infinity ? NaN : Infinity;
  if (b === -Infinity) return a <= 0 ? a : a === Infinity ? NaN : -Infinity;
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function arithRaw(op: string, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'sub': return a - b;
    case 'mul': return a * b;
    case 'div': return a / b;
    case 'mod': return mod(a, b);
    case 'pow': return Math.pow(a, b);
    case 'idiv': return Math.floor(a / b);
    case 'unm': return -a;
    default: return bitRaw(op, a, b);
  }
}

function arithM(op: string, a: LuaValue, b: LuaValue, y: boolean): LuaValue {
  const bit = op === 'band' || op === 'bor' || op === 'bxor' || op === 'shl' || op === 'shr' || op === 'bnot';
  const x = tonumArith(a), z = tonumArith(b);
  if (x !== undefined && z !== undefined) {
    if (bit) return bitRaw(op, toInteger(x), toInteger(z));
    return arithRaw(op, x, z);
  }
  const ev = ARITH_EVENTS[op];
  let h = metaOf(a, ev);
  if (h === undefined) h = metaOf(b, ev);
  if (typeof h === 'function') return meta(y, h, [a, b], 0);
  if (h !== undefined) return meta(y, callable(h, mmDesc(ev)), [a, b], 0);
  const bad = x === undefined ? a : b;
  if (bit && (typeof bad === 'number' || (typeof bad === 'string' && str2number(bad) !== undefined))) {
    return rtError('number has no integer representation');
  }
  return rtError(`attempt to perform ${bit ? 'bitwise operation' : 'arithmetic'} on a ${type(bad)} value`);
}

function tonumArith(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

export function arith(op: string, a: LuaValue, b: LuaValue): LuaValue {
  return arithM(op, a, b, false);
}
export function arithY(op: string, a: LuaValue, b: LuaValue): LuaValue {
  return arithM(op, a, b, true);
}

// Bitwise operations work on 64-bit two's complement integers, like Lua 5.3. Values in the
// int32 range (nearly all) take the fast JS path.

export function toInteger(x: number): number {
  if (!Number.isInteger(x) || x < -9223372036854775808 || x >= 9223372036854775808) {
    return rtError('number has no integer representation');
  }
  return x;
}

const TWO64 = 18446744073709551616n;
function big(x: number): bigint {
  return BigInt.asIntN(64, BigInt(x) % TWO64);
}
function unbig(b: bigint): number {
  return Number(BigInt.asIntN(64, b));
}

function bitRaw(op: string, a: number, b: number): number {
  const small = (a | 0) === a && (b | 0) === b;
  switch (op) {
    case 'band': return small ? a & b : unbig(big(a) & big(b));
    case 'bor': return small ? a | b : unbig(big(a) | big(b));
    case 'bxor': return small ? a ^ b : unbig(big(a) ^ big(b));
    case 'bnot': return (a | 0) === a ? ~a : unbig(~big(a));
    case 'shl': return shiftLeft(a, b);
    case 'shr': return shiftLeft(a, -b);
  }
  throw new Error('bad bit op ' + op);
}

function shiftLeft(a: number, n: number): number {
  if (n <= -64 || n >= 64) return 0;
  const x = BigInt.asUintN(64, BigInt(a));
  const r = n >= 0 ? (x << BigInt(n)) : (x >> BigInt(-n));
  return unbig(r);
}

// ---- comparison ----------------------------------------------------------------------

export function eq(a: LuaValue, b: LuaValue): boolean {
  return eqM(a, b, false) as boolean;
}
export function eqY(a: LuaValue, b: LuaValue): LuaValue {
  return eqM(a, b, true);
}

function eqM(a: LuaValue, b: LuaValue, y: boolean): LuaValue {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const ta = a instanceof LuaTable, tb = b instanceof LuaTable;
  if (ta !== tb) return false;
  if (!ta && !(a instanceof Userdata && b instanceof Userdata)) return false;
  const h = compHandler(a, b, '__eq');
  if (h === undefined) return false;
  return meta(y, callable(h, "metamethod 'eq'"), [a, b], 1);
}

/** Lua 5.1's get_compTM: the handler of a, if b's metatable has the same one. */
function compHandler(a: LuaValue, b: LuaValue, ev: string): LuaValue {
  const m1 = getmetatable(a);
  if (m1 === undefined) return undefined;
  const h1 = m1.getStr(ev);
  if (h1 === undefined) return undefined;
  const m2 = getmetatable(b);
  if (m1 === m2) return h1;
  if (m2 === undefined) return undefined;
  return m2.getStr(ev) === h1 ? h1 : undefined;
}

export function lt(a: LuaValue, b: LuaValue): boolean {
  return cmpM(a, b, '__lt', false) as boolean;
}
export function le(a: LuaValue, b: LuaValue): boolean {
  return cmpM(a, b, '__le', false) as boolean;
}
export function ltY(a: LuaValue, b: LuaValue): LuaValue {
  return cmpM(a, b, '__lt', true);
}
export function leY(a: LuaValue, b: LuaValue): LuaValue {
  return cmpM(a, b, '__le', true);
}

function cmpM(a: LuaValue, b: LuaValue, ev: '__lt' | '__le', y: boolean): LuaValue {
  const ta = typeof a, tb = typeof b;
  if (ta === 'number' && tb === 'number') return ev === '__lt' ? a < b : a <= b;
  if (ta === 'string' && tb === 'string') return ev === '__lt' ? a < b : a <= b;
  // Lua 5.1: only operands of the same type, whose handlers agree, reach a metamethod
  if (ta === tb) {
    const h = compHandler(a, b, ev);
    if (h !== undefined) return meta(y, callable(h, mmDesc(ev)), [a, b], 1);
    if (ev === '__le') {
      // a <= b is not (b < a) when only __lt exists
      const h2 = compHandler(b, a, '__lt');
      if (h2 !== undefined) return meta(y, callable(h2, "metamethod 'lt'"), [b, a], 2);
    }
  }
  const t1 = type(a), t2 = type(b);
  if (t1 === t2) return rtError(`attempt to compare two ${t1} values`);
  return rtError(`attempt to compare ${t1} with ${t2}`);
}

// ---- length and concatenation ----------------------------------------------------------

export function len(v: LuaValue, desc?: string): LuaValue {
  return lenM(v, desc, false);
}
export function lenY(v: LuaValue, desc?: string): LuaValue {
  return lenM(v, desc, true);
}

function lenM(v: LuaValue, desc: string | undefined, y: boolean): LuaValue {
  if (typeof v === 'string') return v.length;
  const h = metaOf(v, '__len');
  // Lua 5.4 passes the operand twice, as for __unm and __bnot
  if (h !== undefined) return meta(y, callable(h, "metamethod 'len'"), [v, v], 0);
  if (v instanceof LuaTable) return v.arr.length;
  return rtError(`attempt to get length of a ${type(v)} value${describe(desc)}`);
}

export function concat(a: LuaValue, b: LuaValue): LuaValue {
  return concatM(a, b, false);
}
export function concatY(a: LuaValue, b: LuaValue): LuaValue {
  return concatM(a, b, true);
}

function concatM(a: LuaValue, b: LuaValue, y: boolean): LuaValue {
  const ta = typeof a, tb = typeof b;
  if ((ta === 'string' || ta === 'number') && (tb === 'string' || tb === 'number')) {
    return (ta === 'number' ? numberToString(a) : a) + (tb === 'number' ? numberToString(b) : b);
  }
  let h = metaOf(a, '__concat');
  if (h === undefined) h = metaOf(b, '__concat');
  if (h !== undefined) return meta(y, callable(h, "metamethod 'concat'"), [a, b], 0);
  const bad = ta === 'string' || ta === 'number' ? b : a;
  return rtError(`attempt to concatenate a ${type(bad)} value`);
}

// ---- tostring ----------------------------------------------------------------------------

const ids = new WeakMap<object, number>();
let nextId = 0x10000;

/** A stable address-like id for tables, functions, threads and userdata. */
export function addressOf(v: object): string {
  let id = ids.get(v);
  if (id === undefined) {
    id = (nextId += 0x28);
    ids.set(v, id);
  }
  return '0x' + id.toString(16).padStart(8, '0');
}

export function tostring(v: LuaValue): string {
  switch (typeof v) {
    case 'string': return v;
    case 'number': return numberToString(v);
    case 'undefined': return 'nil';
    case 'boolean': return v ? 'true' : 'false';
  }
  const mt = getmetatable(v);
  if (mt !== undefined) {
    const h = mt.getStr('__tostring');
    if (h !== undefined) {
      const s = call1(h, v);
      if (typeof s === 'number') return numberToString(s);
      if (typeof s !== 'string') rtError("'__tostring' must return a string");
      return s;
    }
    const name = mt.getStr('__name');
    if (typeof name === 'string') return `${name}: ${addressOf(v)}`;
  }
  if (typeof v === 'function') return (v as LuaFunction).$name === '?builtin' ? `builtin: ${addressOf(v)}` : `function: ${addressOf(v)}`;
  return `${type(v)}: ${addressOf(v)}`;
}

// ---- truthiness and errors ---------------------------------------------------------------

export function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/** `error(v, level)` */
export function raise(v: LuaValue, level = 1): never {
  if (typeof v === 'string' && level > 0) throw positioned(v, level);
  throw new LuaError(v);
}

// ---- execution budget (preemption) ---------------------------------------------------------
//
// Compiled loops decrement `budget.left` at every back-edge. At zero, generator code calls
// `preemptG` (the host may suspend the process there), plain code calls `tick` (which can
// only refill, or raise when a hard limit is set).

export const budget = {
  left: 1e6,
  slice: 1e6,
  /** plain-code refills still allowed before the running code is stopped (Infinity = none) */
  hardLeft: Infinity,
  hardLimit: Infinity,
  /** installed by a scheduler: returns a value to yield to it, or undefined to continue */
  onPreempt: undefined as (() => unknown) | undefined,
  /** Plain code's loop edge once its local count runs out: charge n edges, return the next
   * local count (n - 1). One short call instead of the charge written out at every loop. */
  spend(n: number): number {
    if ((this.left -= n) < 0) this.tick();
    return n - 1;
  },
  tick(): void {
    this.left = this.slice;
    if (--this.hardLeft < 0) {
      this.hardLeft = this.hardLimit;
      // a BudgetExceeded: pcall and coroutine.resume let it through, or a loop around a
      // pcall would get a fresh allowance every time and never stop
      const e = positioned('execution budget exceeded (a loop without a yield point ran too long)', 1);
      const b = new BudgetExceeded(e.value);
      b.jsStack = e.jsStack;
      throw b;
    }
  },
  *preemptG(): LuaGen {
    const signal = this.onPreempt?.();
    // Only a real suspension earns a fresh hard allowance. With no scheduler, or under a
    // plain `coroutine.resume` that can only continue (it answers NOT_SUSPENDED), the slice
    // counts as in plain code: otherwise `while true do end` in a coroutine never ends.
    if (signal === undefined || (yield signal) === NOT_SUSPENDED) {
      this.tick();
      return undefined;
    }
    this.left = this.slice;
    this.hardLeft = this.hardLimit;
    return undefined;
  },
};

/** What a resumer that cannot suspend answers to a preemption signal (see preemptG). */
export const NOT_SUSPENDED: unique symbol = Symbol('not suspended');
