// The `channel` global: Lua's face of kernel channels, with `select`.
// A channel keeps one userdata for its whole life, so `r.channel == ch` holds.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, EMPTY, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { rtError } from '../lua/runtime/errors.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib, optInt, typeError } from '../lua/lib/args.js';
import { Channel, ChannelClosed, selectArm, selectNow, type CaseResult, type SelectCase } from '../kernel/channel.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';

type View = ((v: any) => LuaValue) | undefined;

interface LuaChannel extends Channel {
  $ud?: Userdata;
  /** converts stored values for Lua (inbox messages -> Message userdata) */
  $view?: View;
}

const chanMeta = new LuaTable();
const caseMeta = new LuaTable();

/** The Lua userdata of a kernel channel (created once per channel). */
export function channelValue(ch: Channel, view?: View): Userdata {
  const c = ch as LuaChannel;
  if (c.$ud === undefined) {
    c.$ud = new Userdata(ch, chanMeta);
    c.$view = view;
  }
  return c.$ud;
}

function checkChan(v: LuaValue, fname: string): LuaChannel {
  if (v instanceof Userdata && v.mt === chanMeta) return v.data;
  return typeError(1, fname, 'channel', v);
}

function view(ch: LuaChannel, v: unknown): LuaValue {
  return ch.$view !== undefined && v !== undefined ? ch.$view(v) : v;
}

/** A Lua function that may block: plain callers get the non-blocking attempt only. */
function blocking(name: string, gen: (...args: LuaValue[]) => LuaGen): LuaFunction {
  const f: LuaFunction = () => yieldPlain();
  f.$g = gen;
  f.$name = name;
  return f;
}

function sendNow(ch: LuaChannel, v: LuaValue): boolean {
  try {
    return ch.trySend(v);
  } catch (e) {
    if (e instanceof ChannelClosed) return rtError('send on closed channel');
    throw e;
  }
}

const send = blocking('send', function* (self: LuaValue, v: LuaValue): LuaGen {
  const ch = checkChan(self, 'send');
  if (sendNow(ch, v)) return true;
  const w = new Waiter();
  ch.addSender(w, 0, v);
  const r = (yield new BlockSignal(w)) as CaseResult;
  if (r.closed) return rtError('send on closed channel');
  return true;
});

const receive = blocking('receive', function* (self: LuaValue): LuaGen {
  const ch = checkChan(self, 'receive');
  const now = ch.tryReceive();
  if (now !== undefined) return [view(ch, now.value), now.ok];
  const w = new Waiter();
  ch.addReceiver(w, 0);
  const r = (yield new BlockSignal(w)) as CaseResult;
  return [view(ch, r.value), r.ok];
});

chanMeta.setStr('__index', makeLib({
  send,
  receive,
  close: (self: LuaValue) => { checkChan(self, 'close').close(); return EMPTY; },
  case_send: (self: LuaValue, v: LuaValue) =>
    new Userdata({ channel: checkChan(self, 'case_send'), send: true, value: v } satisfies SelectCase, caseMeta),
  case_receive: (self: LuaValue) =>
    new Userdata({ channel: checkChan(self, 'case_receive'), send: false } satisfies SelectCase, caseMeta),
}));
chanMeta.setStr('__name', 'channel');
caseMeta.setStr('__name', 'channel.case');

function selectResult(cases: SelectCase[], r: CaseResult): LuaTable {
  const c = cases[r.idx] as SelectCase & { channel: LuaChannel };
  const t = new LuaTable();
  t.setStr('channel', channelValue(c.channel));
  t.setStr('value', c.send ? c.value : view(c.channel, r.value));
  t.setStr('ok', r.ok);
  return t;
}

function collectCases(list: LuaValue): { cases: SelectCase[]; dflt: boolean } {
  if (!(list instanceof LuaTable)) return typeError(1, 'select', 'table', list);
  const cases: SelectCase[] = [];
  for (const v of list.arr) {
    if (v instanceof Userdata && v.mt === caseMeta) cases.push(v.data);
    else rtError('select: every case must come from case_send or case_receive');
  }
  return { cases, dflt: list.getStr('default') === true };
}

const select = blocking('select', function* (list: LuaValue, dfltArg?: LuaValue): LuaGen {
  const { cases, dflt } = collectCases(list);
  const now = selectNow(cases);
  if (now !== undefined) {
    if (now.closed) return rtError('send on closed channel');
    return selectResult(cases, now);
  }
  if (dflt || dfltArg === true) {
    const t = new LuaTable();
    t.setStr('default', true);
    t.setStr('ok', true);
    return t;
  }
  if (cases.length === 0) return rtError('select with no cases would block forever');
  const w = new Waiter();
  selectArm(cases, w);
  const r = (yield new BlockSignal(w)) as CaseResult;
  if (r.closed) return rtError('send on closed channel');
  return selectResult(cases, r);
});

export function createChannelModule(): LuaTable {
  const mod = makeLib({
    new: (...args: LuaValue[]) => {
      const size = optInt(args, 0, 'new', 0);
      if (size < 0) return rtError("bad argument #1 to 'new' (size must be >= 0)");
      return channelValue(new Channel(size));
    },
    select,
  });
  mod.frozen = true;
  return mod;
}
