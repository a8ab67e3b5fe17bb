// Lua coroutines on JS generators.
//
// A coroutine runs its function's generator twin. `coroutine.yield(...)` is a generator
// that yields its argument array; `resume` drives the generator with `next(args)`.
// Anything else a generator yields is a host signal (a process waiting for a message, a
// budget preemption): `resume` running in generator code forwards it outward with its
// own `yield`, so a coroutine nested in a process can wait on the host transparently.
// Plain code cannot forward: there a host signal is an error, like Lua's "attempt to
// yield across a C-call boundary".

import { LuaError, toLuaError, rtError } from './errors.js';
import { allG, callable, NOT_SUSPENDED } from './ops.js';
import { EMPTY, type LuaFunction, type LuaGen, type LuaValue } from './types.js';
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
  constructor(public fn: LuaFunction | undefined, public isMain = false) {
    if (isMain) this.status = 'running';
  }
}
threadClass.ctor = Coroutine;

/** The running coroutine of the current Lua thread of control (swapped by schedulers). */
export const coState = {
  current: new Coroutine(undefined, true),
};

function* body(fn: LuaFunction, args: LuaValue[]): LuaGen {
  const r = fn.$g !== undefined ? yield* fn.$g(...args) : fn(...args);
  return yield* allG(r);
}

function start(co: Coroutine, args: LuaValue[]): IteratorResult<unknown, unknown> {
  const fn = co.fn!;
  co.gen = body(fn, args);
  return co.gen.next();
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
  try {
    r = co.gen === undefined ? start(co, args) : co.gen.next(args);
    while (!r.done && !Array.isArray(r.value)) {
      // a host signal with nobody to forward it to
      const sig = r.value as HostSignal;
      if (sig instanceof HostSignal && sig.kind === 'preempt') { r = co.gen!.next(NOT_SUSPENDED); continue; }
      r = co.gen!.throw(new LuaError('attempt to yield across a C-call boundary'));
    }
  } catch (e) {
    leave(co, prev, true);
    return [false, toLuaError(e).value];
  }
  leave(co, prev, r.done === true);
  return [true, ...(r.value as LuaValue[])];
}

/** Resume from generator code: host signals are forwarded to whoever drives us. */
export function* resumeG(co: Coroutine, args: LuaValue[]): LuaGen {
  const prev = enter(co);
  if (typeof prev === 'string') return [false, prev];
  let r: IteratorResult<unknown, unknown>;
  try {
    r = co.gen === undefined ? start(co, args) : co.gen.next(args);
    while (!r.done && !Array.isArray(r.value)) {
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
      r = co.gen!.next(reply);
    }
  } catch (e) {
    leave(co, prev, true);
    return [false, toLuaError(e).value];
  }
  leave(co, prev, r.done === true);
  return [true, ...(r.value as LuaValue[])];
}

export function create(f: LuaValue): Coroutine {
  return new Coroutine(callable(f, undefined));
}

/** coroutine.yield from plain code: only legal where a generator is running us. */
export function yieldPlain(): never {
  if (coState.current.isMain) return rtError('attempt to yield from outside a coroutine');
  return rtError('attempt to yield across a C-call boundary');
}

export function* yieldG(...args: LuaValue[]): LuaGen {
  if (coState.current.isMain) return rtError('attempt to yield from outside a coroutine');
  const resumed = yield args;
  return (resumed as LuaValue[] | undefined) ?? EMPTY;
}
