// A request body that is still arriving while the handler runs. Small bodies with a known
// length are read whole before the handler starts (server.ts); a large or chunked one starts
// the handler at once and is read on demand, so that a handler can stream an upload of any
// size (`req:stream()`) without the server holding all of it in memory.
//
// Until the handler asks, at most HIGH_WATER bytes are buffered and the socket is paused
// (TCP back-pressure slows the client down). `whole()` then reads to the end, bounded by
// the server's `max_body`; `source()` hands chunks over one by one and reads more only as the
// handler consumes them. Past `max_body` the server answers 413 itself and reads fail.

import type { IncomingMessage } from 'node:http';
import type { AsyncSource } from './stream.js';

const HIGH_WATER = 64 * 1024;

export class BodyTooLarge extends Error {}

export class PendingBody {
  private chunks: Buffer[] = [];
  /** bytes in `chunks` */
  private buffered = 0;
  /** bytes received so far */
  received = 0;
  ended = false;
  error: Error | undefined = undefined;
  /** read everything (body()) rather than stopping at HIGH_WATER */
  private wantAll = false;
  /** the handler closed its stream: the rest is read and dropped */
  private discarding = false;
  /** readers waiting for the next chunk, end or error (usually one: the handler) */
  private wake: (() => void)[] = [];

  constructor(private readonly req: IncomingMessage, private readonly limit: number, private readonly tooLarge: () => void) {
    req.on('data', (c: Buffer) => this.onData(c));
    req.on('end', () => { this.ended = true; this.notify(); });
    req.on('error', (e: Error) => { this.error ??= e; this.notify(); });
    // a client that goes away mid-upload ends the request without 'end'
    req.on('close', () => {
      if (!this.ended) this.error ??= new Error('client closed the connection before the body ended');
      this.notify();
    });
  }

  private onData(c: Buffer): void {
    if (this.error !== undefined) return;
    this.received += c.length;
    if (this.received > this.limit) {
      this.error = new BodyTooLarge(`request body too large (limit ${this.limit} bytes)`);
      this.chunks = [];
      this.buffered = 0;
      this.tooLarge();
      this.notify();
      return;
    }
    if (this.discarding) return;
    this.chunks.push(c);
    this.buffered += c.length;
    if (!this.wantAll && this.buffered >= HIGH_WATER) this.req.pause();
    this.notify();
  }

  private notify(): void {
    if (this.wake.length === 0) return;
    const ws = this.wake;
    this.wake = [];
    for (const w of ws) w();
  }

  /** Resolves at the next chunk, end or error; rejects when none came within `timeoutMs`. */
  private changed(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const wake = () => { if (t !== undefined) clearTimeout(t); resolve(); };
      const t = timeoutMs > 0 ? setTimeout(() => {
        this.wake = this.wake.filter((w) => w !== wake);
        reject(new Error(`request body read timed out after ${timeoutMs} ms`));
      }, timeoutMs) : undefined;
      this.wake.push(wake);
    });
  }

  /** The whole body, reading the rest first; rejects past `max_body` or on a timeout. */
  async whole(timeoutMs: number): Promise<Buffer> {
    this.wantAll = true;
    this.req.resume();
    while (!this.ended && this.error === undefined) await this.changed(timeoutMs);
    if (this.error !== undefined) throw this.error;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    this.chunks = [];
    this.buffered = 0;
    return all;
  }

  /** The body as a source of chunks in arrival order; `timeoutMs` bounds each wait. */
  source(timeoutMs: number): AsyncSource {
    return {
      next: async () => {
        while (this.chunks.length === 0 && !this.ended && this.error === undefined) {
          this.req.resume();
          await this.changed(timeoutMs);
        }
        if (this.error !== undefined) throw this.error;
        const c = this.chunks.shift();
        if (c === undefined) return undefined;
        this.buffered -= c.length;
        if (this.buffered < HIGH_WATER && !this.ended) this.req.resume();
        return c;
      },
      close: () => this.discard(),
    };
  }

  /** The rest is not wanted (the stream was closed, or the response is done): read and drop
   * it, still bounded by max_body, so that a keep-alive connection can carry the next request. */
  discard(): void {
    if (this.discarding) return;
    this.discarding = true;
    this.chunks = [];
    this.buffered = 0;
    this.req.resume();
  }
}
