// Between Lua and the LLM service: Lua values <-> plain JSON data, and waiting on a promise
// from inside a Lua coroutine (the calling process parks; the event loop keeps running).

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaGen, LuaValue } from '../lua/runtime/types.js';
import { callG, index } from '../lua/runtime/ops.js';
import { bytesToText } from '../lua/runtime/values.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { encodeJson } from '../modules/json.js';
import { toLua } from '../system/convert.js';
import type { UniversalMessage } from './messages.js';

export { toLua };

/** Plain data of a Lua value (as json.encode sees it); throws on values JSON cannot hold. */
export function toPlain(v: LuaValue): any {
  if (v === undefined) return undefined;
  const s = encodeJson(v);
  if (typeof s !== 'string') throw new Error(s.message);
  return JSON.parse(bytesToText(s));
}

/**
 * Park the calling coroutine until the promise settles; a rejection is thrown here. Given a
 * function, it gets an AbortSignal that fires when the coroutine is killed (its process
 * exits), so the work stops instead of running on for nobody.
 */
export function* awaitPromise<T>(work: Promise<T> | ((signal: AbortSignal) => Promise<T>)): LuaGen {
  const w = new Waiter();
  let p: Promise<T>;
  if (typeof work === 'function') {
    const ac = new AbortController();
    w.onCancel(() => ac.abort());
    p = work(ac.signal);
  } else {
    p = work;
  }
  p.then((value) => w.complete({ ok: true, value }), (error) => w.complete({ ok: false, error }));
  const r = (yield new BlockSignal(w)) as { ok: boolean; value?: T; error?: unknown };
  if (!r.ok) throw r.error;
  return r.value as never;
}

/**
 * The messages of a prompt input (agents.md §2.6): a string (one user message), a prompt
 * builder (`:get_messages()` or `:build()`), `{messages = ...}`, or an array of messages.
 */
export function* messagesOf(input: LuaValue): LuaGen {
  if (typeof input === 'string') return [{ role: 'user', content: [{ type: 'text', text: bytesToText(input) }] }] as never;
  if (!(input instanceof LuaTable)) throw new Error('prompt must be a string, a prompt builder or a table of messages');
  for (const method of ['get_messages', 'build']) {
    const f = index(input, method);
    if (typeof f === 'function') {
      const r = (yield* callG(f, [input]))[0];
      return (yield* messagesOf(method === 'build' && r instanceof LuaTable ? r.get('messages') ?? r : r)) as never;
    }
  }
  const inner = input.get('messages');
  const plain = toPlain(inner instanceof LuaTable ? inner : input);
  if (!Array.isArray(plain)) throw new Error('messages must be an array');
  return plain as UniversalMessage[] as never;
}
