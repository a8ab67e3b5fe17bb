// One http.service: a Node.js HTTP server on the entry's `addr`, routing each request
// through the route table of the live registry (routes.ts) to an endpoint's function
// (handler.ts), a static mount (static.ts) or a relay (relay.ts).
//
// Request flow: route match -> router pre-middleware -> (404/405, static) -> post-middleware
// -> body read (bounded by `max_body`, 413 beyond) -> handler process -> response.
// Stopping drains: the listener closes at once, idle keep-alive connections are closed,
// requests in flight may finish until the stop timeout, then every connection is cut.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { clientCertRefusal, type TlsConfig } from './tls.js';
import type { TLSSocket } from 'node:tls';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Runtime, RtEntry } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';
import { parseDurationMs } from '../system/duration.js';
import { Exchange, newRequestId } from './exchange.js';
import { RouteTable, type RouterInfo } from './routes.js';
import { buildChain, type Middleware } from './middleware.js';
import { runHandler, failExchange } from './handler.js';
import { serveStatic, fsRoot } from './static.js';
import { sendFile } from './sendfile.js';
import { httpSecurityOf, type TokenResult } from './security.js';
import { Relays } from './relay.js';
import { PendingBody } from './body.js';

export interface ServerConfig {
  host: string | undefined;
  port: number;
  readMs: number;
  writeMs: number;
  idleMs: number;
  maxBody: number;
}

const DEFAULT_MAX_BODY = 120 * 1024 * 1024;
/** Bodies up to this size (with a Content-Length) are read whole before the handler runs;
 * larger and chunked ones are read while it runs, as it asks (body.ts). */
const READ_AHEAD_BODY = 64 * 1024;

/** `:8080`, `127.0.0.1:9090`, `[::1]:80`, `localhost:0` -> host and port. */
export function parseAddr(addr: string): { host: string | undefined; port: number } | { error: string } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(addr.trim());
  if (m === null) return { error: `invalid addr '${addr}': expected host:port or :port` };
  const port = Number(m[3]);
  if (port > 65535) return { error: `invalid addr '${addr}': port out of range` };
  const host = m[1] ?? (m[2] === '' ? undefined : m[2]);
  return { host, port };
}

/** `1048576`, `512KB`, `10MB`, `1GB` -> bytes. */
export function parseSize(v: unknown, dflt: number): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return dflt;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m|gb|g)?$/i.exec(v.trim());
  if (m === null) throw new Error(`invalid size '${v}'`);
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  return Math.floor(Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1));
}

