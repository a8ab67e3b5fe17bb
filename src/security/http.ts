// Fills the HTTP security hooks (src/http/security.ts) of one app from its security service
// (spec services §1.5, §1.6, §1.10, §1.11, §7.7):
// - `token_auth`: a token valid in a `security.token_store` becomes the request's actor and
//   scope; an invalid, revoked or expired one leaves the request as it was (the middleware
//   never blocks; a firewall behind it answers 401 to a request with no actor).
// - firewalls: the same §7.4 decision every guarded module call gets.
// - `lifecycle.security` of a server: its actor and scope, from the policy catalog.
// - http_client / websocket: the calling process's permissions. Private and loopback
//   addresses are the exception to "no context acts as the app": `http_client.private_ip`
//   needs an explicit `allow` from the caller's scope, or, for code with no scope, the
//   runtime setting `security.allow_private_ip: true` (docs/security.md).

import type { Node } from '../kernel/process.js';
import { attachHttpSecurity, type HttpSecurityHooks } from '../http/security.js';
import type { SecurityService } from './service.js';
import { then } from '../sql/lua-async.js';
import type { Actor, Scope, SecurityContext } from './model.js';

export interface HttpSecurityOptions {
  /** `security.allow_private_ip` of the runtime config: private addresses for code with no scope */
  allowPrivateIp: boolean;
}

export function installHttpSecurity(node: Node, svc: SecurityService, opts: HttpSecurityOptions): HttpSecurityHooks {
  const hooks: HttpSecurityHooks = {
    validateToken(storeId, token) {
      return then(svc.identityFromToken(storeId, token), (id) => {
        if (typeof id === 'string' || id.actor === undefined) return undefined;
        return { actor: id.actor, scope: id.scope };
      });
    },
    checkPermission(actor, scope, action, resource) {
      return svc.decide({ actor: actor as Actor, scope: scope as Scope | undefined }, action, resource).allowed;
    },
    baseline(serverId, block) {
      const ctx = svc.contextFromBlock(block, serverId);
      if (typeof ctx === 'string') throw new Error(`lifecycle.security: ${ctx}`);
      return ctx.actor === undefined ? undefined : { actor: ctx.actor, scope: ctx.scope };
    },
    clientAllowed(p, action, resource) {
      const ctx = svc.contextOf(p);
      const verdict = svc.decide(ctx, action, resource);
      if (action !== 'http_client.private_ip') return verdict.allowed;
      return privateIpAllowed(ctx, verdict.decision, verdict.allowed, opts.allowPrivateIp);
    },
  };
  attachHttpSecurity(node, hooks);
  return hooks;
}

/** SSRF protection: blocked unless explicitly allowed (a scope's `allow`, or the app setting). */
function privateIpAllowed(ctx: SecurityContext | undefined, decision: string, allowed: boolean, appSetting: boolean): boolean {
  if (decision === 'deny') return false;
  if (decision === 'allow') return allowed;
  return ctx?.scope === undefined && appSetting;
}
