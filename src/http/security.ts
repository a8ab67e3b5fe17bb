// Where HTTP meets the security model (spec services §1.5, §1.6, §7.7). The security
// component (src/security/) fills these hooks at boot; until it does, `token_auth` finds no
// token store and leaves requests anonymous, and the firewalls allow any request that has
// an actor (and answer 401 to one without).

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
   * `.unix_socket`, `.insecure_tls`, `websocket.connect`) for the calling process. */
  clientAllowed?: (action: string, resource: string) => boolean;
  /** The baseline actor and scope of a server's `lifecycle.security` block. */
  baseline?: (serverId: string, security: Record<string, unknown>) => TokenResult | undefined;
}

export const httpSecurity: HttpSecurityHooks = {};
