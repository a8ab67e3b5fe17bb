// The middleware catalogue (spec services §1.5). A middleware is made once per router from
// its options and then runs per request: it may change the exchange (CORS headers, gzip,
// client IP, actor) and may answer the request itself (preflight, 429, 401/403), which
// ends the chain. Options are strings keyed `<name>.<option>`; the legacy underscore form
// (`cors_allow_origins`) is read too.

import type { Exchange } from './exchange.js';
import { GZIP_LEVEL, newRequestId } from './exchange.js';
import type { HttpSecurityHooks } from './security.js';
import { parseDurationMs } from '../system/duration.js';
import type { Log } from '../system/log.js';
import { httpMetricsMiddleware } from './metrics.js';

/** true when the middleware answered the request (the chain stops there). */
export type Middleware = (x: Exchange) => boolean | Promise<boolean>;

type Options = Record<string, string>;

function opt(o: Options, key: string, dflt: string): string {
  return o[key] ?? o[key.replace(/\./g, '_')] ?? dflt;
}

/** A middleware factory: its options and the app's security hooks (src/http/security.ts). */
type Factory = (o: Options, sec: HttpSecurityHooks) => Middleware;

const PRE: Record<string, Factory> = {
  cors, ratelimit, compress, real_ip: realIp, token_auth: tokenAuth, request_id: requestId,
  metrics: () => httpMetricsMiddleware(),
};

const POST: Record<string, Factory> = {
  endpoint_firewall: endpointFirewall,
  resource_firewall: resourceFirewall,
};

/** Middleware handled by the server itself after the handler (relays), not by a chain step. */
export const RELAYS = new Set(['websocket_relay', 'sse_relay']);
/** Accepted here and acted on elsewhere (`sendfile`: by the server after the handler), or
 * doing nothing (`otel`: tracing is not part of this runtime). */
const NO_OP = new Set(['otel', 'sendfile']);

export function buildChain(names: string[], options: Options, post: boolean, log: Log, owner: string, sec: HttpSecurityHooks = {}): Middleware[] {
  const out: Middleware[] = [];
  const table = post ? POST : PRE;
  for (const n of names) {
    if (RELAYS.has(n) || NO_OP.has(n)) continue;
    const f = table[n];
    if (f === undefined) {
      log.log('warn', `unknown ${post ? 'post-' : ''}middleware '${n}' ignored`, { entry: owner });
      continue;
    }
    out.push(f(options, sec));
  }
  return out;
}

// ---- cors ----------------------------------------------------------------------------

