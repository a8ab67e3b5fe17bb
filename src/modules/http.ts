// The `http` module for handlers of http.endpoint entries: `http.request()` and
// `http.response()` give the request and response of the HTTP exchange the calling process
// serves (src/http/exchange.ts), plus the METHOD/STATUS/CONTENT/TRANSFER/ERROR constants.
// Outside an HTTP handler both return `nil, err` of kind INTERNAL.
//
// Bodies: Lua strings are byte strings; the request body is the exact bytes received and
// the response body the exact bytes written. A large or chunked body may still be arriving
// when the handler starts (http/body.ts): body(), body_json(), has_body() and
// parse_multipart() suspend the calling coroutine until it is all there; stream() hands it
// over as it comes.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { makeLib } from '../lua/lib/args.js';
import { textToBytes } from '../lua/runtime/values.js';
import type { Node } from '../kernel/process.js';
import { fail, KIND } from './errors.js';
import { encodeJson, createJsonModule } from './json.js';
import type { Exchange } from '../http/exchange.js';
import { parseMultipart } from '../http/multipart.js';
import { streamValue, asyncStreamValue } from '../http/stream.js';
import { BodyTooLarge } from '../http/body.js';

const DEFAULT_MAX_BODY = 120 * 1024 * 1024;
const DEFAULT_READ_TIMEOUT_MS = 300_000;

/** Per-request options of `http.request(opts)`, kept on the exchange. */
interface ReadOptions {
  timeoutMs: number;
  maxBody: number;
}
const readOptions = new WeakMap<Exchange, ReadOptions>();
const DEFAULT_READ: ReadOptions = { timeoutMs: DEFAULT_READ_TIMEOUT_MS, maxBody: DEFAULT_MAX_BODY };

function tooLargeForHandler(size: number, max: number): LuaValue {
  return fail(KIND.INVALID, `request body too large: ${size} bytes, limit ${max}`, { retryable: false });
}

/** Wait for the rest of a body still arriving (server.ts reads large and chunked bodies on
 * demand); on return `x.body` holds it, or the result is the `nil, err` to give back. */
function* readWhole(x: Exchange): LuaGen {
  const o = readOptions.get(x) ?? DEFAULT_READ;
  const w = new Waiter();
  x.pending!.whole(o.timeoutMs).then((b) => w.complete({ b }), (e: unknown) => w.complete({ e }));
  const r = (yield new BlockSignal(w)) as { b?: Buffer; e?: Error };
  if (r.e !== undefined) {
    return r.e instanceof BodyTooLarge
      ? fail(KIND.INVALID, r.e.message, { retryable: false })
      : fail(KIND.INTERNAL, `cannot read request body: ${r.e.message}`, { retryable: false });
  }
  if (o.maxBody > 0 && r.b!.length > o.maxBody) return tooLargeForHandler(r.b!.length, o.maxBody);
  x.body = r.b;
  return undefined;
}

/** A request method that needs the whole body: immediate when it is there, else it suspends
 * the calling coroutine until the body has arrived. */
function withBody(use: (x: Exchange, arg: LuaValue) => LuaValue): LuaFunction {
  const f: LuaFunction = (self: LuaValue, arg: LuaValue) => {
    const x = ex(self);
    return x.body !== undefined || x.pending === undefined ? use(x, arg) : yieldPlain();
  };
  f.$g = function* (self: LuaValue, arg: LuaValue): LuaGen {
    const x = ex(self);
    if (x.body === undefined && x.pending !== undefined) {
      const err = yield* readWhole(x);
      if (err !== undefined) return err;
    }
    return use(x, arg);
  };
  return f;
}

function ex(self: LuaValue): Exchange {
  return (self as Userdata).data as Exchange;
}

function bodyText(x: Exchange): string {
  return x.body === undefined ? '' : x.body.toString('latin1');
}

function mediaType(ct: string | undefined): string {
  if (ct === undefined) return '';
  const i = ct.indexOf(';');
  return (i < 0 ? ct : ct.slice(0, i)).trim().toLowerCase();
}

