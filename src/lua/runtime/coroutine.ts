// Lua coroutines on JS generators.
//
// A coroutine runs its function's generator twin. `coroutine.yield(...)` yields its
// argument array, or a single value as itself (compiled code does that inline); `resume`
// drives the generator with `next(args)`. A HostSignal yielded instead is a host signal (a
// process waiting for a message, a budget preemption): `resume` running in generator code forwards it outward with its
// own `yield`, so a coroutine nested in a process can wait on the host transparently.
// Plain code cannot forward: there a host signal is an error, like Lua's "attempt to
// yield across a C-call boundary".

import { BudgetExceeded, LuaError, toLuaError, rtError } from './errors.js';
import { allG, callable, NOT_SUSPENDED } from './ops.js';
import { EMPTY, TailCall, type LuaFunction, type LuaGen, type LuaValue } from './types.js';
import { threadClass } from './values.js';

export type CoStatus = 'suspended' | 'running' | 'normal' | 'dead';

/** A host signal: yielded by host functions that suspend, consumed by the scheduler. */
export class HostSignal {
  constructor(public kind: string, public data?: unknown) {}
}

export class Coroutine {
  status: CoStatus = 'suspended';
  gen: LuaGen | undefined = undefined;
  /** the coroutine that resumed this one (for status 'normal') */
  parent: Coroutine | undefined = undefined;
  /** a coroutine that died by an error keeps it for `coroutine.close` (Lua 5.4) */
  error: { value: LuaValue } | undefined = undefined;
  constructor(public fn: LuaFunction | undefined, public isMain = false) {
    if (isMain) this.status = 'running';
  }
}
threadClass.ctor = Coroutine;

/** The running coroutine of the current Lua thread of control (swapped by schedulers). */
export const coState = {
  current: new Coroutine(undefined, true),
  /**
   * True while code runs under a driver that can take a suspension (a coroutine being
   * resumed, a host task). Generator code calls generator twins only then; driven by a plain
   * caller it calls plain functions, since a yield could go nowhere anyway.
   */
  y: false,
};

/**
 * Start a coroutine: run its function's generator twin directly (no wrapper generator: each
 * `yield*` level costs every switch). A plain function (no twin) cannot yield: it runs to
 * the end here. `step` normalises what the generator returns.
 */
function start(co: Coroutine, args: LuaValue[]): IteratorResult<unknown, unknown> {
  const fn = co.fn!;
  if (fn.$g !== undefined) {
    co.gen = fn.$g(...args);
    return co.gen.next();
  }
  return { done: true, value: fn(...args) };
}

/**
 * After a step: a function that ended in `return f(x)` continues with the tail call, which
 * may yield, as a generator; otherwise the result is as it came.
 */
function settle(co: Coroutine, r: IteratorResult<unknown, unknown>): IteratorResult<unknown, unknown> {
  while (r.done === true && r.value instanceof TailCall) {
    co.gen = allG(r.value);
    r = co.gen.next();
  }
  return r;
}

/** `[true, ...values]` of a finished step (a LuaResult) or a yield (one value or an array). */
function okValues(v: unknown): LuaValue[] {
  if (!Array.isArray(v)) return [true, v as LuaValue];
  const n = v.length;
  if (n === 1) return [true, v[0]];
  if (n === 0) return [true];
  const out: LuaValue[] = [true];
  for (let i = 0; i < n; i++) out.push(v[i]);
  return out;
}

function enter(co: Coroutine): Coroutine | string {
  if (co.status === 'dead') return 'cannot resume dead coroutine';
  if (co.status !== 'suspended') return co.status === 'running' && co === coState.current
    ? 'cannot resume non-suspended coroutine' : 'cannot resume non-suspended coroutine';
  const prev = coState.current;
  prev.status = 'normal';
  co.parent = prev;
  co.status = 'running';
  coState.current = co;
  return prev;
}

function leave(co: Coroutine, prev: Coroutine, dead: boolean): void {
  co.status = dead ? 'dead' : 'suspended';
  prev.status = 'running';
  coState.current = prev;
}

