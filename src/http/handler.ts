// Running an endpoint's function for one exchange: a function.lua call in its own process
// (as funcs.call does), with the exchange in the process context for the `http` module.
//
// The response is sent when the handler function returns, not when its process ends: a
// handler may `coroutine.spawn` background work that continues after the 202 has gone out
// (the reference's http-async-task example). The process then stays alive until those
// coroutines finish. A handler that raises gets a 500 naming the request id (unless the
// response was already committed); the server never crashes.

import type { Runtime } from '../system/runtime.js';
import type { Process } from '../kernel/process.js';
import { tostring, allG } from '../lua/runtime/ops.js';
import { TailCall, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { errorOf } from '../modules/errors.js';
import { newRequestId, type Exchange } from './exchange.js';

/** Called when the handler returned (normally or not), before background coroutines end. */
export type Finish = (x: Exchange, error: LuaValue) => void;

export function runHandler(rt: Runtime, x: Exchange, funcId: string, finish: Finish): void {
  x.finish = finish;
  // the request's actor and scope (server baseline or token_auth) go with the handler, so its
  // permission checks and the calls it makes run as that actor (spec services §1.6). A
  // function entry that declares its own `security:` block keeps that narrower identity.
  const ctx: Record<string, unknown> = { http: x };
  if (x.actor !== undefined && rt.entries.get(funcId)?.data.security === undefined) {
    ctx.security = { actor: x.actor, scope: x.scope };
  }
  rt.callFunction(undefined, funcId, [], (r) => finishOnce(x, r.error), { ctx, runner: runnerOf(rt) });
}

function finishOnce(x: Exchange, error: LuaValue): void {
  const f = x.finish;
  if (f === undefined) return;
  x.finish = undefined;
  f(x, error);
}

function* waitBackground(p: Process): LuaGen {
  // Nothing signals the end of a coroutine; checking on a short timer is cheap and only
  // happens for handlers that left coroutines running.
  let delay = 5;
  while (p.tasks.size > 1 && !p.exited) {
    const w = new Waiter();
    const h = setTimeout(() => w.complete(undefined), delay);
    w.onCancel(() => clearTimeout(h));
    yield new BlockSignal(w);
    delay = Math.min(delay * 2, 200);
  }
}

const runners = new WeakMap<Runtime, LuaFunction>();

/** The body of every handler process: call the handler, send the response when it returns,
 * then wait for coroutines it left running. */
function runnerOf(rt: Runtime): LuaFunction {
  let r = runners.get(rt);
  if (r !== undefined) return r;
  r = () => yieldPlain();
  // handlers are called with no arguments; the result goes back as it is (the task body
  // normalizes it), resolved here only when it is a tail call
  r.$g = function* (fn: LuaFunction): LuaGen {
    let res = fn.$g !== undefined ? yield* fn.$g() : fn();
    if (res instanceof TailCall) res = yield* allG(res);
    // `return nil, err` from a handler is a failure like a raised error: leave it to the exit
    if (Array.isArray(res)) {
      const e = res[1];
      if (e !== undefined && e !== false) return res;
    }
    const p = rt.node.current!;
    finishOnce(p.ctx.http as Exchange, undefined);
    if (p.tasks.size > 1) yield* waitBackground(p);
    return res;
  };
  r.$name = 'handler';
  runners.set(rt, r);
  return r;
}

/** The standard error answer: 500 with the request id, logged with the error. */
export function failExchange(rt: Runtime, x: Exchange, error: LuaValue): void {
  const id = (x.requestId ??= newRequestId());
  const e = errorOf(error);
  rt.log.log('error', 'http handler failed', {
    request_id: id, method: x.req.method, path: x.path, endpoint: x.endpoint?.id, error: e?.message ?? tostring(error),
  });
  if (x.headSent) {
    x.end();
    return;
  }
  x.headers.clear();
  x.setHeader('X-Request-Id', id);
  x.reply(500, 'application/json', JSON.stringify({ error: 'internal server error', request_id: id }));
}