const NO_QUERY: ReadonlyMap<string, string> = new Map();

/** Query parameters, parsed once per request: repeated keys are joined with commas, as the
 * reference does. */
function queryMap(x: Exchange): ReadonlyMap<string, string> {
  if (x.query !== undefined) return x.query;
  if (x.rawQuery === '') return NO_QUERY;
  const m = (x.query = new Map<string, string>());
  for (const [k, v] of new URLSearchParams(x.rawQuery)) {
    const key = textToBytes(k), val = textToBytes(v);
    const prev = m.get(key);
    m.set(key, prev === undefined ? val : prev + ',' + val);
  }
  return m;
}

function decodeJsonBody(x: Exchange): LuaValue {
  const text = bodyText(x);
  if (text === '') return fail(KIND.INVALID, 'request body is empty, expected JSON', { retryable: false });
  const decode = createJsonModule().get('decode') as (s: string) => LuaValue;
  const r = decode(text);
  if (Array.isArray(r)) {
    const err = r[1] as Userdata;
    const msg = (err.data as { message?: string }).message ?? 'invalid JSON';
    return fail(KIND.INVALID, `invalid JSON body: ${msg}`, { retryable: false });
  }
  return [r, undefined];
}

const requestMeta = new LuaTable();
requestMeta.setStr('__name', 'http.Request');
requestMeta.setStr('__index', makeLib({
  method: (self: LuaValue) => ex(self).req.method ?? 'GET',
  path: (self: LuaValue) => textToBytes(ex(self).path),
  param: (self: LuaValue, name: LuaValue) => {
    const v = ex(self).params?.[String(name)];
    return v === undefined ? undefined : textToBytes(v);
  },
  params: (self: LuaValue) => {
    const t = new LuaTable();
    const ps = ex(self).params;
    if (ps !== undefined) for (const [k, v] of Object.entries(ps)) t.setStr(k, textToBytes(v));
    return t;
  },
  query: (self: LuaValue, name: LuaValue) => queryMap(ex(self)).get(String(name)),
  query_params: (self: LuaValue) => {
    const t = new LuaTable();
    for (const [k, v] of queryMap(ex(self))) t.setStr(k, v);
    return t;
  },
  header: (self: LuaValue, name: LuaValue) => ex(self).header(String(name)),
  headers: (self: LuaValue) => {
    const t = new LuaTable();
    const h = ex(self).req.headers;
    for (const k of Object.keys(h)) {
      const v = h[k];
      t.setStr(k, Array.isArray(v) ? v.join(', ') : v);
    }
    return t;
  },
  content_type: (self: LuaValue) => ex(self).header('content-type'),
  content_length: (self: LuaValue) => {
    const x = ex(self);
    const h = x.header('content-length');
    // a chunked body has no length until it was read
    return h !== undefined ? Number(h) : (x.body?.length ?? (x.pending !== undefined ? -1 : 0));
  },
  host: (self: LuaValue) => ex(self).header('host'),
  remote_addr: (self: LuaValue) => {
    const x = ex(self);
    const ip = x.clientIp ?? x.socket.remoteAddress ?? '';
    return `${ip.includes(':') ? `[${ip}]` : ip}:${x.socket.remotePort ?? 0}`;
  },
  request_id: (self: LuaValue) => ex(self).requestId,
  body: withBody((x) => bodyText(x)),
  body_json: withBody((x) => decodeJsonBody(x)),
  has_body: withBody((x) => (x.body?.length ?? 0) > 0),
  is_content_type: (self: LuaValue, mime: LuaValue) => mediaType(ex(self).header('content-type')) === mediaType(String(mime)),
  accepts: (self: LuaValue, mime: LuaValue) => accepts(ex(self).header('accept'), String(mime)),
  stream: (self: LuaValue) => {
    const x = ex(self);
    // a body still arriving is handed over as it comes, never held whole
    if (x.body === undefined && x.pending !== undefined) return asyncStreamValue(x.pending.source((readOptions.get(x) ?? DEFAULT_READ).timeoutMs));
    return streamValue(x.body ?? Buffer.alloc(0));
  },
  parse_multipart: withBody((x) => {
    const r = parseMultipart(x.header('content-type'), x.body ?? Buffer.alloc(0));
    if ('error' in r) return fail(KIND.INVALID, r.error, { retryable: false });
    return [r.form, undefined];
  }),
}));

