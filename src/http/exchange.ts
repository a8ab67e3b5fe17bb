// One HTTP request and its response while a handler runs. The response is buffered (status,
// headers, body chunks as Lua byte strings) and sent when the handler returns, unless the
// handler streams (`flush`, chunked transfer, SSE), which sends the head early.
//
// Headers live here rather than on Node's ServerResponse because a WebSocket upgrade has no
// ServerResponse: the handler's answer is either the relay instruction or a plain response
// written to the raw socket.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync, constants as zc } from 'node:zlib';
import type { RouterInfo, EndpointInfo } from './routes.js';
import type { PendingBody } from './body.js';

let idCounter = 0;
const ID_PREFIX = Date.now().toString(36);

/** A request id: unique within this runtime, cheap (no random bytes per request). */
export function newRequestId(): string {
  return `${ID_PREFIX}-${(++idCounter).toString(36)}`;
}

export interface Actor {
  id: string;
  meta?: Record<string, unknown>;
}

export class Exchange {
  /** decoded path */
  readonly path: string;
  readonly rawQuery: string;
  /** the query parameters, parsed on first use (modules/http.ts) */
  query: Map<string, string> | undefined = undefined;
  params: Record<string, string> | undefined = undefined;
  body: Buffer | undefined = undefined;
  /** a large or chunked body still arriving (body.ts); `body` is set once it was read whole */
  pending: PendingBody | undefined = undefined;
  status = 200;
  readonly headers = new ResponseHeaders();
  chunks: string[] = [];
  headSent = false;
  ended = false;
  sse = false;
  /** set by `compress`: gzip the buffered body when it is at least this long */
  gzip: { level: number; min: number } | undefined = undefined;
  requestId: string | undefined = undefined;
  router: RouterInfo | undefined = undefined;
  endpoint: EndpointInfo | undefined = undefined;
  /** set by `real_ip` */
  clientIp: string | undefined = undefined;
  /** set by `token_auth` (or the server's baseline security) */
  actor: Actor | undefined = undefined;
  scope: unknown = undefined;
  /** the Lua request and response objects, made once per exchange */
  luaReq: unknown = undefined;
  luaRes: unknown = undefined;
  /** called once when the handler returned or failed (handler.ts) */
  finish: ((x: Exchange, error: unknown) => void) | undefined = undefined;
  /** the first bytes after an upgrade request's head (WebSocket) */
  upgradeHead: Buffer | undefined = undefined;

  constructor(readonly req: IncomingMessage, readonly res: ServerResponse | undefined, readonly socket: Socket,
              path: string, rawQuery: string) {
    this.path = path;
    this.rawQuery = rawQuery;
  }

  header(name: string): string | undefined {
    const v = this.req.headers[name.toLowerCase()];
    return Array.isArray(v) ? v.join(', ') : v;
  }

  setHeader(name: string, value: string | string[]): void {
    this.headers.set(name.toLowerCase(), name, value);
  }

  getHeader(name: string): string | undefined {
    const v = this.headers.get(name.toLowerCase());
    return Array.isArray(v) ? v.join(', ') : v;
  }

  private headObject(): string[] {
    return this.headers.flat();
  }

  /** Send status and headers now; later writes stream (chunked). */
  sendHead(): void {
    if (this.headSent) return;
    this.headSent = true;
    const res = this.res;
    if (res === undefined) return;
    res.writeHead(this.status, this.headObject());
  }

  /** Write buffered chunks to the client now. Returns false when the client is gone. */
  flush(): boolean {
    if (this.ended) return false;
    this.sendHead();
    const res = this.res;
    if (res === undefined || res.destroyed) return false;
    if (this.chunks.length > 0) {
      res.write(Buffer.from(this.chunks.join(''), 'latin1'));
      this.chunks = [];
    }
    return true;
  }

