// The Stream object Lua code reads bodies with: `read(n?)` returns the next chunk (at most
// n bytes when n is given) or nil at the end, `close()`. A source is either a whole buffer
// (a request body, already received) or an async reader (a streamed http_client response),
// in which case `read` suspends the calling coroutine until data arrives.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib } from '../lua/lib/args.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { fail, KIND } from '../modules/errors.js';

export interface AsyncSource {
  /** the next chunk, or undefined at the end */
  next(): Promise<Buffer | undefined>;
  close(): void;
}

interface StreamState {
  /** bytes received but not yet handed to Lua */
  pending: Buffer;
  source: AsyncSource | undefined;
  eof: boolean;
  closed: boolean;
  size: number;
}

function take(st: StreamState, n: number | undefined): string | undefined {
  if (st.pending.length === 0) return undefined;
  const k = n === undefined || n <= 0 ? st.pending.length : Math.min(n, st.pending.length);
  const out = st.pending.subarray(0, k).toString('latin1');
  st.pending = st.pending.subarray(k);
  return out;
}

const read: LuaFunction = (self: LuaValue, n: LuaValue) => {
  const st = (self as Userdata).data as StreamState;
  if (st.closed) return fail(KIND.INVALID, 'stream is closed', { retryable: false });
  if (st.source === undefined || st.pending.length > 0) return take(st, typeof n === 'number' ? n : undefined);
  return yieldPlain();
};
read.$g = function* (self: LuaValue, n: LuaValue): LuaGen {
  const st = (self as Userdata).data as StreamState;
  if (st.closed) return fail(KIND.INVALID, 'stream is closed', { retryable: false });
  const limit = typeof n === 'number' ? n : undefined;
  while (st.pending.length === 0 && !st.eof && st.source !== undefined) {
    const w = new Waiter();
    st.source.next().then((b) => w.complete({ b }), (e: unknown) => w.complete({ e }));
    const r = (yield new BlockSignal(w)) as { b?: Buffer; e?: unknown };
    if (r.e !== undefined) return fail(KIND.INTERNAL, `stream read failed: ${(r.e as Error).message ?? String(r.e)}`, { retryable: true });
    if (r.b === undefined) st.eof = true;
    else st.pending = r.b;
  }
  return take(st, limit);
};
read.$name = 'read';

const streamMeta = new LuaTable();
streamMeta.setStr('__name', 'Stream');
streamMeta.setStr('__index', makeLib({
  read,
  close: (self: LuaValue) => {
    const st = (self as Userdata).data as StreamState;
    if (!st.closed) {
      st.closed = true;
      st.source?.close();
    }
    return true;
  },
  stat: (self: LuaValue) => {
    const st = (self as Userdata).data as StreamState;
    const t = new LuaTable();
    t.setStr('size', st.size);
    return t;
  },
}));

export function streamValue(body: Buffer): Userdata {
  return new Userdata({ pending: body, source: undefined, eof: true, closed: false, size: body.length } satisfies StreamState, streamMeta);
}

export function asyncStreamValue(source: AsyncSource): Userdata {
  return new Userdata({ pending: Buffer.alloc(0), source, eof: false, closed: false, size: -1 } satisfies StreamState, streamMeta);
}
