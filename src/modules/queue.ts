// The `queue` module (services spec §4.3):
//
//   queue.publish("app:tasks", {task = 1}, {priority = "high"}) -> true | nil, err
//   queue.message() -> msg (inside a consumer's handler): msg:id(), msg:header(k),
//                      msg:headers(), msg:ack(), msg:nack()
//   queue.info("app:tasks") -> {message_count, ready, unacked, consumer_count}

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import { KIND, fail } from './errors.js';
import type { Runtime } from '../system/runtime.js';
import { hostFn, then } from '../sql/lua-async.js';
import { SqlError } from '../sql/types.js';
import { queues } from '../queue/manager.js';
import { encodeBody } from '../queue/codec.js';
import { publishBody } from '../queue/publish.js';
import { refusal } from '../security/guard.js';
import { deliveries, type DeliveryContext } from '../queue/consumer.js';
import type { Headers } from '../queue/types.js';

function headersOf(v: LuaValue): Headers {
  const out: Headers = {};
  if (!(v instanceof LuaTable)) return out;
  let k: LuaValue = undefined;
  for (;;) {
    const n = v.next(k);
    if (n === undefined) break;
    k = n[0];
    const x = n[1];
    if (typeof k !== 'string') continue;
    if (typeof x === 'string') out[bytesToText(k)] = bytesToText(x);
    else if (typeof x === 'number' || typeof x === 'boolean') out[bytesToText(k)] = x;
  }
  return out;
}

function headerValue(v: string | number | boolean): LuaValue {
  return typeof v === 'string' ? textToBytes(v) : v;
}

export function createQueueModule(rt: Runtime): LuaTable {
  const msgMeta = new LuaTable();
  const ctxOf = (self: LuaValue): DeliveryContext => {
    if (!(self instanceof Userdata) || self.mt !== msgMeta) throw new SqlError(KIND.INVALID, 'not a message (use msg:method())');
    return self.data as DeliveryContext;
  };
  msgMeta.setStr('__name', 'queue.Message');
  msgMeta.setStr('__index', makeLib({
    id: hostFn('id', (self) => textToBytes(ctxOf(self).delivery.msg.id)),
    header: hostFn('header', (self, k) => {
      const h = ctxOf(self).delivery.msg.headers;
      const key = typeof k === 'string' ? bytesToText(k) : '';
      return Object.hasOwn(h, key) ? headerValue(h[key]) : undefined;
    }),
    headers: hostFn('headers', (self) => {
      const t = new LuaTable();
      for (const [k, v] of Object.entries(ctxOf(self).delivery.msg.headers)) t.setStr(textToBytes(k), headerValue(v));
      return t;
    }),
    attempts: hostFn('attempts', (self) => ctxOf(self).delivery.msg.attempts),
    ack: hostFn('ack', (self) => { ctxOf(self).settle(true); return true; }),
    nack: hostFn('nack', (self) => { ctxOf(self).settle(false); return true; }),
  }));

  const mod = makeLib({
    publish: hostFn('publish', (id, data, headers) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'queue id required');
      if (data === undefined || data === '') return fail(KIND.INVALID, 'message data required');
      const no = refusal(rt.node, 'queue.publish', bytesToText(id));
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      let body: string;
      try {
        queues(rt).queue(bytesToText(id));
        body = encodeBody(data);
      } catch (e) {
        if (e instanceof SqlError) return fail(e.kind, e.message);
        throw e;
      }
      try {
        return then(publishBody(rt, bytesToText(id), body, headersOf(headers)), () => true);
      } catch (e) {
        // a driver failure is INTERNAL (services spec §4.3)
        if (e instanceof SqlError) return fail(KIND.INTERNAL, e.message, { retryable: e.retryable });
        throw e;
      }
    }),
    message: () => {
      const ctx = rt.node.current?.ctx.context;
      const d = ctx instanceof LuaTable ? deliveries.get(ctx) : undefined;
      if (d === undefined) return fail(KIND.INVALID, 'no delivery context');
      return new Userdata(d, msgMeta);
    },
    info: hostFn('info', (id) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'queue id required');
      const m = queues(rt);
      const q = m.queue(bytesToText(id));
      return then(m.driver(q.driverId).info(q.name), (info) => {
        const t = new LuaTable();
        for (const [k, v] of Object.entries(info)) t.setStr(k, v);
        t.setStr('name', textToBytes(q.name));
        return t;
      });
    }),
  });
  mod.frozen = true;
  return mod;
}