function cors(o: Options): Middleware {
  const origins = opt(o, 'cors.allow.origins', '*').split(',').map((s) => s.trim()).filter(Boolean);
  const methods = opt(o, 'cors.allow.methods', 'GET,POST,PUT,DELETE,OPTIONS,PATCH');
  const headers = opt(o, 'cors.allow.headers', 'Origin,Content-Type,Accept,Authorization,X-Requested-With');
  const expose = opt(o, 'cors.expose.headers', '');
  const credentials = opt(o, 'cors.allow.credentials', 'false') === 'true';
  const maxAge = opt(o, 'cors.max.age', '86400');
  const privateNet = opt(o, 'cors.allow.private.network', 'false') === 'true';
  const any = origins.includes('*');
  const allowed = (origin: string): boolean => any || origins.some((p) => {
    if (p === origin) return true;
    if (!p.includes('*')) return false;
    // `*.example.com` matches any subdomain, with any scheme
    const host = origin.replace(/^[a-z]+:\/\//i, '');
    return host.endsWith(p.slice(p.indexOf('*') + 1)) && host.length > p.length - 1;
  });
  return (x) => {
    const origin = x.header('origin');
    if (origin === undefined) return false;
    if (!allowed(origin)) {
      if (x.req.method === 'OPTIONS' && x.header('access-control-request-method') !== undefined) {
        x.reply(403, 'text/plain; charset=utf-8', 'CORS origin not allowed');
        return true;
      }
      return false;
    }
    x.setHeader('Access-Control-Allow-Origin', any && !credentials ? '*' : origin);
    if (!any || credentials) x.setHeader('Vary', 'Origin');
    if (credentials) x.setHeader('Access-Control-Allow-Credentials', 'true');
    if (expose !== '') x.setHeader('Access-Control-Expose-Headers', expose);
    if (x.req.method === 'OPTIONS' && x.header('access-control-request-method') !== undefined) {
      x.setHeader('Access-Control-Allow-Methods', methods);
      x.setHeader('Access-Control-Allow-Headers', headers);
      x.setHeader('Access-Control-Max-Age', maxAge);
      if (privateNet && x.header('access-control-request-private-network') === 'true') {
        x.setHeader('Access-Control-Allow-Private-Network', 'true');
      }
      x.status = 204;
      x.end();
      return true;
    }
    return false;
  };
}

// ---- ratelimit: a token bucket per key -------------------------------------------------

function ratelimit(o: Options): Middleware {
  const requests = Number(opt(o, 'ratelimit.requests', '100'));
  const windowText = opt(o, 'ratelimit.window', '1m');
  const windowMs = parseDurationMs(windowText, 60000);
  const burst = Number(opt(o, 'ratelimit.burst', '20'));
  const keySpec = opt(o, 'ratelimit.key', 'ip');
  const ttl = parseDurationMs(opt(o, 'ratelimit.entry_ttl', '10m'), 600000);
  const maxEntries = Number(opt(o, 'ratelimit.max_entries', '100000'));
  const cleanupMs = parseDurationMs(opt(o, 'ratelimit.cleanup_interval', '5m'), 300000);
  const rate = requests / windowMs; // tokens per ms
  const capacity = Math.max(1, burst);
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastCleanup = Date.now();
  const keyOf = (x: Exchange): string => {
    if (keySpec.startsWith('header:')) return 'h:' + (x.header(keySpec.slice(7)) ?? '');
    if (keySpec.startsWith('query:')) return 'q:' + (new URLSearchParams(x.rawQuery).get(keySpec.slice(6)) ?? '');
    return x.clientIp ?? x.socket.remoteAddress ?? '';
  };
  return (x) => {
    const now = Date.now();
    if (now - lastCleanup > cleanupMs) {
      lastCleanup = now;
      for (const [k, b] of buckets) if (now - b.at > ttl) buckets.delete(k);
    }
    const key = keyOf(x);
    let b = buckets.get(key);
    if (b === undefined) {
      if (buckets.size >= maxEntries) buckets.delete(buckets.keys().next().value as string);
      buckets.set(key, (b = { tokens: capacity, at: now }));
    } else {
      b.tokens = Math.min(capacity, b.tokens + (now - b.at) * rate);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return false;
    }
    x.setHeader('X-RateLimit-Limit', String(requests));
    x.setHeader('X-RateLimit-Window', windowText);
    x.setHeader('Retry-After', String(Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000))));
    x.reply(429, 'application/json', JSON.stringify({ error: 'rate limit exceeded' }));
    return true;
  };
}

// ---- compress ------------------------------------------------------------------------

function compress(o: Options): Middleware {
  const level = GZIP_LEVEL[opt(o, 'compress.level', 'default')] ?? GZIP_LEVEL.default;
  const min = Number(opt(o, 'compress.min.length', '1024'));
  return (x) => {
    const ae = x.header('accept-encoding');
    if (ae !== undefined && /\bgzip\b/i.test(ae)) x.gzip = { level, min };
    return false;
  };
}

// ---- real_ip -------------------------------------------------------------------------

const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '::1/128', 'fc00::/7'];

