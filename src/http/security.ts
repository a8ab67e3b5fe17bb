// Where HTTP meets the security model (spec services §1.5, §1.6, §7.7). The security
// component fills these hooks at boot for each runtime (src/security/http.ts), keyed by the
// runtime's kernel node so two apps in one process never share them. Without hooks (a node
// nothing was attached to), `token_auth` leaves requests anonymous, the firewalls allow any
// request that has an actor (and answer 401 to one without), and clients are unrestricted.

import type { Node, Process } from '../kernel/process.js';
import type { Actor } from './exchange.js';

export interface TokenResult {
  actor: Actor;
  scope?: unknown;
}

export interface HttpSecurityHooks {
  /** Validate `token` against the `security.token_store` entry `storeId`; undefined = invalid. */
  validateToken?: (storeId: string, token: string) => TokenResult | undefined | Promise<TokenResult | undefined>;
  /** May `actor` (with `scope`) perform `action` on `resource`? */
  checkPermission?: (actor: Actor, scope: unknown, action: string, resource: string) => boolean;
  /** http_client / websocket permission checks (`http_client.request` on a URL, `.private_ip`,
   * `.unix_socket`, `.insecure_tls`, `websocket.connect`) for the calling process `p` (passed
   * in, because a check may run after an await, when another process is current). */
  clientAllowed?: (p: Process | undefined, action: string, resource: string) => boolean;
  /** The baseline actor and scope of a server's `lifecycle.security` block; throws on a bad block. */
  baseline?: (serverId: string, security: Record<string, unknown>) => TokenResult | undefined;
}

const NONE: HttpSecurityHooks = Object.freeze({});
const hooks = new WeakMap<Node, HttpSecurityHooks>();

export function attachHttpSecurity(node: Node, h: HttpSecurityHooks): void {
  hooks.set(node, h);
}

export function httpSecurityOf(node: Node): HttpSecurityHooks {
  return hooks.get(node) ?? NONE;
}
