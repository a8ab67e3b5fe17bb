// The `channel` global: Lua's face of kernel channels, with `select`.
// A channel keeps one userdata for its whole life, so `r.channel == ch` holds.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, EMPTY, type LuaFunction, type LuaGen, type LuaResult, type LuaValue } from '../lua/runtime/types.js';
import { rtError } from '../lua/runtime/errors.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib, optInt, typeError } from '../lua/lib/args.js';
import { Channel, ChannelClosed, CLOSED, DIRECT, NOTHING, selectArm, selectNow, type CaseResult, type SelectCase } from '../kernel/channel.js';
import { Waiter } from '../kernel/waiter.js';

type View = ((v: any) => LuaValue) | undefined;

/** A kernel channel's Lua face lives in its `face` (the userdata) and `faceView` fields. */
type LuaChannel = Channel;

const chanMeta = new LuaTable();
const caseMeta = new LuaTable();

/** The Lua userdata of a kernel channel (created once per channel). */
export function channelValue(ch: Channel, view?: View): Userdata {
  if (ch.face === undefined) {
    ch.face = new Userdata(ch, chanMeta);
    ch.faceView = view;
  }
  return ch.face as Userdata;
}

function checkChan(v: LuaValue, fname: string): LuaChannel {
  if (v instanceof Userdata && v.mt === chanMeta) return v.data;
  return typeError(1, fname, 'channel', v);
}

function view(ch: LuaChannel, v: unknown): LuaValue {
  const f = ch.faceView as View;
  return f !== undefined && v !== undefined ? f(v) : v as LuaValue;
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
  const r = (yield w) as CaseResult;
  if (r.closed) return rtError('send on closed channel');
  return true;
});

/**
 * `ch:receive()` suspends every time a process waits for a message, so its generator twin
 * is not a generator: a generator object (and its register file, kept while the process is
 * parked) per receive, and one more `yield*` level resumed per message, for a function that
 * yields at most once. `yield*` accepts any iterator; a receive from a plain kernel channel
 * (an inbox, channel.new) returns one of these two. Channel subclasses (workflow channels)
 * keep the general generator.
 */
class Received implements Iterator<unknown, LuaResult, unknown> {
  constructor(private result: LuaResult) {}
  [Symbol.iterator](): this {
    return this;
  }
  next(): IteratorResult<unknown, LuaResult> {
    return { done: true, value: this.result };
  }
  return(v: LuaResult): IteratorResult<unknown, LuaResult> {
    return { done: true, value: v };
  }
  throw(e: unknown): never {
    throw e;
  }
}

/**
 * A parked receive: the waiter is the signal yielded up to the scheduler and the iterator.
 * It keeps its channel in the signal's `data`, and needs no state of its own: its first
 * `next` comes before anything can complete it, its second after the channel did.
 */
class ReceiveWait extends Waiter implements Iterator<unknown, LuaResult, unknown> {
  constructor(ch: LuaChannel) {
    super();
    this.data = ch;
  }
  [Symbol.iterator](): this {
    return this;
  }
  next(v: unknown): IteratorResult<unknown, LuaResult> {
    if (!this.done) return { done: false, value: this };
    // resumed with what the channel completed this waiter with (see Channel DIRECT)
    return { done: true, value: v === CLOSED ? [undefined, false] : [view(this.data as LuaChannel, v), true] };
  }
  return(v: LuaResult): IteratorResult<unknown, LuaResult> {
    this.cancel();
    return { done: true, value: v };
  }
  throw(e: unknown): never {
    this.cancel();
    throw e;
  }
}

const receive = blocking('receive', function (self: LuaValue): LuaGen {
  const ch = checkChan(self, 'receive');
  if (Object.getPrototypeOf(ch) === Channel.prototype) {
    const now = ch.receiveNow();
    if (now !== NOTHING) return new Received(now === CLOSED ? [undefined, false] : [view(ch, now), true]) as unknown as LuaGen;
    const w = new ReceiveWait(ch);
    ch.addReceiver(w, DIRECT);
    return w as unknown as LuaGen;
  }
  return receiveAny(ch);
});

function* receiveAny(ch: LuaChannel): LuaGen {
  const now = ch.tryReceive();
  if (now !== undefined) return [view(ch, now.value), now.ok];
  const w = new Waiter();
  ch.addReceiver(w, 0);
  const r = (yield w) as CaseResult;
  return [view(ch, r.value), r.ok];
}

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
  const r = (yield w) as CaseResult;
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
