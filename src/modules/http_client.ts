// The `http_client` module (spec services §1.10): outbound HTTP from Lua. A request
// suspends the calling coroutine until the response (or its head, when streaming) arrives.
//
// Built on node:http/https rather than fetch: client certificates, a private CA, TLS server
// name and Unix sockets are per-request socket options there, while fetch takes them only
// through an undici Agent, which Node does not expose without the undici package.
// Redirects (up to 10) are followed as fetch would; `url` in the response is the final one.
//
// Permissions (spec §1.10): each request asks the app's security hooks (src/http/security.ts,
// filled by src/security/http.ts) for `http_client.request` on the URL, `.unix_socket`,
// `.insecure_tls` and, for a private or loopback address, `.private_ip` on the IP. The check
// runs as the process that made the call, captured before any await.

import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { lookup } from 'node:dns/promises';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib } from '../lua/lib/args.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { makeError, KIND } from './errors.js';
import { parseDurationMs } from '../system/duration.js';
import { asyncStreamValue } from '../http/stream.js';
import { httpSecurityOf } from '../http/security.js';
import type { Node, Process } from '../kernel/process.js';
import { inSubnet } from '../http/middleware.js';

const DEFAULT_MAX_BODY = 100 * 1024 * 1024;
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10'];

interface Options {
  headers: Record<string, string>;
  body: Buffer | undefined;
  timeoutMs: number;
  stream: boolean;
  maxBody: number;
  socketPath: string | undefined;
  tls: { cert?: string; key?: string; ca?: string; servername?: string; insecure: boolean };
}

type Outcome = { ok: LuaTable } | { error: LuaValue };

class ClientError extends Error {
  constructor(public kind: string, message: string, public retryable = false) {
    super(message);
  }
}

const bytes = (v: LuaValue) => Buffer.from(String(v), 'latin1');

/** Form encoding of a byte string: unreserved bytes stay, space is `+`, the rest %XX. */
export function encodeUri(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95 || c === 126) out += s[i];
    else if (c === 32) out += '+';
    else out += '%' + c.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export function decodeUri(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '+') out += ' ';
    else if (ch === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else out += ch;
  }
  return out;
}

function tableEntries(t: LuaValue): [string, string][] {
  if (!(t instanceof LuaTable)) return [];
  const out: [string, string][] = [];
  let k: LuaValue = undefined;
  for (;;) {
    const n = t.next(k);
    if (n === undefined) break;
    k = n[0];
    out.push([String(n[0]), String(n[1])]);
  }
  return out;
}

function parseOptions(o: LuaValue, url: URL): Options {
  const opts: Options = { headers: {}, body: undefined, timeoutMs: 0, stream: false, maxBody: DEFAULT_MAX_BODY, socketPath: undefined, tls: { insecure: false } };
  if (o === undefined) return opts;
  if (!(o instanceof LuaTable)) throw new ClientError(KIND.INVALID, 'options must be a table');
  for (const [k, v] of tableEntries(o.get('headers'))) opts.headers[k.toLowerCase()] = v;
  for (const [k, v] of tableEntries(o.get('query'))) url.searchParams.append(k, v);
  const cookies = tableEntries(o.get('cookies'));
  if (cookies.length > 0) {
    const c = cookies.map(([k, v]) => `${k}=${v}`).join('; ');
    opts.headers.cookie = opts.headers.cookie ? `${opts.headers.cookie}; ${c}` : c;
  }
  const auth = o.get('auth');
  if (auth instanceof LuaTable) {
    opts.headers.authorization = 'Basic ' + Buffer.from(`${String(auth.get('user') ?? '')}:${String(auth.get('pass') ?? '')}`, 'latin1').toString('base64');
  }
  const body = o.get('body');
  const form = o.get('form');
  const files = o.get('files');
  if (body !== undefined) opts.body = bytes(body);
  else if (files instanceof LuaTable) {
    const boundary = '----wippy' + Math.random().toString(36).slice(2);
    const parts: Buffer[] = [];
    for (const [k, v] of tableEntries(form)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n`, 'latin1'), bytes(v), Buffer.from('\r\n'));
    }
    for (let i = 1; i <= files.length(); i++) {
      const f = files.get(i);
      if (!(f instanceof LuaTable)) continue;
      const name = String(f.get('name') ?? 'file'), filename = String(f.get('filename') ?? name);
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`, 'latin1'),
        bytes(f.get('content') ?? ''), Buffer.from('\r\n'));
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    opts.body = Buffer.concat(parts);
    opts.headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
  } else if (form instanceof LuaTable) {
    opts.body = Buffer.from(tableEntries(form).map(([k, v]) => `${encodeUri(k)}=${encodeUri(v)}`).join('&'), 'latin1');
    opts.headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  const timeout = o.get('timeout');
  if (typeof timeout === 'number') opts.timeoutMs = timeout * 1000;
  else if (typeof timeout === 'string') {
    try {
      opts.timeoutMs = parseDurationMs(timeout, 0);
    } catch {
      throw new ClientError(KIND.INVALID, `invalid timeout '${timeout}'`);
    }
  }
  opts.stream = o.get('stream') === true;
  const max = o.get('max_response_body');
  if (typeof max === 'number' && max > 0) opts.maxBody = max;
  const sock = o.get('unix_socket');
  if (typeof sock === 'string' && sock !== '') opts.socketPath = sock;
  const tls = o.get('tls');
  if (tls instanceof LuaTable) {
    const s = (k: string) => { const v = tls.get(k); return typeof v === 'string' && v !== '' ? v : undefined; };
    opts.tls = { cert: s('cert'), key: s('key'), ca: s('ca'), servername: s('server_name'), insecure: tls.get('insecure_skip_verify') === true };
    if ((opts.tls.cert === undefined) !== (opts.tls.key === undefined)) throw new ClientError(KIND.INVALID, 'tls.cert and tls.key go together');
  }
  return opts;
}