/** Resume from plain code: returns [true, ...values] or [false, error]. */
export function resume(co: Coroutine, args: LuaValue[]): LuaValue[] {
  const prev = enter(co);
  if (typeof prev === 'string') return [false, prev];
  let r: IteratorResult<unknown, unknown>;
  const savedY = coState.y;
  coState.y = true;
  try {
    r = settle(co, co.gen === undefined ? start(co, args) : co.gen.next(args));
    while (!r.done && r.value instanceof HostSignal) {
      // a host signal with nobody to forward it to
      if (r.value.kind === 'preempt') { r = settle(co, co.gen!.next(NOT_SUSPENDED)); continue; }
      r = settle(co, co.gen!.throw(new LuaError('attempt to yield across a C-call boundary')));
    }
  } catch (e) {
    coState.y = savedY;
    leave(co, prev, true);
    if (e instanceof BudgetExceeded) throw e; // the host's hard limit ends the whole run
    const v = toLuaError(e).value;
    co.error = { value: v };
    return [false, v];
  }
  coState.y = savedY;
  leave(co, prev, r.done === true);
  return okValues(r.value);
}

/** Resume from generator code: host signals are forwarded to whoever drives us. */
export function* resumeG(co: Coroutine, args: LuaValue[]): LuaGen {
  const prev = enter(co);
  if (typeof prev === 'string') return [false, prev];
  coState.y = true; // resumeG only runs under a driver that takes suspensions
  let r: IteratorResult<unknown, unknown>;
  try {
    r = settle(co, co.gen === undefined ? start(co, args) : co.gen.next(args));
    while (!r.done && r.value instanceof HostSignal) {
      // step out to the host: we are suspended as a whole, `co` stays the running one
      coState.current = prev;
      prev.status = 'running';
      let reply: unknown;
      try {
        reply = yield r.value;
      } finally {
        prev.status = 'normal';
        coState.current = co;
      }
      r = settle(co, co.gen!.next(reply));
    }
  } catch (e) {
    leave(co, prev, true);
    if (e instanceof BudgetExceeded) throw e; // the host's hard limit ends the whole run
    const v = toLuaError(e).value;
    co.error = { value: v };
    return [false, v];
  }
  leave(co, prev, r.done === true);
  return okValues(r.value);
}

/**
 * `coroutine.close` of a suspended or dead coroutine (Lua 5.4): a suspended one runs its
 * pending `<close>` handlers (the generator's `finally` blocks) as the running coroutine,
 * so a handler sees itself running; the result is true, or false and the error raised by a
 * handler, or the error that killed the coroutine (reported once).
 */
export function close(co: Coroutine): LuaValue[] {
  const gen = co.gen;
  co.gen = undefined;
  if (co.status === 'dead' || gen === undefined) {
    co.status = 'dead';
    const err = co.error;
    co.error = undefined;
    return err === undefined ? [true] : [false, err.value];
  }
  const prev = enter(co);
  if (typeof prev === 'string') return [false, prev];
  try {
    gen.return(EMPTY);
  } catch (e) {
    leave(co, prev, true);
    if (e instanceof BudgetExceeded) throw e;
    return [false, toLuaError(e).value];
  }
  leave(co, prev, true);
  return [true];
}

export function create(f: LuaValue): Coroutine {
  return new Coroutine(callable(f, undefined));
}

/** coroutine.yield from plain code: only legal where a generator is running us. */
export function yieldPlain(): never {
  if (coState.current.isMain) return rtError('attempt to yield from outside a coroutine');
  return rtError('attempt to yield across a C-call boundary');
}

/**
 * `coroutine.yield`, one object for every state: compiled generator code recognises it and
 * yields inline, without a generator call (see codegen callRaw).
 */
export const luaYield: LuaFunction = () => yieldPlain();

export function* yieldG(...args: LuaValue[]): LuaGen {
  if (coState.current.isMain) return rtError('attempt to yield from outside a coroutine');
  const resumed = yield args;
  return (resumed as LuaValue[] | undefined) ?? EMPTY;
}
luaYield.$g = yieldG;
luaYield.$name = 'yield';
