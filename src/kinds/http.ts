// `http.service`: a supervised HTTP server (src/http/server.ts). Start binds the listener
// (a bind failure is a start failure, retried by the restart policy); stop drains it. A
// changed http.service entry is stopped (drained) and started again by the reconciler;
// routers, endpoints and static mounts need no restart: the route table follows the
// registry version.
//
// Start order: a server accepts traffic only after the app's other auto-start services are
// up (config spec §2.16 [decide]), so it depends on every one of them that does not itself
// depend on the server.

import type { Runtime, RtEntry } from '../system/runtime.js';
import type { Service } from '../system/supervisor.js';
import { HttpServer, serverConfig } from '../http/server.js';
import { tlsConfig } from '../http/tls.js';

/** The running servers by entry id (tests and benchmarks read the bound port here). */
export const httpServers = new Map<string, HttpServer>();

/** `${env:NAME}`, `${env:NAME|default}` and `${NAME|default}` (upper-snake NAME) in a string. */
export function resolvePlaceholders(s: string, rt: Runtime, owner: string): string {
  return s.replace(/\$(\$?)\{(?:env:([^}|]+)|([A-Z][A-Z0-9_]*))(?:\|([^}]*))?\}/g, (all, esc: string, envName?: string, bare?: string, dflt?: string) => {
    if (esc === '$') return all.slice(1);
    if (bare !== undefined && dflt === undefined) return all;
    const name = (envName ?? bare)!.trim();
    const v = rt.env?.resolve(name);
    if (v !== undefined) return v;
    if (dflt !== undefined) return dflt;
    throw new Error(`${owner}: unresolved placeholder \${env:${name}}`);
  });
}

function dependsOnServer(e: RtEntry, serverId: string): boolean {
  const l = e.data.lifecycle as Record<string, unknown> | undefined;
  const list = [...(Array.isArray(l?.depends_on) ? l!.depends_on : []), ...(Array.isArray(l?.requires) ? l!.requires : [])];
  return list.includes(serverId);
}

export function httpService(entry: RtEntry, rt: Runtime): Service {
  let server: HttpServer | undefined;
  const deps = rt.entries.all()
    .filter((e) => e.id !== entry.id && e.kind !== 'http.service'
      && ((e.data.lifecycle as Record<string, unknown> | undefined)?.auto_start === true || e.kind.endsWith('.host'))
      && !dependsOnServer(e, entry.id))
    .map((e) => e.id);
  return {
    id: entry.id,
    deps,
    async start() {
      const raw = entry.data.addr;
      if (typeof raw !== 'string' && typeof raw !== 'number') throw new Error(`${entry.id}: addr is required`);
      const addr = resolvePlaceholders(String(raw), rt, entry.id);
      const cfg = serverConfig(entry.data, addr);
      if ('error' in cfg) throw new Error(`${entry.id}: ${cfg.error}`);
      const s = new HttpServer(entry, rt, cfg, tlsConfig(entry, rt));
      await s.listen();
      server = s;
      httpServers.set(entry.id, s);
      rt.log.log('info', `service ${entry.id} listening`, { service: entry.id, details: `service listening on ${addr}`, port: s.port });
    },
    async stop(timeoutMs) {
      const s = server;
      server = undefined;
      if (s === undefined) return;
      if (httpServers.get(entry.id) === s) httpServers.delete(entry.id);
      await s.close(timeoutMs);
    },
  };
}