function realIp(o: Options): Middleware {
  const trustAll = opt(o, 'real_ip.trust_all', 'false') === 'true';
  const subnets = opt(o, 'real_ip.trusted.subnets', PRIVATE.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  return (x) => {
    const peer = (x.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
    if (!trustAll && !subnets.some((s) => inSubnet(peer, s))) return false;
    const ip = x.header('true-client-ip') ?? x.header('x-real-ip') ?? x.header('x-forwarded-for')?.split(',')[0];
    if (ip !== undefined && ip.trim() !== '') x.clientIp = ip.trim();
    return false;
  };
}

export function inSubnet(ip: string, cidr: string): boolean {
  const [net, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? (net.includes(':') ? 128 : 32));
  if (ip.includes(':') !== net.includes(':')) return false;
  if (!ip.includes(':')) {
    const a = v4(ip), b = v4(net);
    if (a === undefined || b === undefined) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((a & mask) >>> 0) === ((b & mask) >>> 0);
  }
  const a = v6(ip), b = v6(net);
  for (let i = 0; i < bits; i++) {
    const bit = (n: bigint) => (n >> BigInt(127 - i)) & 1n;
    if (bit(a) !== bit(b)) return false;
  }
  return true;
}

function v4(s: string): number | undefined {
  const p = s.split('.').map(Number);
  if (p.length !== 4 || p.some((n) => !(n >= 0 && n <= 255))) return undefined;
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

function v6(s: string): bigint {
  const [head, tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

// ---- token_auth: never blocks; a valid token replaces the actor and scope --------------

function tokenAuth(o: Options, sec: HttpSecurityHooks): Middleware {
  const store = opt(o, 'token_auth.store', '');
  const headerName = opt(o, 'token_auth.header.name', 'Authorization');
  const prefix = opt(o, 'token_auth.header.prefix', 'Bearer ');
  const queryParam = opt(o, 'token_auth.query.param', 'x-auth-token');
  const cookieName = opt(o, 'token_auth.cookie.name', 'x-auth-token');
  return (x) => {
    const validate = sec.validateToken;
    if (validate === undefined || store === '') return false;
    const token = findToken(x, headerName, prefix, queryParam, cookieName);
    if (token === undefined) return false;
    const apply = (r: Awaited<ReturnType<typeof validate>>) => {
      if (r !== undefined) {
        x.actor = r.actor;
        x.scope = r.scope;
      }
      return false;
    };
    const r = validate(store, token);
    return r instanceof Promise ? r.then(apply, () => false) : apply(r);
  };
}

export function findToken(x: Exchange, headerName: string, prefix: string, queryParam: string, cookieName: string): string | undefined {
  const h = x.header(headerName);
  if (h !== undefined && h.startsWith(prefix) && h.length > prefix.length) return h.slice(prefix.length).trim();
  if (x.rawQuery !== '') {
    const q = new URLSearchParams(x.rawQuery).get(queryParam);
    if (q) return q;
  }
  const cookies = x.header('cookie');
  if (cookies !== undefined) {
    for (const c of cookies.split(';')) {
      const i = c.indexOf('=');
      if (i > 0 && c.slice(0, i).trim() === cookieName) return decodeURIComponent(c.slice(i + 1).trim());
    }
  }
  return undefined;
}

// ---- request_id ----------------------------------------------------------------------

function requestId(o: Options): Middleware {
  const header = opt(o, 'request_id.header', 'X-Request-Id');
  return (x) => {
    const incoming = x.header(header);
    x.requestId = incoming !== undefined && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : newRequestId();
    x.setHeader(header, x.requestId);
    return false;
  };
}

// ---- firewalls (post-match) ----------------------------------------------------------

function firewall(x: Exchange, sec: HttpSecurityHooks, action: string, resource: string): boolean {
  if (x.actor === undefined) {
    x.reply(401, 'application/json', JSON.stringify({ error: 'unauthorized' }));
    return true;
  }
  const check = sec.checkPermission;
  if (check !== undefined && !check(x.actor, x.scope, action, resource)) {
    x.reply(403, 'application/json', JSON.stringify({ error: 'forbidden' }));
    return true;
  }
  return false;
}

function endpointFirewall(o: Options, sec: HttpSecurityHooks): Middleware {
  const action = opt(o, 'endpoint_firewall.action', 'access');
  return (x) => firewall(x, sec, action, x.endpoint?.id ?? '');
}

function resourceFirewall(o: Options, sec: HttpSecurityHooks): Middleware {
  const action = opt(o, 'resource_firewall.action', 'access');
  const target = opt(o, 'resource_firewall.target', '');
  return (x) => firewall(x, sec, action, target);
}
