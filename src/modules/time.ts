// The `time` module: the pure parts (durations, Time values, layouts: ./time/) plus the
// timers, which park the calling coroutine or feed a channel from the event loop.
// Timers belong to the process that made them and are cleared when it exits.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { rtError } from '../lua/runtime/errors.js';
import { makeLib } from '../lua/lib/args.js';
import { Channel } from '../kernel/channel.js';
import type { Node, Process } from '../kernel/process.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { channelValue } from './channel.js';
import { KIND, makeError } from './errors.js';
import { createTimePure, toNanos, nowTime } from './time/index.js';
import { timeMeta, locationMeta } from './time/timeobj.js';
import { durationMeta } from './time/duration.js';
import { markPortable } from '../kernel/copy.js';

// Time, Duration and Location values are immutable: they cross processes as they are.
markPortable(timeMeta);
markPortable(locationMeta);
markPortable(durationMeta);

type Handle = ReturnType<typeof setTimeout>;

/** Timers of a process, cleared when it exits. */
function track(p: Process | undefined, h: Handle, interval = false): void {
  if (p === undefined) return;
  let set = p.ctx.timers as Set<{ h: Handle; interval: boolean }> | undefined;
  if (set === undefined) {
    set = new Set();
    p.ctx.timers = set;
    const s = set;
    p.onExit(() => { for (const t of s) (t.interval ? clearInterval : clearTimeout)(t.h); s.clear(); });
  }
  set.add({ h, interval });
}

function durationMs(v: LuaValue): number | string {
  const ns = toNanos(v);
  if (typeof ns === 'string') return ns;
  return ns / 1e6;
}

export function createTimeModule(node: Node): LuaTable {
  const pure = createTimePure();
  const invalid = (msg: string) => [undefined, makeError(KIND.INVALID, msg)];

  const sleep: LuaFunction = () => yieldPlain();
  sleep.$g = function* (d: LuaValue): LuaGen {
    const ms = durationMs(d);
    if (typeof ms === 'string') return rtError(ms);
    const w = new Waiter();
    const h = setTimeout(() => w.complete(undefined), Math.max(0, ms));
    w.onCancel(() => clearTimeout(h));
    yield new BlockSignal(w);
    return [];
  };
  sleep.$name = 'sleep';

  const after = (d: LuaValue) => {
    const ms = durationMs(d);
    if (typeof ms === 'string') return invalid(ms);
    if (ms <= 0) return invalid('duration must be positive');
    const ch = new Channel(1);
    const h = setTimeout(() => ch.trySend(nowTime()), ms);
    track(node.current, h);
    return channelValue(ch);
  };

  const timerMeta = new LuaTable();
  type T = { ch: Channel; h: Handle | undefined; fired: boolean };
  const arm = (t: T, ms: number) => {
    t.fired = false;
    t.h = setTimeout(() => { t.fired = true; t.h = undefined; t.ch.trySend(nowTime()); }, ms);
    track(node.current, t.h);
  };
  timerMeta.setStr('__index', makeLib({
    response: (self: LuaValue) => channelValue((self as Userdata).data.ch),
    channel: (self: LuaValue) => channelValue((self as Userdata).data.ch),
    stop: (self: LuaValue) => {
      const t = (self as Userdata).data as T;
      if (t.h === undefined) return false;
      clearTimeout(t.h);
      t.h = undefined;
      return !t.fired;
    },
    reset: (self: LuaValue, d: LuaValue) => {
      const t = (self as Userdata).data as T;
      const ms = durationMs(d);
      if (typeof ms === 'string' || ms <= 0) return false;
      if (t.h !== undefined) clearTimeout(t.h);
      arm(t, ms);
      return true;
    },
  }));
  timerMeta.setStr('__name', 'time.Timer');

  const tickerMeta = new LuaTable();
  tickerMeta.setStr('__index', makeLib({
    response: (self: LuaValue) => channelValue((self as Userdata).data.ch),
    channel: (self: LuaValue) => channelValue((self as Userdata).data.ch),
    stop: (self: LuaValue) => { clearInterval((self as Userdata).data.h); return true; },
  }));
  tickerMeta.setStr('__name', 'time.Ticker');

  const mod = makeLib({
    ...pure,
    sleep,
    after,
    timer: (d: LuaValue) => {
      const ms = durationMs(d);
      if (typeof ms === 'string') return invalid(ms);
      if (ms <= 0) return invalid('duration must be positive');
      const t: T = { ch: new Channel(1), h: undefined, fired: false };
      arm(t, ms);
      return new Userdata(t, timerMeta);
    },
    ticker: (d: LuaValue) => {
      const ms = durationMs(d);
      if (typeof ms === 'string') return invalid(ms);
      if (ms <= 0) return invalid('duration must be positive');
      const ch = new Channel(1);
      // like Go, a tick is dropped when the previous one was not received yet
      const h = setInterval(() => { if (ch.size === 0) ch.trySend(nowTime()); }, ms);
      track(node.current, h, true);
      return new Userdata({ ch, h }, tickerMeta);
    },
  });
  mod.frozen = true;
  return mod;
}