async function checkAllowed(node: Node, caller: Process | undefined, url: URL, opts: Options): Promise<void> {
  const hook = httpSecurityOf(node).clientAllowed;
  if (hook === undefined) return;
  const allowed = (action: string, resource: string) => hook(caller, action, resource);
  if (!allowed('http_client.request', url.href)) throw new ClientError(KIND.PERMISSION_DENIED, `http_client.request denied for ${url.href}`);
  if (opts.socketPath !== undefined && !allowed('http_client.unix_socket', opts.socketPath)) {
    throw new ClientError(KIND.PERMISSION_DENIED, `http_client.unix_socket denied for ${opts.socketPath}`);
  }
  if (opts.tls.insecure && !allowed('http_client.insecure_tls', url.href)) throw new ClientError(KIND.PERMISSION_DENIED, 'http_client.insecure_tls denied');
  if (opts.socketPath === undefined) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const ip = isIP(host) ? host : (await lookup(host).catch(() => ({ address: '' }))).address;
    if (ip !== '' && PRIVATE.some((n) => inSubnet(ip.replace(/^::ffff:/, ''), n)) && !allowed('http_client.private_ip', ip)) {
      throw new ClientError(KIND.PERMISSION_DENIED, `http_client.private_ip denied for ${ip}`);
    }
  }
}

function headerTable(res: IncomingMessage): { headers: LuaTable; cookies: LuaTable } {
  const headers = new LuaTable(), cookies = new LuaTable();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    headers.setStr(k, Array.isArray(v) ? v.join(', ') : v);
  }
  for (const c of res.headers['set-cookie'] ?? []) {
    const pair = c.split(';')[0];
    const i = pair.indexOf('=');
    if (i > 0) cookies.setStr(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
  }
  return { headers, cookies };
}

