// The `funcs` module: call function.lua entries synchronously (`call`) or as futures
// (`async`). Each call runs as its own short-lived process; arguments and results are copied.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib } from '../lua/lib/args.js';
import { copyValue } from '../kernel/copy.js';
import { Channel } from '../kernel/channel.js';
import type { ExitResult, Node, Process } from '../kernel/process.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { channelValue } from './channel.js';
import { newPayload, mergeTables as merge } from './process.js';
import { KIND, makeError } from './errors.js';
import { callOverride } from '../security/propagation.js';

export interface FuncsRuntime {
  node: Node;
  callFunction(caller: Process | undefined, id: string, args: LuaValue[], done: (r: ExitResult) => void): void;
}

interface Settings {
  context?: LuaTable;
  options?: LuaTable;
  /** with_actor / with_scope values: the identity the call runs as */
  actor?: LuaValue;
  scope?: LuaValue;
}

function checkTarget(id: LuaValue): string | undefined {
  if (typeof id !== 'string' || id === '') return 'target required';
  const i = id.indexOf(':');
  if (i <= 0 || i === id.length - 1) return `invalid target '${id}': expected namespace:name`;
  return undefined;
}

export function createFuncsModule(rt: FuncsRuntime): LuaTable {
  const futureMeta = new LuaTable();

  const start = (settings: Settings, id: string, args: LuaValue[], done: (r: ExitResult) => void) => {
    const caller = rt.node.current;
    const savedCtx = caller?.ctx.context;
    const savedSecurity = caller?.ctx.security;
    if (caller && settings.context) caller.ctx.context = settings.context;
    if (settings.actor !== undefined || settings.scope !== undefined) {
      const o = callOverride(rt.node, caller, settings.actor, settings.scope);
      if ('kind' in o) { done({ error: makeError(o.kind, o.message) }); return; }
      if (caller) caller.ctx.security = o;
    }
    try {
      // `args` is this call's own rest array: copy the values in place
      for (let i = 0; i < args.length; i++) {
        const v = args[i];
        if (typeof v === 'object' || typeof v === 'function') args[i] = copyValue(v);
      }
      rt.callFunction(caller, id, args, done);
    } finally {
      if (caller) { caller.ctx.context = savedCtx; caller.ctx.security = savedSecurity; }
    }
  };

  const call = (settings: Settings): LuaFunction => {
    const f: LuaFunction = () => yieldPlain();
    f.$g = function* (id: LuaValue, ...args: LuaValue[]): LuaGen {
      const bad = checkTarget(id);
      if (bad !== undefined) return [undefined, makeError(KIND.INVALID, bad)];
      const w = new Waiter();
      start(settings, id as string, args, (r) => w.complete(r));
      const r = (yield new BlockSignal(w)) as ExitResult;
      if (r.error !== undefined) return [undefined, r.error];
      return r.value;
    };
    f.$name = 'call';
    return f;
  };

  const async = (settings: Settings) => (id: LuaValue, ...args: LuaValue[]) => {
    const bad = checkTarget(id);
    if (bad !== undefined) return [undefined, makeError(KIND.INVALID, bad)];
    const fut = { done: false, canceled: false, result: undefined as ExitResult | undefined, channel: new Channel(1) };
    start(settings, id as string, args, (r) => {
      fut.done = true;
      fut.result = r;
      if (r.error === undefined) fut.channel.trySend(newPayload(r.value));
      else fut.channel.close();
    });
    return new Userdata(fut, futureMeta);
  };

  type Fut = { done: boolean; canceled: boolean; result?: ExitResult; channel: Channel };
  const fut = (self: LuaValue): Fut => (self as Userdata).data;
  futureMeta.setStr('__index', makeLib({
    response: (self: LuaValue) => channelValue(fut(self).channel),
    channel: (self: LuaValue) => channelValue(fut(self).channel),
    is_complete: (self: LuaValue) => fut(self).done,
    is_canceled: (self: LuaValue) => fut(self).canceled,
    result: (self: LuaValue) => {
      const f = fut(self);
      if (f.canceled) return [undefined, makeError(KIND.CANCELED, 'future canceled')];
      if (!f.done) return [undefined, undefined];
      if (f.result!.error !== undefined) return [undefined, f.result!.error];
      return [newPayload(f.result!.value), undefined];
    },
    error: (self: LuaValue) => {
      const f = fut(self);
      return f.done && f.result!.error !== undefined ? [f.result!.error, true] : [undefined, false];
    },
    cancel: (self: LuaValue) => { fut(self).canceled = true; return true; },
  }));
  futureMeta.setStr('__name', 'Future');

  const executor = (settings: Settings): LuaTable => {
    const c = call(settings);
    const mc: LuaFunction = (_s: LuaValue, ...a: LuaValue[]) => c(...a);
    mc.$g = function* (_s: LuaValue, ...a: LuaValue[]) { return yield* c.$g!(...a); };
    mc.$name = 'call';
    const t = makeLib({
      with_context: (_s: LuaValue, ctx: LuaValue) => executor({ ...settings, context: merge(settings.context, ctx) }),
      with_options: (_s: LuaValue, o: LuaValue) => executor({ ...settings, options: merge(settings.options, o) }),
      with_actor: (_s: LuaValue, a: LuaValue) => executor({ ...settings, actor: a }),
      with_scope: (_s: LuaValue, sc: LuaValue) => executor({ ...settings, scope: sc }),
      async: (_s: LuaValue, ...a: LuaValue[]) => async(settings)(a[0], ...a.slice(1)),
    });
    t.setStr('call', mc);
    return t;
  };

  const mod = makeLib({ call: call({}), async: async({}), new: () => executor({}) });
  mod.frozen = true;
  return mod;
}
