// The relays (spec services §1.8, §1.9): after a handler sets `X-WS-Relay` (on a WebSocket
// upgrade) or `X-SSE-Relay`, the connection becomes a process with its own PID that
// forwards between the client and a target process.
//
// The connection process runs no Lua: it is a kernel process whose message and event
// delivery are bound to the socket, so Lua code addresses it like any other process
// (`process.send(client_pid, topic, data)`, monitors, EXIT when it closes).

import { WebSocketServer, type WebSocket } from 'ws';
import type { Runtime } from '../system/runtime.js';
import type { Process, Message } from '../kernel/process.js';
import { EVENT } from '../kernel/process.js';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { encodeJson } from '../modules/json.js';
import { toLua } from '../system/convert.js';
import { parseDurationMs } from '../system/duration.js';
import type { Exchange } from './exchange.js';

interface RelayConfig {
  target_pid?: string;
  message_topic?: string;
  heartbeat_interval?: string | number;
  idle_timeout?: string | number;
  hard_timeout?: string | number;
  metadata?: unknown;
}

/** The Lua value a message payload carries (payload objects unwrapped). */
function payloadValue(m: Message): LuaValue {
  const v = m.payloads.length === 0 ? undefined : m.payloads[0];
  if (v instanceof Userdata && v.data !== null && typeof v.data === 'object' && 'value' in v.data) return v.data.value;
  return v;
}

function isUtf8(s: string): boolean {
  return Buffer.from(Buffer.from(s, 'latin1').toString('utf8'), 'utf8').toString('latin1') === s;
}

/** JSON text for a Lua value; byte strings that are not UTF-8 are sent base64-encoded. */
function jsonText(v: LuaValue): string {
  if (typeof v === 'string' && !isUtf8(v)) return JSON.stringify(Buffer.from(v, 'latin1').toString('base64'));
  const s = v === undefined ? 'null' : encodeJson(v);
  return typeof s === 'string' ? Buffer.from(s, 'latin1').toString('utf8') : JSON.stringify(String(v));
}

function table(fields: Record<string, LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) t.setStr(k, v);
  return t;
}

