// The `events` module (lua-core §11): Lua's face of the runtime's event bus.
//
//   local sub, err = events.subscribe("users", "user.*")   -- kind optional
//   local ch = sub:channel()                                -- the same channel every call
//   local ev = ch:receive()   -- {system, kind, path, data}; data is a private copy
//   sub:close()                                             -- idempotent; receivers get nil, false
//   events.send("users", "user.created", "/users/1", {name = "Alice"})
//
// A subscription belongs to the process that made it and is closed when that process exits.
// Delivery is best effort: a subscriber that stops reading loses events past its buffer.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { makeLib, typeError } from '../lua/lib/args.js';
import { Channel } from '../kernel/channel.js';
import { copyValue } from '../kernel/copy.js';
import type { Node, Process } from '../kernel/process.js';
import type { EventBus, BusSubscription } from '../system/events.js';
import { channelValue } from './channel.js';
import { KIND, fail } from './errors.js';

/** Events buffered per subscription before new ones are dropped. */
export const SUBSCRIPTION_BUFFER = 4096;

interface Sub {
  ch: Channel;
  bus: BusSubscription;
  owner: Process | undefined;
}

const subMeta = new LuaTable();

function checkSub(v: LuaValue, fname: string): Sub {
  if (v instanceof Userdata && v.mt === subMeta) return v.data as Sub;
  return typeError(1, fname, 'events.Subscription', v);
}

function closeSub(s: Sub): void {
  s.bus.close();
  s.ch.close();
  const set = s.owner?.ctx.eventSubs as Set<Sub> | undefined;
  set?.delete(s);
}

subMeta.setStr('__index', makeLib({
  channel: (self: LuaValue) => channelValue(checkSub(self, 'channel').ch),
  close: (self: LuaValue) => {
    closeSub(checkSub(self, 'close'));
    return true;
  },
  is_closed: (self: LuaValue) => checkSub(self, 'is_closed').ch.closed,
}));
subMeta.setStr('__name', 'events.Subscription');
subMeta.setStr('__tostring', (self: Userdata) => `events.Subscription{closed=${(self.data as Sub).ch.closed}}`);
subMeta.frozen = true;

/** Subscriptions of a process, closed when it exits (one exit hook per process). */
function track(p: Process, s: Sub): void {
  let set = p.ctx.eventSubs as Set<Sub> | undefined;
  if (set === undefined) {
    const created = new Set<Sub>();
    p.ctx.eventSubs = created;
    set = created;
    p.onExit(() => {
      for (const x of [...created]) closeSub(x);
      created.clear();
    });
  }
  set.add(s);
}

function eventTable(system: string, kind: string, path: string, data: LuaValue): LuaTable {
  const t = new LuaTable();
  t.setStr('system', system);
  t.setStr('kind', kind);
  t.setStr('path', path);
  if (data !== undefined) t.setStr('data', copyValue(data));
  return t;
}

function nonEmpty(v: LuaValue): string | undefined {
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function createEventsModule(node: Node, bus: EventBus<LuaValue>): LuaTable {
  const mod = makeLib({
    subscribe: (...args: LuaValue[]) => {
      const p = node.current;
      if (p === undefined) return fail(KIND.INTERNAL, 'events.subscribe needs a process context');
      const system = nonEmpty(args[0]);
      if (system === undefined) return fail(KIND.INVALID, 'system is required');
      const k = args[1];
      if (k !== undefined && typeof k !== 'string') return fail(KIND.INVALID, 'kind must be a string');
      const ch = new Channel(SUBSCRIPTION_BUFFER);
      const s: Sub = { ch, owner: p, bus: undefined as unknown as BusSubscription };
      s.bus = bus.subscribe(system, k === '' ? undefined : k, (ev) => {
        if (ch.closed) return;
        ch.trySend(eventTable(ev.system, ev.kind, ev.path, ev.data));
      });
      track(p, s);
      return new Userdata(s, subMeta);
    },
    send: (...args: LuaValue[]) => {
      if (node.current === undefined) return fail(KIND.INTERNAL, 'events.send needs a process context');
      const system = nonEmpty(args[0]);
      if (system === undefined) return fail(KIND.INVALID, 'system is required');
      const kind = nonEmpty(args[1]);
      if (kind === undefined) return fail(KIND.INVALID, 'kind is required');
      const path = nonEmpty(args[2]);
      if (path === undefined) return fail(KIND.INVALID, 'path is required');
      // snapshot now: later changes by the sender are not seen by subscribers
      const data = args[3] === undefined ? undefined : copyValue(args[3]);
      bus.publish(system, kind, path, data);
      return true;
    },
  });
  mod.frozen = true;
  return mod;
}