function accepts(header: string | undefined, mime: string): boolean {
  if (header === undefined || header.trim() === '') return true;
  const want = mediaType(mime);
  const [wType] = want.split('/');
  for (const part of header.split(',')) {
    const m = mediaType(part);
    if (m === '*/*' || m === want || m === `${wType}/*`) return true;
  }
  return false;
}

function headersSent(): LuaValue {
  return fail(KIND.INVALID, 'cannot set header: headers already sent', { retryable: false });
}

function writeFailed(): LuaValue {
  return fail(KIND.INTERNAL, 'write failed: client connection closed', { retryable: false });
}

function writeSse(x: Exchange, ev: LuaValue): LuaValue {
  if (!x.sse) {
    if (x.headSent) return headersSent();
    startSse(x);
  }
  let name: LuaValue, data: LuaValue, id: LuaValue;
  if (ev instanceof LuaTable) {
    name = ev.get('name');
    data = ev.get('data');
    id = ev.get('id');
  } else data = ev;
  const enc = data === undefined ? '' : encodeJson(data);
  if (typeof enc !== 'string') return fail(KIND.INTERNAL, `cannot encode event data: ${enc.message}`, { retryable: false });
  let s = '';
  if (id !== undefined) s += `id: ${String(id)}\n`;
  if (name !== undefined) s += `event: ${String(name)}\n`;
  for (const line of enc.split('\n')) s += `data: ${line}\n`;
  x.chunks.push(s + '\n');
  return x.flush() ? true : writeFailed();
}

function startSse(x: Exchange): void {
  x.sse = true;
  x.setHeader('Content-Type', 'text/event-stream');
  x.setHeader('Cache-Control', 'no-cache');
  x.setHeader('Connection', 'keep-alive');
  x.setHeader('X-Accel-Buffering', 'no');
  x.sendHead();
}

const responseMeta = new LuaTable();
responseMeta.setStr('__name', 'http.Response');
responseMeta.setStr('__index', makeLib({
  set_status: (self: LuaValue, code: LuaValue) => {
    const x = ex(self);
    if (x.headSent) return headersSent();
    const n = Number(code);
    if (!Number.isInteger(n) || n < 100 || n > 999) return fail(KIND.INVALID, `invalid status code ${String(code)}`, { retryable: false });
    x.status = n;
    return self;
  },
  set_header: (self: LuaValue, name: LuaValue, value: LuaValue) => {
    const x = ex(self);
    if (x.headSent) return headersSent();
    const n = String(name), v = String(value);
    if (/[\r\n]/.test(n) || /[\r\n]/.test(v)) return fail(KIND.INVALID, 'header names and values cannot contain line breaks', { retryable: false });
    x.setHeader(n, v);
    return self;
  },
  set_content_type: (self: LuaValue, mime: LuaValue) => {
    const x = ex(self);
    if (x.headSent) return headersSent();
    x.setHeader('Content-Type', String(mime));
    return self;
  },
  write: (self: LuaValue, data: LuaValue) => {
    const x = ex(self);
    if (x.ended) return writeFailed();
    if (data !== undefined) x.chunks.push(typeof data === 'string' ? data : String(data));
    return self;
  },
  write_json: (self: LuaValue, value: LuaValue) => {
    const x = ex(self);
    if (x.ended) return writeFailed();
    const s = encodeJson(value);
    if (typeof s !== 'string') return fail(KIND.INTERNAL, `cannot encode JSON: ${s.message}`, { retryable: false });
    if (!x.headSent && !x.headers.has('content-type')) x.setHeader('Content-Type', 'application/json');
    x.chunks.push(s);
    return self;
  },
  flush: (self: LuaValue) => (ex(self).flush() ? self : writeFailed()),
  set_transfer: (self: LuaValue, mode: LuaValue) => {
    const x = ex(self);
    if (mode === 'sse') {
      if (!x.sse) {
        if (x.headSent) return headersSent();
        startSse(x);
      }
      return self;
    }
    if (mode === 'chunked') {
      if (!x.headSent) x.sendHead();
      return self;
    }
    return fail(KIND.INVALID, `unknown transfer mode '${String(mode)}'`, { retryable: false });
  },
  write_event: (self: LuaValue, ev: LuaValue) => writeSse(ex(self), ev),
  headers_sent: (self: LuaValue) => ex(self).headSent,
}));

