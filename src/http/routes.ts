// The route table of one http.service, built from the live registry: routers that name the
// server in `meta.server`, their endpoints (`meta.router`), and static mounts. It is rebuilt
// when the registry version changes, so an edited router or endpoint changes routing on the
// next request without a restart.
//
// Matching: exact paths first (one Map lookup per method, the common case), then patterns
// with `{name}` segments and a trailing `{name...}` catch-all, in declaration order.

import type { RtEntry } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';

export interface RouterInfo {
  id: string;
  prefix: string;
  middleware: string[];
  options: Record<string, string>;
  postMiddleware: string[];
  postOptions: Record<string, string>;
}

export interface EndpointInfo {
  id: string;
  method: string;
  /** full path: router prefix + endpoint path */
  path: string;
  func: string;
  router: RouterInfo;
}

export interface StaticInfo {
  id: string;
  mount: string;
  fs: string;
  spa: boolean;
  index: string | undefined;
  cache: string | undefined;
  middleware: string[];
  options: Record<string, string>;
}

const LIT = 0, PARAM = 1, REST = 2;

/** One path segment of a pattern: a literal, a parameter name (`{id}`) or a catch-all (last).
 * One object shape for all three keeps the matching loop monomorphic. */
interface Seg {
  kind: typeof LIT | typeof PARAM | typeof REST;
  text: string;
}

interface Pattern {
  ep: EndpointInfo;
  segs: Seg[];
}

export interface Match {
  ep: EndpointInfo;
  params: Record<string, string> | undefined;
}

export class RouteTable {
  /** method -> full path -> the match (one object per route, shared by its requests) */
  private exact = new Map<string, Map<string, Match>>();
  private patterns = new Map<string, Pattern[]>();
  readonly routers: RouterInfo[] = [];
  readonly statics: StaticInfo[] = [];

  constructor(serverId: string, entries: readonly RtEntry[]) {
    const routers = new Map<string, RouterInfo>();
    for (const e of entries) {
      if (e.kind === 'http.router' && ref(e.meta.server, e.id) === serverId) {
        const r: RouterInfo = {
          id: e.id,
          prefix: normalizePrefix(e.data.prefix),
          middleware: strings(e.data.middleware),
          options: stringMap(e.data.options),
          postMiddleware: strings(e.data.post_middleware),
          postOptions: stringMap(e.data.post_options),
        };
        routers.set(e.id, r);
        this.routers.push(r);
      } else if (e.kind === 'http.static' && ref(e.meta.server, e.id) === serverId) {
        const so = (e.data.static_options ?? {}) as Record<string, unknown>;
        this.statics.push({
          id: e.id,
          mount: normalizePrefix(e.data.path),
          fs: ref(e.data.fs, e.id),
          spa: so.spa === true,
          index: typeof so.index === 'string' ? so.index : undefined,
          cache: typeof so.cache === 'string' ? so.cache : undefined,
          middleware: strings(e.data.middleware),
          options: stringMap(e.data.options),
        });
      }
    }
    // longest prefix first: the most specific router or mount wins
    this.routers.sort((a, b) => b.prefix.length - a.prefix.length);
    this.statics.sort((a, b) => b.mount.length - a.mount.length);
    for (const e of entries) {
      if (e.kind !== 'http.endpoint') continue;
      const router = routers.get(ref(e.meta.router, e.id));
      if (router === undefined) continue;
      const method = String(e.data.method ?? 'GET').toUpperCase();
      const path = joinPath(router.prefix, String(e.data.path ?? '/'));
      const ep: EndpointInfo = { id: e.id, method, path, func: ref(e.data.func, e.id), router };
      if (!path.includes('{')) {
        let m = this.exact.get(method);
        if (m === undefined) this.exact.set(method, (m = new Map()));
        if (!m.has(path)) m.set(path, Object.freeze({ ep, params: undefined }));
        continue;
      }
      const segs = path.split('/').slice(1).map((s): Seg => {
        if (s.startsWith('{') && s.endsWith('...}')) return { kind: REST, text: s.slice(1, -4) };
        if (s.startsWith('{') && s.endsWith('}')) return { kind: PARAM, text: s.slice(1, -1) };
        return { kind: LIT, text: s };
      });
      let list = this.patterns.get(method);
      if (list === undefined) this.patterns.set(method, (list = []));
      list.push({ ep, segs });
    }
  }

  /** The endpoint for method + path; HEAD falls back to GET as in Go's mux. */
  match(method: string, path: string): Match | undefined {
    const m = this.matchMethod(method, path);
    if (m !== undefined || method !== 'HEAD') return m;
    return this.matchMethod('GET', path);
  }

  /** Whether some other method has a route at this path (405 rather than 404). */
  allowed(path: string): string[] {
    const out: string[] = [];
    for (const method of new Set([...this.exact.keys(), ...this.patterns.keys()])) {
      if (this.matchMethod(method, path) !== undefined) out.push(method);
    }
    return out;
  }

  private matchMethod(method: string, path: string): Match | undefined {
    const hit = this.exact.get(method)?.get(path);
    if (hit !== undefined) return hit;
    const list = this.patterns.get(method);
    if (list === undefined) return undefined;
    for (let i = 0; i < list.length; i++) {
      const params = matchSegs(list[i].segs, path);
      if (params !== undefined) return { ep: list[i].ep, params };
    }
    return undefined;
  }

  /** The router whose prefix covers the path (for pre-match middleware on unmatched paths). */
  routerFor(path: string): RouterInfo | undefined {
    return this.routers.find((r) => underPrefix(path, r.prefix));
  }

  staticFor(path: string): StaticInfo | undefined {
    return this.statics.find((s) => underPrefix(path, s.mount));
  }
}

/** The parameters when `path` (starting with `/`) fits the pattern; walks the path in place
 * rather than splitting it, since most patterns are tried and rejected. */
function matchSegs(segs: Seg[], path: string): Record<string, string> | undefined {
  let params: Record<string, string> | undefined;
  let start = 1;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (s.kind === REST) return params ?? {}; // the tail is not exposed through req:param
    if (start > path.length) return undefined;
    let end = path.indexOf('/', start);
    if (end < 0) end = path.length;
    if (s.kind === LIT) {
      if (end - start !== s.text.length || !path.startsWith(s.text, start)) return undefined;
    } else {
      if (end === start) return undefined;
      (params ??= {})[s.text] = path.slice(start, end);
    }
    start = end + 1;
  }
  return start === path.length + 1 ? params ?? {} : undefined;
}

export function underPrefix(path: string, prefix: string): boolean {
  if (prefix === '/') return true;
  return path === prefix || (path.startsWith(prefix) && path.charCodeAt(prefix.length) === 47 /* / */);
}

/** `/api/` and `api` -> `/api`; empty or absent -> `/`. */
export function normalizePrefix(v: unknown): string {
  let s = typeof v === 'string' ? v.trim() : '';
  if (!s.startsWith('/')) s = '/' + s;
  while (s.length > 1 && s.endsWith('/')) s = s.slice(0, -1);
  return s.replace(/\/{2,}/g, '/');
}

/** prefix `/` + `/hello` -> `/hello`; `/api` + `/tasks` -> `/api/tasks`. */
export function joinPath(prefix: string, path: string): string {
  const p = path.startsWith('/') ? path : '/' + path;
  const joined = (prefix === '/' ? '' : prefix) + p;
  return joined.replace(/\/{2,}/g, '/');
}

function ref(v: unknown, from: string): string {
  return typeof v === 'string' && v !== '' ? resolveRef(v, from) : '';
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined && x !== null) out[k] = String(x);
  }
  return out;
}