export function serverConfig(data: Record<string, unknown>, addr: string): ServerConfig | { error: string } {
  const a = parseAddr(addr);
  if ('error' in a) return a;
  const t = (data.timeouts ?? {}) as Record<string, unknown>;
  try {
    return {
      ...a,
      readMs: parseDurationMs(t.read, 0),
      writeMs: parseDurationMs(t.write, 0),
      idleMs: parseDurationMs(t.idle, 5000),
      maxBody: parseSize(data.max_body, DEFAULT_MAX_BODY),
    };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

interface Chains {
  pre: Middleware[];
  post: Middleware[];
}

export class HttpServer {
  readonly server: Server;
  private table: RouteTable | undefined;
  private tableVersion = -1;
  private chains = new WeakMap<object, Chains>();
  private roots = new Map<string, string | { error: string }>();
  private baseline: TokenResult | undefined;
  readonly relays: Relays;
  /** the port actually bound (differs from the config for port 0) */
  port = 0;

  constructor(readonly entry: RtEntry, readonly rt: Runtime, readonly cfg: ServerConfig, tls?: TlsConfig) {
    const opts = { requestTimeout: cfg.readMs, headersTimeout: cfg.readMs > 0 ? Math.min(cfg.readMs, 60000) : 60000, keepAliveTimeout: cfg.idleMs };
    if (tls === undefined) this.server = createServer(opts);
    else {
      const { clientAuth, ...tlsOpts } = tls;
      this.server = createTlsServer({ ...opts, ...tlsOpts });
      if (clientAuth === 'require_any' || clientAuth === 'verify_if_given') {
        this.server.on('secureConnection', (s: TLSSocket) => {
          const why = clientCertRefusal(clientAuth, s);
          if (why === undefined) return;
          rt.log.log('warn', 'tls connection refused', { server: entry.id, remote: s.remoteAddress, reason: why });
          s.destroy();
        });
      }
    }
    if (cfg.writeMs > 0) this.server.setTimeout(cfg.writeMs);
    this.server.on('request', (req, res) => this.onRequest(req, res));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.server.on('clientError', (err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      else socket.destroy();
    });
    this.relays = new Relays(rt, entry.id);
    const sec = entry.data.lifecycle !== undefined ? (entry.data.lifecycle as Record<string, unknown>).security : undefined;
    if (sec !== undefined && sec !== null && typeof sec === 'object') {
      this.baseline = httpSecurityOf(rt.node).baseline?.(entry.id, sec as Record<string, unknown>)
        ?? baselineOf(sec as Record<string, unknown>);
    }
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(new Error(`cannot listen on ${String(this.entry.data.addr)}: ${e.message}`));
      this.server.once('error', onError);
      this.server.listen(this.cfg.port, this.cfg.host, () => {
        this.server.off('error', onError);
        const a = this.server.address();
        this.port = typeof a === 'object' && a !== null ? a.port : this.cfg.port;
        resolve();
      });
    });
  }

  /** Stop accepting, let requests in flight finish within `timeoutMs`, then cut the rest. */
  async close(timeoutMs: number): Promise<void> {
    const closed = new Promise<void>((res) => this.server.close(() => res()));
    this.server.closeIdleConnections();
    this.relays.closeAll();
    // a connection that finishes its request while draining becomes idle: close it then
    const sweep = setInterval(() => this.server.closeIdleConnections(), 25);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([closed, new Promise<void>((res) => { timer = setTimeout(res, timeoutMs); })]);
    clearInterval(sweep);
    clearTimeout(timer);
    this.server.closeAllConnections();
    await closed;
  }

  /** The route table of the current registry version (rebuilt after a change). */
  routes(): RouteTable {
    const reg = this.rt.entries as { version?: number };
    const v = reg.version ?? 0;
    if (this.table === undefined || v !== this.tableVersion) {
      this.table = new RouteTable(this.entry.id, this.rt.entries.all());
      this.tableVersion = v;
      this.roots.clear();
    }
    return this.table;
  }

  private chainsOf(key: RouterInfo | { id: string; middleware: string[]; options: Record<string, string> }, post?: { names: string[]; options: Record<string, string> }): Chains {
    let c = this.chains.get(key);
    if (c === undefined) {
      c = {
        pre: buildChain(key.middleware, key.options, false, this.rt.log, key.id, httpSecurityOf(this.rt.node)),
        post: post === undefined ? [] : buildChain(post.names, post.options, true, this.rt.log, key.id, httpSecurityOf(this.rt.node)),
      };
      this.chains.set(key, c);
    }
    return c;
  }

  private exchangeOf(req: IncomingMessage, res: ServerResponse | undefined, socket: Socket): Exchange | undefined {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const raw = q < 0 ? url : url.slice(0, q);
    let path = raw;
    if (raw.includes('%')) {
      try {
        path = decodeURIComponent(raw);
      } catch {
        return undefined;
      }
    }
    const x = new Exchange(req, res, socket, path, q < 0 ? '' : url.slice(q + 1));
    if (this.baseline !== undefined) {
      x.actor = this.baseline.actor;
      x.scope = this.baseline.scope;
    }
    return x;
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const x = this.exchangeOf(req, res, req.socket);
    if (x === undefined) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('malformed URL encoding in path');
      return;
    }
    this.dispatch(x, false);
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const x = this.exchangeOf(req, undefined, socket as Socket);
    if (x === undefined) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    x.upgradeHead = head;
    this.dispatch(x, true);
  }

  private dispatch(x: Exchange, upgrade: boolean): void {
    const table = this.routes();
    const m = table.match(x.req.method ?? 'GET', x.path);
    const router = m !== undefined ? m.ep.router : table.routerFor(x.path);
    x.router = router;
    if (m !== undefined) {
      x.endpoint = m.ep;
      x.params = m.params;
    }
    const chains = router === undefined || (router.middleware.length === 0 && router.postMiddleware.length === 0)
      ? undefined : this.chainsOf(router, { names: router.postMiddleware, options: router.postOptions });
    if (chains === undefined || chains.pre.length === 0) this.afterPre(x, upgrade, chains);
    else runChain(chains.pre, x, 0, () => this.afterPre(x, upgrade, chains), (e) => failExchange(this.rt, x, e));
  }

  private afterPre(x: Exchange, upgrade: boolean, chains: Chains | undefined): void {
    const ep = x.endpoint;
    if (ep === undefined) return this.unmatched(x, this.routes());
    if (upgrade && !ep.router.postMiddleware.includes('websocket_relay')) {
      x.reply(426, 'text/plain; charset=utf-8', 'this endpoint does not accept WebSocket upgrades');
      return;
    }
    if (chains === undefined || chains.post.length === 0) this.readBody(x);
    else runChain(chains.post, x, 0, () => this.readBody(x), (e) => failExchange(this.rt, x, e));
  }

  private run(x: Exchange): void {
    runHandler(this.rt, x, x.endpoint!.func, this.finishFn);
  }

  private readonly finishFn = (x: Exchange, err: unknown) => this.finish(x, err);

  private unmatched(x: Exchange, table: RouteTable): void {
    const st = table.staticFor(x.path);
    if (st !== undefined && x.res !== undefined) {
      const run = () => {
        const root = this.rootOf(st.fs);
        if (typeof root !== 'string') {
          failExchange(this.rt, x, `${st.id}: ${root.error}`);
          return;
        }
        serveStatic(x, st, root);
      };
      const c = this.chainsOf(st);
      if (c.pre.length === 0) run();
      else runChain(c.pre, x, 0, run, (e) => failExchange(this.rt, x, e));
      return;
    }
    const allowed = table.allowed(x.path);
    if (allowed.length > 0) {
      x.setHeader('Allow', allowed.join(', '));
      x.reply(405, 'application/json', JSON.stringify({ error: 'method not allowed' }));
      return;
    }
    x.reply(404, 'application/json', JSON.stringify({ error: 'not found', path: x.path }));
  }

  /** The folder of an fs entry (remembered per entry id; the route table rebuild clears it). */
  private rootOf(fsId: string): string | { error: string } {
    let root = this.roots.get(fsId);
    if (root === undefined) this.roots.set(fsId, (root = fsRoot(this.rt.entries.get(fsId), this.rt.root ?? '.')));
    return root;
  }

  /** Small bodies: read whole (bounded), then run the handler; large or chunked ones are
   * read on demand while it runs; bodiless requests skip the read. */
  private readBody(x: Exchange): void {
    const req = x.req;
    const cl = bodyHeader(req.rawHeaders);
    if (cl === undefined || cl === '0') {
      this.run(x);
      return;
    }
    const limit = this.cfg.maxBody;
    const len = cl === 'chunked' ? -1 : Number(cl);
    if (len > limit) {
      this.tooLarge(x, limit);
      return;
    }
    if (len < 0 || len > READ_AHEAD_BODY) {
      const pending = (x.pending = new PendingBody(req, limit, () => this.tooLarge(x, limit)));
      // a handler may answer without reading it all: the rest must still leave the socket
      x.res?.once('finish', () => pending.discard());
      this.run(x);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        this.tooLarge(x, limit);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (over) return;
      x.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      this.run(x);
    });
  }

  private tooLarge(x: Exchange, limit: number): void {
    x.setHeader('Connection', 'close');
    x.reply(413, 'application/json', JSON.stringify({ error: `request body too large (limit ${limit} bytes)` }));
    // stop reading the rest: the connection closes after the answer
    x.req.unpipe();
    x.req.resume();
  }

  private finish(x: Exchange, error: unknown): void {
    if (error !== undefined) {
      failExchange(this.rt, x, error);
      return;
    }
    const router = x.router;
    if (router !== undefined && x.res !== undefined && router.middleware.includes('sendfile') && x.getHeader('x-sendfile') !== undefined && !x.headSent) {
      const fsId = router.options['sendfile.fs'] ?? router.options.sendfile_fs ?? '';
      const root = this.rootOf(resolveRef(fsId, router.id));
      if (typeof root !== 'string') failExchange(this.rt, x, `${router.id}: sendfile.fs: ${root.error}`);
      else sendFile(x, root);
      return;
    }
    if (router !== undefined && router.postMiddleware.length > 0) {
      if (x.res === undefined && router.postMiddleware.includes('websocket_relay') && x.getHeader('x-ws-relay') !== undefined) {
        this.relays.websocket(x, router.postOptions);
        return;
      }
      if (x.res !== undefined && router.postMiddleware.includes('sse_relay') && x.getHeader('x-sse-relay') !== undefined) {
        this.relays.sse(x, router.postOptions);
        return;
      }
    }
    x.end();
  }
}