function constants(o: Record<string, LuaValue>): LuaTable {
  const t = makeLib(o);
  t.frozen = true;
  return t;
}

export function createHttpModule(node: Node): LuaTable {
  const exchange = (): Exchange | undefined => node.current?.ctx.http as Exchange | undefined;
  const noContext = () => fail(KIND.INTERNAL, 'no HTTP context: http.request/http.response work only in an HTTP handler', { retryable: false });
  const mod = makeLib({
    request: (opts: LuaValue) => {
      const x = exchange();
      if (x === undefined) return noContext();
      if (opts instanceof LuaTable) {
        const max = Number(opts.get('max_body') ?? DEFAULT_MAX_BODY);
        const timeout = Number(opts.get('timeout') ?? DEFAULT_READ_TIMEOUT_MS);
        readOptions.set(x, { maxBody: max, timeoutMs: timeout });
        // known now: a body already read, or the announced length of one still arriving
        const size = x.body?.length ?? Number(x.header('content-length') ?? 0);
        if (max > 0 && size > max) return tooLargeForHandler(size, max);
      }
      return (x.luaReq ??= new Userdata(x, requestMeta));
    },
    response: () => {
      const x = exchange();
      if (x === undefined) return noContext();
      return (x.luaRes ??= new Userdata(x, responseMeta));
    },
  });
  mod.setStr('METHOD', constants({ GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', PATCH: 'PATCH', HEAD: 'HEAD', OPTIONS: 'OPTIONS' }));
  mod.setStr('STATUS', constants({
    OK: 200, CREATED: 201, ACCEPTED: 202, NO_CONTENT: 204, PARTIAL_CONTENT: 206,
    MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303, NOT_MODIFIED: 304, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308,
    BAD_REQUEST: 400, UNAUTHORIZED: 401, PAYMENT_REQUIRED: 402, FORBIDDEN: 403, NOT_FOUND: 404, METHOD_NOT_ALLOWED: 405,
    NOT_ACCEPTABLE: 406, CONFLICT: 409, GONE: 410, UNPROCESSABLE: 422, TOO_MANY_REQUESTS: 429,
    INTERNAL_ERROR: 500, INTERNAL_SERVER_ERROR: 500, NOT_IMPLEMENTED: 501, BAD_GATEWAY: 502, SERVICE_UNAVAILABLE: 503,
    GATEWAY_TIMEOUT: 504, VERSION_NOT_SUPPORTED: 505,
  }));
  mod.setStr('CONTENT', constants({
    JSON: 'application/json', FORM: 'application/x-www-form-urlencoded', MULTIPART: 'multipart/form-data',
    TEXT: 'text/plain', STREAM: 'application/octet-stream',
  }));
  mod.setStr('TRANSFER', constants({ CHUNKED: 'chunked', SSE: 'sse' }));
  mod.setStr('ERROR', constants({ PARSE_FAILED: 'PARSE_FAILED', INVALID_STATE: 'INVALID_STATE', WRITE_FAILED: 'WRITE_FAILED', STREAM_ERROR: 'STREAM_ERROR' }));
  mod.frozen = true;
  return mod;
}
