// Test support: the shared plumbing of the fake provider servers (fake-openai.ts,
// fake-anthropic.ts). No LLM provider is reachable offline, so tests talk real HTTP to a
// local server that answers from a script: each request takes the next scripted reply (or
// asks a `respond` function), and every request body is recorded for assertions.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeToolCall {
  id?: string;
  name: string;
  arguments: unknown;
}

/** One scripted model turn. */
export interface FakeReply {
  text?: string;
  /** the text as streamed pieces (default: the text split after each space) */
  chunks?: string[];
  toolCalls?: FakeToolCall[];
  usage?: { input: number; output: number };
  /** default: `tool_calls` when there are tool calls, else `stop` */
  finish?: 'stop' | 'length' | 'tool_calls';
  /** answer with this HTTP status and error message instead */
  error?: { status: number; message: string };
  /** answer only after this many milliseconds (a slow model) */
  delayMs?: number;
}

export interface RecordedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface FakeServerOptions {
  /** replies in order; a request after the last one gets a 500 naming the script */
  replies?: FakeReply[];
  /** or compute a reply from the request (used when `replies` is empty) */
  respond?: (req: RecordedRequest) => FakeReply;
  /** the API key the server demands (default: any) */
  apiKey?: string;
}

export interface FakeServer {
  /** base URL including the version prefix, e.g. http://127.0.0.1:PORT/v1 */
  url: string;
  requests: RecordedRequest[];
  /** requests whose client went away before the answer was sent */
  abandoned: number;
  /** append replies to the script */
  script(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

export type Route = (req: RecordedRequest, reply: () => FakeReply | undefined, res: ServerResponse) => void;

/** A route answering from the script (model turns) or computing its answer (embeddings). */
export interface RouteSpec {
  scripted: boolean;
  handle: Route;
}

/** Start a fake provider on a free local port; `routes` maps request paths to handlers. */
export async function startFakeServer(routes: Record<string, RouteSpec>, opts: FakeServerOptions,
                                      authorized: (h: IncomingMessage['headers'], key: string) => boolean): Promise<FakeServer> {
  const queue = [...(opts.replies ?? [])];
  const requests: RecordedRequest[] = [];
  const next = (req: RecordedRequest): FakeReply | undefined => queue.shift() ?? opts.respond?.(req);
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      let body: unknown;
      try {
        body = parts.length ? JSON.parse(Buffer.concat(parts).toString('utf8')) : undefined;
      } catch {
        return sendJson(res, 400, { error: { message: 'request body is not JSON' } });
      }
      const rec: RecordedRequest = { path, headers: req.headers, body };
      requests.push(rec);
      if (opts.apiKey !== undefined && !authorized(req.headers, opts.apiKey)) {
        return sendJson(res, 401, { error: { type: 'authentication_error', message: 'invalid api key' } });
      }
      const route = routes[path];
      if (route === undefined) return sendJson(res, 404, { error: { message: `no route ${path}` } });
      if (!route.scripted) return route.handle(rec, () => undefined, res);
      const reply = next(rec);
      if (!reply?.delayMs) return route.handle(rec, () => reply, res);
      const timer = setTimeout(() => route.handle(rec, () => reply, res), reply.delayMs);
      res.on('close', () => {
        if (!res.writableFinished) {
          clearTimeout(timer);
          fake.abandoned++;
        }
      });
    });
  });
  // a deep accept queue: bench/agents opens ~1000 connections at once, and with Node's default
  // (511) the kernel drops the rest and clients retry a second later
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const port = (server.address() as AddressInfo).port;
  const fake: FakeServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    abandoned: 0,
    script: (...r) => { queue.push(...r); },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return fake;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Write server-sent events, one `data:` line each (and an `event:` line when named). */
export function sendEvents(res: ServerResponse, events: { event?: string; data: unknown }[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) {
    const data = typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
    res.write((e.event ? `event: ${e.event}\n` : '') + `data: ${data}\n\n`);
  }
  res.end();
}

export function textChunks(r: FakeReply): string[] {
  if (r.chunks) return r.chunks;
  const text = r.text ?? '';
  return text === '' ? [] : text.split(/(?<= )/);
}

export function argumentsText(tc: FakeToolCall): string {
  return typeof tc.arguments === 'string' ? tc.arguments : JSON.stringify(tc.arguments ?? {});
}

/** A request that ran past the end of the script: a clear failure instead of a hang. */
export function noReply(res: ServerResponse): void {
  sendJson(res, 500, { error: { type: 'server_error', message: 'fake provider: no scripted reply left' } });
}
