// Checks of HTTP entries at load time (boot and file edits), so a bad server, endpoint or
// static mount is reported with its file, line and entry instead of failing at run time.
// Placeholders (`${env:...}`) in `addr` are resolved only at start, so such an addr is not
// checked here.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { parseAddr, parseSize } from './server.js';
import { CLIENT_AUTH } from './tls.js';
import { parseDurationMs } from '../system/duration.js';
import { resolveRef } from '../system/runtime.js';

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE']);

export function checkHttpEntries(entries: readonly Entry[]): RegistryError[] {
  const out: RegistryError[] = [];
  const bad = (e: Entry, message: string) => out.push({ code: 'http-config', message, entry: e.id, file: e.source?.file, line: e.source?.line });
  const routes = new Map<string, string>();
  for (const e of entries) {
    const d = e.data;
    switch (e.kind) {
      case 'http.service': {
        const addr = d.addr;
        if (typeof addr !== 'string' && typeof addr !== 'number') bad(e, 'addr is required (e.g. ":8080")');
        else if (!String(addr).includes('${')) {
          const a = parseAddr(String(addr));
          if ('error' in a) bad(e, a.error);
        }
        const t = (d.timeouts ?? {}) as Record<string, unknown>;
        for (const k of ['read', 'write', 'idle']) {
          try {
            parseDurationMs(t[k], 0);
          } catch {
            bad(e, `timeouts.${k}: invalid duration '${String(t[k])}'`);
          }
        }
        const tls = (d.tls ?? {}) as Record<string, unknown>;
        if (tls.mode !== undefined && !['', 'manual', 'auto'].includes(String(tls.mode))) bad(e, `tls.mode must be "", manual or auto (got '${String(tls.mode)}')`);
        if (tls.mode === 'manual' && (typeof tls.cert !== 'string' || typeof tls.key !== 'string')) bad(e, 'tls.mode manual needs tls.cert and tls.key');
        if (tls.mode === 'auto' && (tls.cert !== undefined || tls.key !== undefined)) bad(e, 'tls.mode auto must not set tls.cert or tls.key');
        if (tls.client_auth !== undefined && tls.client_auth !== '') {
          const auth = String(tls.client_auth);
          if (!(CLIENT_AUTH as readonly string[]).includes(auth)) bad(e, `tls.client_auth must be one of ${CLIENT_AUTH.join(', ')} (got '${auth}')`);
          else if ((auth === 'verify_if_given' || auth === 'require_and_verify') && tls.client_ca === undefined) bad(e, `tls.client_auth ${auth} needs tls.client_ca`);
        }
        try {
          parseSize(d.max_body, 0);
        } catch {
          bad(e, `max_body: invalid size '${String(d.max_body)}' (use bytes or 512KB, 10MB)`);
        }
        break;
      }
      case 'http.endpoint': {
        const method = String(d.method ?? '').toUpperCase();
        if (!METHODS.has(method)) bad(e, `method '${String(d.method ?? '')}' is not one of ${[...METHODS].join(', ')}`);
        const path = d.path;
        if (typeof path !== 'string' || !path.startsWith('/')) bad(e, `path must start with '/' (got '${String(path ?? '')}')`);
        else {
          const segs = path.split('/');
          segs.forEach((s, i) => {
            if (s.endsWith('...}') && i !== segs.length - 1) bad(e, `catch-all '${s}' must be the last segment of the path`);
            if ((s.includes('{') || s.includes('}')) && !/^\{[A-Za-z_][\w]*(\.\.\.)?\}$/.test(s)) bad(e, `bad path segment '${s}': use {name} or {name...}`);
          });
          const key = `${resolveRef(String(e.meta.router ?? ''), e.id)} ${method} ${path}`;
          const prev = routes.get(key);
          if (prev !== undefined) bad(e, `${method} ${path} is already routed by ${prev} on the same router`);
          else routes.set(key, e.id);
        }
        if (typeof d.func !== 'string' || d.func === '') bad(e, 'func is required');
        break;
      }
      case 'http.static': {
        if (typeof d.path !== 'string' || !d.path.startsWith('/')) bad(e, `path must start with '/' (got '${String(d.path ?? '')}')`);
        if (typeof d.fs !== 'string' || d.fs === '') bad(e, 'fs is required (an fs.directory entry)');
        const so = (d.static_options ?? {}) as Record<string, unknown>;
        if (so.spa === true && typeof so.index !== 'string') bad(e, 'static_options.index is required when spa is true');
        break;
      }
    }
  }
  return out;
}