  /** Finish the response with whatever is buffered. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const res = this.res;
    const body = this.chunks.length === 0 ? '' : this.chunks.length === 1 ? this.chunks[0] : this.chunks.join('');
    this.chunks = [];
    if (res === undefined) {
      this.endRaw(body);
      return;
    }
    if (this.headSent) {
      if (body.length > 0) res.end(Buffer.from(body, 'latin1'));
      else res.end();
      return;
    }
    this.headSent = true;
    let buf: Buffer | string = body;
    if (this.gzip !== undefined && body.length >= this.gzip.min && !this.headers.has('content-encoding')) {
      buf = gzipSync(Buffer.from(body, 'latin1'), { level: this.gzip.level });
      this.headers.set('content-encoding', 'Content-Encoding', 'gzip');
      this.headers.set('vary', 'Vary', 'Accept-Encoding');
    }
    if (typeof buf === 'string') {
      // ASCII bodies (most JSON) need no Buffer: Node writes latin1 strings directly
      const len = buf.length;
      this.headers.set('content-length', 'Content-Length', String(len));
      res.writeHead(this.status, this.headObject());
      res.end(buf, 'latin1');
    } else {
      this.headers.set('content-length', 'Content-Length', String(buf.length));
      res.writeHead(this.status, this.headObject());
      res.end(buf);
    }
  }

  /** Without a ServerResponse (an upgrade request that was not upgraded): a plain HTTP/1.1 answer. */
  private endRaw(body: string): void {
    const s = this.socket;
    if (s.destroyed) return;
    let head = `HTTP/1.1 ${this.status} ${STATUS_TEXT[this.status] ?? ''}\r\n`;
    this.headers.set('content-length', 'Content-Length', String(body.length));
    this.headers.set('connection', 'Connection', 'close');
    const flat = this.headers.flat();
    for (let i = 0; i < flat.length; i += 2) head += `${flat[i]}: ${flat[i + 1]}\r\n`;
    s.end(head + '\r\n' + body, 'latin1');
  }

  /** A complete short answer from the server itself (404, 413, 429, errors). */
  reply(status: number, contentType: string, body: string): void {
    if (this.ended) return;
    if (this.headSent) {
      this.end();
      return;
    }
    this.status = status;
    this.chunks = [body];
    this.setHeader('Content-Type', contentType);
    this.end();
  }
}

/**
 * Response headers as parallel arrays: a response has a handful, and a linear search over a
 * few strings beats a Map per request; `flat()` is the [name, value, ...] list that Node's
 * writeHead takes without building an object.
 */
export class ResponseHeaders {
  /** [lower-case name, name as set, value] triples */
  private a: (string | string[])[] = [];

  private find(lower: string): number {
    const a = this.a;
    for (let i = 0; i < a.length; i += 3) if (a[i] === lower) return i;
    return -1;
  }

  has(lower: string): boolean {
    return this.find(lower) >= 0;
  }

  get(lower: string): string | string[] | undefined {
    const i = this.find(lower);
    return i < 0 ? undefined : this.a[i + 2];
  }

  set(lower: string, name: string, value: string | string[]): void {
    const i = this.find(lower);
    if (i >= 0) {
      this.a[i + 1] = name;
      this.a[i + 2] = value;
    } else this.a.push(lower, name, value);
  }

  delete(lower: string): void {
    const i = this.find(lower);
    if (i >= 0) this.a.splice(i, 3);
  }

  clear(): void {
    this.a = [];
  }

  flat(): string[] {
    const a = this.a;
    const out: string[] = [];
    for (let i = 0; i < a.length; i += 3) {
      const v = a[i + 2];
      if (Array.isArray(v)) for (const x of v) out.push(a[i + 1] as string, x);
      else out.push(a[i + 1] as string, v);
    }
    return out;
  }
}

export const GZIP_LEVEL: Record<string, number> = {
  fastest: zc.Z_BEST_SPEED,
  default: zc.Z_DEFAULT_COMPRESSION,
  best: zc.Z_BEST_COMPRESSION,
};

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 426: 'Upgrade Required', 500: 'Internal Server Error',
};