function originAllowed(x: Exchange, opts: Record<string, string>, key: string): boolean {
  const origin = x.header('origin');
  if (origin === undefined) return true; // not a browser: no cross-site risk
  const list = (opts[key] ?? opts[key.replace(/\./g, '_')] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) {
    const host = x.header('host');
    return host !== undefined && origin.replace(/^[a-z]+:\/\//i, '') === host;
  }
  return list.includes('*') || list.includes(origin);
}

export class Relays {
  private wss = new WebSocketServer({ noServer: true });
  private open = new Set<{ close(): void }>();

  constructor(private rt: Runtime, private serverId: string) {}

  closeAll(): void {
    for (const c of [...this.open]) c.close();
  }

  /** A kernel process driven by host code: deliveries go to `onMessage` / `onEvent`. */
  private hostProcess(onMessage: (m: Message) => void, onEvent: (e: LuaTable) => void): Process {
    const p = this.rt.node.create(this.serverId, new LuaTable());
    p.deliver = (m: Message) => { if (!p.exited) onMessage(m); };
    p.deliverEvent = (e: LuaTable) => { if (!p.exited) onEvent(e); };
    return p;
  }

  private config(x: Exchange, header: string): RelayConfig | undefined {
    try {
      const c = JSON.parse(x.getHeader(header) ?? '') as RelayConfig;
      return c !== null && typeof c === 'object' ? c : undefined;
    } catch {
      return undefined;
    }
  }

  private monitor(p: Process, target: Process): void {
    target.monitors.add(p);
    p.monitoring.add(target);
  }

  private unmonitor(p: Process, target: Process | undefined): void {
    if (target === undefined) return;
    target.monitors.delete(p);
    p.monitoring.delete(target);
  }

  // ---- WebSocket -------------------------------------------------------------------

  websocket(x: Exchange, opts: Record<string, string>): void {
    const cfg = this.config(x, 'x-ws-relay');
    if (cfg === undefined || typeof cfg.target_pid !== 'string') {
      x.headers.delete('x-ws-relay');
      x.reply(500, 'application/json', JSON.stringify({ error: 'X-WS-Relay must be JSON with target_pid' }));
      return;
    }
    if (!originAllowed(x, opts, 'wsrelay.allowed.origins')) {
      x.headers.delete('x-ws-relay');
      x.reply(403, 'application/json', JSON.stringify({ error: 'origin not allowed' }));
      return;
    }
    let target = this.rt.node.resolve(cfg.target_pid);
    if (target === undefined) {
      x.headers.delete('x-ws-relay');
      x.reply(502, 'application/json', JSON.stringify({ error: `relay target ${cfg.target_pid} is not running` }));
      return;
    }
    x.ended = true;
    this.wss.handleUpgrade(x.req, x.socket, x.upgradeHead ?? Buffer.alloc(0), (ws) => {
      let topic = cfg.message_topic ?? 'ws.message';
      const metadata = toLua(cfg.metadata ?? {});
      const started = Date.now();
      let count = 0;
      const p = this.hostProcess((m) => {
        if (m.topic === 'ws.close') {
          const reason = payloadValue(m);
          ws.close(1000, typeof reason === 'string' ? reason.slice(0, 120) : undefined);
          return;
        }
        if (m.topic === 'ws.control') {
          const c = payloadValue(m);
          if (c instanceof LuaTable) {
            const next = c.get('target_pid'), t = c.get('message_topic');
            if (typeof t === 'string' && t !== '') topic = t;
            if (typeof next === 'string' && next !== '' && next !== target?.pid) {
              const np = this.rt.node.resolve(next);
              if (np !== undefined) {
                target?.deliver({ topic: 'ws.leave', from: p.pid, payloads: [table({ client_pid: p.pid, metadata })] });
                this.unmonitor(p, target);
                target = np;
                this.monitor(p, np);
                np.deliver({ topic: 'ws.join', from: p.pid, payloads: [table({ client_pid: p.pid, metadata })] });
              }
            }
          }
          return;
        }
        ws.send(`{"topic":${JSON.stringify(m.topic)},"data":${jsonText(payloadValue(m))}}`);
      }, (e) => {
        if (e.get('kind') === EVENT.EXIT && e.get('from') === target?.pid) ws.close(1001, 'target process exited');
        if (e.get('kind') === EVENT.CANCEL) ws.close(1001, 'server shutting down');
      });
      this.monitor(p, target!);
      const entry = { close: () => ws.close(1001, 'server shutting down') };
      this.open.add(entry);
      target!.deliver({ topic: 'ws.join', from: p.pid, payloads: [table({ client_pid: p.pid, metadata })] });
      const hbMs = parseDurationMs(cfg.heartbeat_interval, 30000);
      const hb = hbMs > 0 ? setInterval(() => {
        target?.deliver({ topic: 'ws.heartbeat', from: p.pid, payloads: [table({
          client_pid: p.pid, uptime: (Date.now() - started) / 1000, message_count: count, metadata })] });
      }, hbMs) : undefined;
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        count++;
        void isBinary; // text and binary frames both arrive as (byte) strings
        target?.deliver({ topic, from: p.pid, payloads: [data.toString('latin1')] });
      });
      ws.on('close', () => {
        if (hb !== undefined) clearInterval(hb);
        this.open.delete(entry);
        target?.deliver({ topic: 'ws.leave', from: p.pid, payloads: [table({ client_pid: p.pid, metadata })] });
        this.unmonitor(p, target);
        p.exit({ value: undefined });
      });
      ws.on('error', () => ws.terminate());
    });
  }

  // ---- SSE -------------------------------------------------------------------------

  sse(x: Exchange, opts: Record<string, string>): void {
    const cfg = this.config(x, 'x-sse-relay');
    x.headers.delete('x-sse-relay');
    if (cfg === undefined) {
      x.reply(500, 'application/json', JSON.stringify({ error: 'X-SSE-Relay must be JSON' }));
      return;
    }
    if (!originAllowed(x, opts, 'sserelay.allowed.origins')) {
      x.reply(403, 'application/json', JSON.stringify({ error: 'origin not allowed' }));
      return;
    }
    let target = cfg.target_pid ? this.rt.node.resolve(cfg.target_pid) : undefined;
    if (cfg.target_pid && target === undefined) {
      x.reply(502, 'application/json', JSON.stringify({ error: `relay target ${cfg.target_pid} is not running` }));
      return;
    }
    const res = x.res!;
    x.status = 200;
    x.setHeader('Content-Type', 'text/event-stream');
    x.setHeader('Cache-Control', 'no-cache');
    x.setHeader('Connection', 'keep-alive');
    x.sendHead();
    x.ended = true;
    let topic = cfg.message_topic ?? 'sse.message';
    const metadata = toLua(cfg.metadata ?? {});
    const started = Date.now();
    let count = 0;
    let idleMs = parseDurationMs(cfg.idle_timeout, 0);
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let closed = false;
    const write = (event: string | undefined, data: string) => {
      if (closed) return;
      res.write((event !== undefined ? `event: ${event}\n` : '') + data.split('\n').map((l) => `data: ${l}\n`).join('') + '\n');
    };
    const close = (final?: string) => {
      if (closed) return;
      if (final !== undefined) write(final, '{}');
      closed = true;
      res.end();
    };
    const touch = () => {
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      idleTimer = idleMs > 0 ? setTimeout(() => close('done'), idleMs) : undefined;
    };
    const join = (t: Process) => {
      this.monitor(p, t);
      t.deliver({ topic: 'sse.join', from: p.pid, payloads: [table({ client_pid: p.pid, metadata })] });
    };
    const leave = (t: Process | undefined) => {
      if (t === undefined) return;
      t.deliver({ topic: 'sse.leave', from: p.pid, payloads: [table({ client_pid: p.pid, metadata })] });
      this.unmonitor(p, t);
    };
    const p = this.hostProcess((m) => {
      if (m.topic === 'sse.close') return close();
      if (m.topic === 'sse.control') {
        const c = payloadValue(m);
        if (!(c instanceof LuaTable)) return;
        const t = c.get('message_topic');
        if (typeof t === 'string' && t !== '') topic = t;
        const it = c.get('idle_timeout');
        if (it !== undefined) { idleMs = parseDurationMs(it, idleMs); touch(); }
        const next = c.get('target_pid');
        if (next !== undefined && next !== target?.pid) {
          leave(target);
          target = typeof next === 'string' && next !== '' ? this.rt.node.resolve(next) : undefined;
          if (target !== undefined) join(target);
        }
        return;
      }
      if (m.topic !== topic) return;
      count++;
      touch();
      const v = payloadValue(m);
      if (v instanceof LuaTable && v.get('data') !== undefined && (typeof v.get('event') === 'string' || typeof v.get('name') === 'string')) {
        write(String(v.get('event') ?? v.get('name')), jsonText(v.get('data')));
      } else {
        write(undefined, jsonText(v));
      }
    }, (e) => {
      if (e.get('kind') === EVENT.EXIT && e.get('from') === target?.pid) close('done');
      if (e.get('kind') === EVENT.CANCEL) close('done');
    });
    const entry = { close: () => close('done') };
    this.open.add(entry);
    if (target !== undefined) join(target);
    else write('ready', JSON.stringify({ stream_pid: p.pid, message_topic: topic }));
    touch();
    const hbMs = parseDurationMs(cfg.heartbeat_interval, 30000);
    const hb = hbMs > 0 ? setInterval(() => {
      if (!closed) res.write(': heartbeat\n\n');
      target?.deliver({ topic: 'sse.heartbeat', from: p.pid, payloads: [table({ client_pid: p.pid, uptime: (Date.now() - started) / 1000, message_count: count })] });
    }, hbMs) : undefined;
    const hardMs = parseDurationMs(cfg.hard_timeout, 0);
    const hard = hardMs > 0 ? setTimeout(() => close('done'), hardMs) : undefined;
    res.on('close', () => {
      closed = true;
      if (hb !== undefined) clearInterval(hb);
      if (hard !== undefined) clearTimeout(hard);
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      this.open.delete(entry);
      leave(target);
      p.exit({ value: undefined });
    });
  }
}

export type { WebSocket };