function send(method: string, url: URL, opts: Options, onAbort: (abort: () => void) => void, redirects = 0): Promise<LuaTable> {
  return new Promise((resolve, reject) => {
    const isHttps = url.protocol === 'https:';
    const ro: RequestOptions & Record<string, unknown> = {
      method, headers: { ...opts.headers }, socketPath: opts.socketPath,
      hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: url.pathname + url.search,
    };
    if (opts.body !== undefined) (ro.headers as Record<string, string>)['content-length'] = String(opts.body.length);
    if (isHttps) Object.assign(ro, { cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, servername: opts.tls.servername, rejectUnauthorized: !opts.tls.insecure });
    const req = (isHttps ? httpsRequest : httpRequest)(ro, (res) => {
      const status = res.statusCode ?? 0;
      const loc = res.headers.location;
      if (loc !== undefined && [301, 302, 303, 307, 308].includes(status) && redirects < 10) {
        res.resume();
        const next = new URL(loc, url);
        const keepBody = status === 307 || status === 308;
        const nextOpts = keepBody ? opts : { ...opts, body: undefined, headers: { ...opts.headers } };
        if (!keepBody) delete nextOpts.headers['content-type'];
        send(keepBody || method === 'HEAD' ? method : 'GET', next, nextOpts, onAbort, redirects + 1).then(resolve, reject);
        return;
      }
      const { headers, cookies } = headerTable(res);
      const t = new LuaTable();
      t.setStr('status_code', status);
      t.setStr('headers', headers);
      t.setStr('cookies', cookies);
      t.setStr('url', url.href);
      if (opts.stream) {
        const it = res[Symbol.asyncIterator]();
        t.setStr('stream', asyncStreamValue({
          next: async () => { const r = await it.next(); return r.done ? undefined : (r.value as Buffer); },
          close: () => res.destroy(),
        }));
        t.setStr('body_size', -1);
        resolve(t);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBody) {
          res.destroy();
          reject(new ClientError(KIND.INVALID, `response body exceeds ${opts.maxBody} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        t.setStr('body', body.toString('latin1'));
        t.setStr('body_size', body.length);
        resolve(t);
      });
      res.on('error', (e) => reject(new ClientError(KIND.INTERNAL, e.message, true)));
    });
    if (opts.timeoutMs > 0) {
      req.setTimeout(opts.timeoutMs, () => req.destroy(new ClientError(KIND.INTERNAL, `request timed out after ${opts.timeoutMs} ms`, true)));
    }
    req.on('error', (e) => reject(e instanceof ClientError ? e : new ClientError(KIND.INTERNAL, e.message, true)));
    onAbort(() => req.destroy(new ClientError(KIND.CANCELED, 'request canceled')));
    if (opts.body !== undefined) req.end(opts.body);
    else req.end();
  });
}

/** Start one request; `done` gets the response table or an error value. */
function start(node: Node, method: string, rawUrl: LuaValue, o: LuaValue, done: (r: Outcome) => void, allowStream = true): () => void {
  let abort = () => {};
  const caller = node.current;
  void (async () => {
    let url: URL;
    try {
      url = new URL(String(rawUrl ?? ''));
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClientError(KIND.INVALID, `unsupported URL scheme '${url.protocol}'`);
    } catch (e) {
      throw e instanceof ClientError ? e : new ClientError(KIND.INVALID, `invalid URL '${String(rawUrl)}'`);
    }
    const opts = parseOptions(o, url);
    if (opts.stream && !allowStream) throw new ClientError(KIND.INVALID, 'streaming is not allowed in request_batch');
    await checkAllowed(node, caller, url, opts);
    return send(method.toUpperCase(), url, opts, (a) => { abort = a; });
  })().then((t) => done({ ok: t }), (e: unknown) => {
    const ce = e instanceof ClientError ? e : new ClientError(KIND.INTERNAL, (e as Error)?.message ?? String(e), true);
    done({ error: makeError(ce.kind, ce.message, { retryable: ce.retryable }) });
  });
  return () => abort();
}

function suspendingRequest(node: Node, name: string, methodOf: (args: LuaValue[]) => [string, LuaValue, LuaValue]): LuaFunction {
  const f: LuaFunction = () => yieldPlain();
  f.$g = function* (...args: LuaValue[]): LuaGen {
    const [method, url, opts] = methodOf(args);
    const w = new Waiter();
    // a waiter runs its cleanups on completion too: abort only a request still under way
    let settled = false;
    const cancel = start(node, method, url, opts, (r) => { settled = true; w.complete(r); });
    w.onCancel(() => { if (!settled) cancel(); });
    const r = (yield new BlockSignal(w)) as Outcome;
    return 'ok' in r ? [r.ok, undefined] : [undefined, r.error];
  };
  f.$name = name;
  return f;
}

function requestBatch(node: Node): LuaFunction {
const batch: LuaFunction = () => yieldPlain();
batch.$g = function* (list: LuaValue): LuaGen {
  if (!(list instanceof LuaTable)) return [undefined, makeError(KIND.INVALID, 'request_batch expects a list of {method, url, options}')];
  const n = list.length();
  const outcomes: (Outcome | undefined)[] = new Array(n);
  const cancels: (() => void)[] = [];
  const w = new Waiter();
  let left = n;
  if (n === 0) return [new LuaTable(), undefined];
  for (let i = 0; i < n; i++) {
    const item = list.get(i + 1);
    const done = (r: Outcome) => { outcomes[i] = r; if (--left === 0) w.complete(undefined); };
    if (!(item instanceof LuaTable)) {
      done({ error: makeError(KIND.INVALID, `request ${i + 1} must be {method, url, options}`) });
      continue;
    }
    cancels.push(start(node, String(item.get(1) ?? 'GET'), item.get(2), item.get(3), done, false));
  }
  w.onCancel(() => { if (left > 0) cancels.forEach((c) => c()); });
  yield new BlockSignal(w);
  const responses = new LuaTable(), errors = new LuaTable();
  let failed = false;
  for (let i = 0; i < n; i++) {
    const r = outcomes[i]!;
    if ('ok' in r) responses.set(i + 1, r.ok);
    else { errors.set(i + 1, r.error); failed = true; }
  }
  return [responses, failed ? errors : undefined];
};
batch.$name = 'request_batch';
return batch;
}

// one module table per runtime: its functions check permissions against that app's hooks
const clientModules = new WeakMap<Node, LuaTable>();

export function createHttpClientModule(node: Node): LuaTable {
  const cached = clientModules.get(node);
  if (cached !== undefined) return cached;
  const verb = (m: string) => suspendingRequest(node, m, (a) => [m, a[0], a[1]]);
  const clientModule = makeLib({
    get: verb('GET'), post: verb('POST'), put: verb('PUT'), patch: verb('PATCH'), delete: verb('DELETE'), head: verb('HEAD'),
    request: suspendingRequest(node, 'request', (a) => [String(a[0] ?? 'GET'), a[1], a[2]]),
    request_batch: requestBatch(node),
    encode_uri: (s: LuaValue) => encodeUri(String(s ?? '')),
    decode_uri: (s: LuaValue) => {
      const r = decodeUri(String(s ?? ''));
      return r === undefined ? [undefined, makeError(KIND.INVALID, `invalid URL escape in '${String(s)}'`)] : [r, undefined];
    },
  });
  clientModule.frozen = true;
  clientModules.set(node, clientModule);
  return clientModule;
}