/**
 * The Content-Length of a request from its raw headers, 'chunked' for a chunked body, or
 * undefined for none. Reading `req.headers` instead would build the header object for
 * every request, which costs about half a microsecond; the handler builds it only if it asks.
 */
function bodyHeader(raw: string[]): string | undefined {
  let len: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const n = raw[i];
    if (n.length === 14 && n.toLowerCase() === 'content-length') len = raw[i + 1].trim();
    else if (n.length === 17 && n.toLowerCase() === 'transfer-encoding') return 'chunked';
  }
  return len;
}

/** Run middleware from `i`; synchronous ones cost no promise. */
function runChain(chain: Middleware[], x: Exchange, i: number, done: () => void, failed: (e: unknown) => void): void {
  try {
    for (; i < chain.length; i++) {
      const r = chain[i](x);
      if (r === true) return;
      if (r !== false) {
        const next = i + 1;
        r.then((handled) => { if (!handled) runChain(chain, x, next, done, failed); }, failed);
        return;
      }
    }
  } catch (e) {
    failed(e instanceof Error ? e.message : String(e));
    return;
  }
  done();
}

function baselineOf(sec: Record<string, unknown>): TokenResult | undefined {
  const a = sec.actor as Record<string, unknown> | undefined;
  if (a === undefined || typeof a.id !== 'string') return undefined;
  return { actor: { id: a.id, meta: (a.meta ?? {}) as Record<string, unknown> }, scope: { policies: sec.policies ?? [], groups: sec.groups ?? [] } };
}

export { newRequestId };
