// The `websocket` client module (spec services §1.11), on the `ws` package. `connect`
// suspends until the handshake completes; received frames arrive on a channel as
// `{type = "text"|"binary", data}`, and the channel closes when the connection does;
// `send` suspends until the frame is written.
// Durations: numbers are milliseconds here (unlike http_client's seconds), strings are
// Go durations.

import WebSocket from 'ws';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib } from '../lua/lib/args.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { Channel } from '../kernel/channel.js';
import { channelValue } from './channel.js';
import { makeError, KIND } from './errors.js';
import { parseDurationMs } from '../system/duration.js';
import { httpSecurityOf } from '../http/security.js';
import type { Node } from '../kernel/process.js';

interface Conn {
  ws: WebSocket;
  channel: Channel;
}

const CLOSE_CODES: Record<string, number> = {
  NORMAL: 1000, GOING_AWAY: 1001, PROTOCOL_ERROR: 1002, UNSUPPORTED_DATA: 1003, RESERVED: 1004, NO_STATUS: 1005,
  ABNORMAL_CLOSURE: 1006, INVALID_PAYLOAD: 1007, POLICY_VIOLATION: 1008, MESSAGE_TOO_BIG: 1009, MANDATORY_EXTENSION: 1010,
  INTERNAL_ERROR: 1011, SERVICE_RESTART: 1012, TRY_AGAIN_LATER: 1013, BAD_GATEWAY: 1014, TLS_HANDSHAKE: 1015,
};

function ms(v: LuaValue, dflt: number): number {
  if (typeof v === 'number') return v;
  try {
    return parseDurationMs(v, dflt);
  } catch {
    return dflt;
  }
}

function frame(type: string, data: string): LuaTable {
  const t = new LuaTable();
  t.setStr('type', type);
  t.setStr('data', data);
  return t;
}

const conn = (self: LuaValue): Conn => (self as Userdata).data as Conn;

const send: LuaFunction = () => yieldPlain();
send.$g = function* (self: LuaValue, data: LuaValue, type: LuaValue): LuaGen {
  const c = conn(self);
  if (c.ws.readyState !== WebSocket.OPEN) return [false, makeError(KIND.INTERNAL, 'websocket is not open')];
  const w = new Waiter();
  const buf = Buffer.from(String(data ?? ''), 'latin1');
  c.ws.send(type === 2 ? buf : buf.toString('utf8'), { binary: type === 2 }, (err) => w.complete(err));
  const err = (yield new BlockSignal(w)) as Error | undefined;
  return err ? [false, makeError(KIND.INTERNAL, `send failed: ${err.message}`, { retryable: true })] : [true, undefined];
};
send.$name = 'send';

const clientMeta = new LuaTable();
clientMeta.setStr('__name', 'websocket.Client');
clientMeta.setStr('__index', makeLib({
  send,
  ping: (self: LuaValue) => {
    const c = conn(self);
    if (c.ws.readyState !== WebSocket.OPEN) return [false, makeError(KIND.INTERNAL, 'websocket is not open')];
    c.ws.ping();
    return true;
  },
  channel: (self: LuaValue) => channelValue(conn(self).channel),
  receive: (self: LuaValue) => channelValue(conn(self).channel),
  close: (self: LuaValue, code: LuaValue, reason: LuaValue) => {
    const c = conn(self);
    if (c.ws.readyState === WebSocket.OPEN || c.ws.readyState === WebSocket.CONNECTING) {
      c.ws.close(typeof code === 'number' ? code : 1000, reason === undefined ? undefined : String(reason));
    }
    return true;
  },
}));

function connectFor(node: Node): LuaFunction {
const connect: LuaFunction = () => yieldPlain();
connect.$g = function* (url: LuaValue, opts: LuaValue): LuaGen {
  const u = String(url ?? '');
  if (!/^wss?:\/\//i.test(u)) return [undefined, makeError(KIND.INVALID, `invalid websocket URL '${u}'`)];
  // spec §1.11: `websocket.connect` (no resource) and `websocket.connect.url` (the URL), as the caller
  const allowed = httpSecurityOf(node).clientAllowed;
  const caller = node.current;
  if (allowed !== undefined && (!allowed(caller, 'websocket.connect', '') || !allowed(caller, 'websocket.connect.url', u))) {
    return [undefined, makeError(KIND.PERMISSION_DENIED, `websocket.connect denied for ${u}`)];
  }
  const o = opts instanceof LuaTable ? opts : new LuaTable();
  const headers: Record<string, string> = {};
  const h = o.get('headers');
  if (h instanceof LuaTable) {
    let k: LuaValue = undefined;
    for (let n = h.next(k); n !== undefined; n = h.next(k)) { k = n[0]; headers[String(n[0])] = String(n[1]); }
  }
  const protocols: string[] = [];
  const p = o.get('protocols');
  if (p instanceof LuaTable) for (let i = 1; i <= p.length(); i++) protocols.push(String(p.get(i)));
  const readLimit = o.get('read_limit');
  const compression = o.get('compression');
  const ws = new WebSocket(u, protocols, {
    headers,
    handshakeTimeout: ms(o.get('dial_timeout'), 30000),
    maxPayload: typeof readLimit === 'number' && readLimit > 0 ? readLimit : 32 * 1024 * 1024,
    perMessageDeflate: compression === 1 || compression === 2 ? { serverNoContextTakeover: compression === 2, clientNoContextTakeover: compression === 2 } : false,
  });
  const channel = new Channel(Infinity);
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (!channel.closed) channel.trySend(frame(isBinary ? 'binary' : 'text', data.toString('latin1')));
  });
  ws.on('close', () => { if (!channel.closed) channel.close(); });
  const w = new Waiter();
  let opened = false;
  ws.once('open', () => { opened = true; w.complete(undefined); });
  ws.once('error', (e) => { if (!opened) w.complete(e); });
  ws.on('error', () => { /* after open, errors end in 'close' */ });
  w.onCancel(() => { if (!opened) ws.terminate(); });
  const err = (yield new BlockSignal(w)) as Error | undefined;
  if (err !== undefined) return [undefined, makeError(KIND.INTERNAL, `websocket connect failed: ${err.message}`, { retryable: true })];
  return [new Userdata({ ws, channel } satisfies Conn, clientMeta), undefined];
};
connect.$name = 'connect';
return connect;
}

// one module table per runtime: `connect` checks permissions against that app's hooks
const wsModules = new WeakMap<Node, LuaTable>();

export function createWebsocketModule(node: Node): LuaTable {
  const cached = wsModules.get(node);
  if (cached !== undefined) return cached;
  const codes = makeLib(CLOSE_CODES);
  codes.frozen = true;
  const compression = makeLib({ DISABLED: 0, CONTEXT_TAKEOVER: 1, NO_CONTEXT: 2 });
  compression.frozen = true;
  const wsModule = makeLib({
    connect: connectFor(node), TEXT: 1, BINARY: 2,
    TYPE_TEXT: 'text', TYPE_BINARY: 'binary', TYPE_PING: 'ping', TYPE_PONG: 'pong', TYPE_CLOSE: 'close',
    CLOSE_CODES: codes, COMPRESSION: compression,
  });
  wsModule.frozen = true;
  wsModules.set(node, wsModule);
  return wsModule;
}
