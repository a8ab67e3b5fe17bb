// TLS for an http.service (`tls.mode: manual`): certificate and key as inline PEM, a
// `file://` path relative to the definition file (kept inside the app folder), or an
// `${env:...}` placeholder; optional client certificates (mTLS) with `client_ca` and
// `client_auth`. `auto` needs an overlay network driver, which this runtime does not have.

import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { dirname, resolve, sep } from 'node:path';
import type { Runtime, RtEntry } from '../system/runtime.js';
import { resolvePlaceholders } from '../kinds/http.js';

export interface TlsConfig {
  cert: string;
  key: string;
  ca?: string;
  requestCert: boolean;
  rejectUnauthorized: boolean;
  /** `tls.client_auth` ('' when unset) */
  clientAuth: string;
}

export const CLIENT_AUTH = ['request', 'require_any', 'verify_if_given', 'require_and_verify'] as const;
export type ClientAuth = (typeof CLIENT_AUTH)[number];

/**
 * Node's TLS options express `request` (ask, accept anything) and `require_and_verify`
 * (rejectUnauthorized); the two modes between need a look at each connection once its
 * handshake is done: whether a certificate came at all, and whether it was verified.
 * Returns why the connection is refused, or undefined to accept it.
 */
export function clientCertRefusal(auth: string, socket: TLSSocket): string | undefined {
  if (auth === 'require_any') {
    const cert = socket.getPeerCertificate();
    return cert === null || Object.keys(cert).length === 0 ? 'client certificate required' : undefined;
  }
  if (auth === 'verify_if_given') {
    const cert = socket.getPeerCertificate();
    const given = cert !== null && Object.keys(cert).length > 0;
    return given && !socket.authorized ? `client certificate not trusted: ${String(socket.authorizationError)}` : undefined;
  }
  return undefined;
}

function pem(v: unknown, field: string, entry: RtEntry & { source?: { file: string } }, rt: Runtime): string {
  if (typeof v !== 'string' || v.trim() === '') throw new Error(`tls.${field} is required for tls.mode manual`);
  const s = resolvePlaceholders(v, rt, entry.id);
  if (!s.startsWith('file://')) return s;
  const root = resolve(rt.root ?? '.');
  const base = entry.source?.file !== undefined ? resolve(root, dirname(entry.source.file)) : root;
  const p = resolve(base, s.slice('file://'.length));
  if (p !== root && !p.startsWith(root + sep)) throw new Error(`tls.${field}: ${s} is outside the app folder`);
  try {
    return readFileSync(p, 'utf8');
  } catch (e) {
    throw new Error(`tls.${field}: cannot read ${s}: ${(e as Error).message}`);
  }
}

/** The server's TLS settings, undefined for plain HTTP; throws with the reason when invalid. */
export function tlsConfig(entry: RtEntry, rt: Runtime): TlsConfig | undefined {
  const t = entry.data.tls as Record<string, unknown> | undefined;
  if (t === undefined || t === null || t.mode === undefined || t.mode === '') return undefined;
  if (t.mode === 'auto') throw new Error('tls.mode auto needs an overlay network certificate provider, which is not available');
  if (t.mode !== 'manual') throw new Error(`tls.mode must be "", manual or auto (got '${String(t.mode)}')`);
  const auth = typeof t.client_auth === 'string' ? t.client_auth : '';
  if (auth !== '' && !(CLIENT_AUTH as readonly string[]).includes(auth)) {
    throw new Error(`tls.client_auth must be one of ${CLIENT_AUTH.join(', ')} (got '${auth}')`);
  }
  const ca = t.client_ca === undefined ? undefined : pem(t.client_ca, 'client_ca', entry, rt);
  if ((auth === 'verify_if_given' || auth === 'require_and_verify') && ca === undefined) {
    throw new Error(`tls.client_auth ${auth} needs tls.client_ca`);
  }
  return {
    cert: pem(t.cert, 'cert', entry, rt),
    key: pem(t.key, 'key', entry, rt),
    ca,
    requestCert: auth !== '',
    rejectUnauthorized: auth === 'require_and_verify',
    clientAuth: auth,
  };
}
