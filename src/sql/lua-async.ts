// Lua functions over host work that may finish now or later. SQLite answers synchronously
// and costs a plain call; PostgreSQL (and anything else returning a promise) parks the
// calling coroutine on a Waiter until the promise settles, so other processes keep running.
// Classified failures (SqlError) become Lua's `nil, err`; anything else is a host bug and
// propagates as an error.

import type { LuaFunction, LuaGen, LuaResult, LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { fail } from '../modules/errors.js';
import { SqlError } from './types.js';

export type Maybe<T> = T | Promise<T>;

function failure(e: unknown): LuaResult {
  if (e instanceof SqlError) return fail(e.kind, e.message, e.retryable === undefined ? undefined : { retryable: e.retryable });
  throw e;
}

type Settled = { v: LuaResult } | { e: unknown };

/** A Lua function running `impl`; a promise result suspends the caller until it settles. */
export function hostFn(name: string, impl: (...args: LuaValue[]) => Maybe<LuaResult>): LuaFunction {
  const f: LuaFunction = (...args) => {
    let r: Maybe<LuaResult>;
    try {
      r = impl(...args);
    } catch (e) {
      return failure(e);
    }
    if (r instanceof Promise) {
      r.catch(() => {});
      return yieldPlain();
    }
    return r;
  };
  f.$g = function* (...args: LuaValue[]): LuaGen {
    let r: Maybe<LuaResult>;
    try {
      r = impl(...args);
    } catch (e) {
      return failure(e);
    }
    if (!(r instanceof Promise)) return r;
    const w = new Waiter();
    r.then((v) => w.complete({ v }), (e) => w.complete({ e }));
    const s = (yield new BlockSignal(w)) as Settled;
    return 'e' in s ? failure(s.e) : s.v;
  };
  f.$name = name;
  return f;
}

/** `then` for values that may be promises, without making sync results async. */
export function then<T, U>(r: Maybe<T>, f: (v: T) => U): Maybe<U> {
  return r instanceof Promise ? r.then(f) : f(r);
}
