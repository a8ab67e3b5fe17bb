// The `security` module (services.md §7.5): the current actor and scope, permission checks,
// actors, scopes, policies from the registry, and token stores. Its own operations are
// guarded by the security.* actions, and a refusal is reported with kind INVALID, as the
// reference does (services.md §0.6).

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { makeLib, checkString, typeError } from '../lua/lib/args.js';
import { bytesToText } from '../lua/runtime/values.js';
import type { Node } from '../kernel/process.js';
import { KIND, makeError } from './errors.js';
import { securityOf, type SecurityService } from '../security/service.js';
import { Actor, Scope, type Policy, type SecurityContext } from '../security/model.js';
import { actorOf, actorValue, plainMeta, policyOf, policyValue, scopeOf, scopeValue } from '../security/values.js';
import { parseExpiration, type TokenStore } from '../security/tokens.js';
import { hostFn, then } from '../sql/lua-async.js';

const fail = (kind: string, message: string) => [undefined, makeError(kind, message)];

export function createSecurityModule(node: Node): LuaTable {
  const svc = (): SecurityService | undefined => securityOf(node);
  const context = (): SecurityContext | undefined => node.current?.ctx.security as SecurityContext | undefined;
  /** the module's own permission check; undefined when allowed */
  const guard = (action: string, resource: string): LuaValue[] | undefined => {
    const s = svc();
    if (s === undefined || s.check(node.current, action, resource)) return undefined;
    return fail(KIND.INVALID, `permission denied: ${action} on ${resource}`);
  };
  const text = (args: LuaValue[], i: number, fname: string) => bytesToText(checkString(args, i, fname));

  const tokenMeta = new LuaTable();
  type Handle = { store: TokenStore; closed: boolean };
  const handle = (self: LuaValue): Handle => {
    if (self instanceof Userdata && self.mt === tokenMeta) return self.data as Handle;
    return typeError(1, 'token store method', 'TokenStore', self);
  };
  const open = (self: LuaValue, action: string): TokenStore | LuaValue[] => {
    const h = handle(self);
    if (h.closed) return fail(KIND.INTERNAL, 'token store is closed');
    return guard(action, h.store.config.id) ?? h.store;
  };
  tokenMeta.setStr('__index', makeLib({
    create: hostFn('create', (self: LuaValue, a: LuaValue, sc: LuaValue, opts: LuaValue) => {
      const store = open(self, 'security.token.create');
      if (Array.isArray(store)) return store;
      const actor = actorOf(a) ?? typeError(1, 'create', 'Actor', a);
      const scope = sc === undefined ? undefined : scopeOf(sc) ?? typeError(2, 'create', 'Scope', sc);
      let expirationMs: number | undefined;
      let meta: Record<string, unknown> | undefined;
      if (opts instanceof LuaTable) {
        const exp = opts.getStr('expiration');
        if (exp !== undefined) {
          try {
            expirationMs = parseExpiration(typeof exp === 'string' ? bytesToText(exp) : exp, NaN);
          } catch (e) {
            return fail(KIND.INVALID, `invalid expiration: ${(e as Error).message}`);
          }
          if (!(expirationMs > 0)) return fail(KIND.INVALID, `invalid expiration '${String(exp)}'`);
        }
        meta = plainMeta(opts.getStr('meta'));
      }
      return store.create(actor, scope, { expirationMs, meta });
    }),
    validate: hostFn('validate', (self: LuaValue, token: LuaValue) => {
      const store = open(self, 'security.token.validate');
      if (Array.isArray(store)) return [undefined, ...store];
      if (typeof token !== 'string') return [undefined, undefined, makeError(KIND.INTERNAL, 'token validation failed: token must be a string')];
      return then(store.validate(bytesToText(token)), (r): LuaValue[] => {
        if (typeof r === 'string') return [undefined, undefined, makeError(KIND.INTERNAL, `token validation failed: ${r}`)];
        return [actorValue(r.actor), scopeValue(r.scope)];
      });
    }),
    revoke: hostFn('revoke', (self: LuaValue, token: LuaValue) => {
      const store = open(self, 'security.token.revoke');
      if (Array.isArray(store)) return [false, store[1]];
      return typeof token === 'string' ? store.revoke(bytesToText(token)) : false;
    }),
    close: (self: LuaValue) => {
      handle(self).closed = true;
      return true;
    },
  }));
  tokenMeta.setStr('__name', 'security.TokenStore');
  (tokenMeta.getStr('__index') as LuaTable).frozen = true;
  tokenMeta.frozen = true;

  const mod = makeLib({
    actor: () => {
      const a = context()?.actor;
      return a === undefined ? undefined : actorValue(a);
    },
    scope: () => {
      const s = context()?.scope;
      return s === undefined ? undefined : scopeValue(s);
    },
    can: (...args: LuaValue[]) => {
      const action = text(args, 0, 'can'), resource = text(args, 1, 'can');
      const s = svc();
      if (s === undefined) return true;
      return s.check(node.current, action, resource, plainMeta(args[2]));
    },
    new_actor: (...args: LuaValue[]) => {
      const id = text(args, 0, 'new_actor');
      const denied = guard('security.actor.create', id);
      if (denied) return denied;
      return actorValue(new Actor(id, plainMeta(args[1])));
    },
    new_scope: (...args: LuaValue[]) => {
      const denied = guard('security.scope.create', 'custom');
      if (denied) return denied;
      const list = args[0];
      const policies: Policy[] = [];
      if (list instanceof LuaTable) {
        for (let i = 1; i <= list.length(); i++) {
          const v = list.get(i);
          policies.push(policyOf(v) ?? typeError(1, 'new_scope', 'list of Policy', v));
        }
      } else if (list !== undefined) typeError(1, 'new_scope', 'table', list);
      return scopeValue(new Scope(policies));
    },
    policy: (...args: LuaValue[]) => {
      const id = text(args, 0, 'policy');
      const denied = guard('security.policy.get', id);
      if (denied) return denied;
      const p = svc()?.catalog.policy(id);
      return p === undefined ? fail(KIND.INTERNAL, `policy '${id}' not found`) : policyValue(p);
    },
    named_scope: (...args: LuaValue[]) => {
      const id = text(args, 0, 'named_scope');
      const denied = guard('security.policy_group.get', id);
      if (denied) return denied;
      const g = svc()?.catalog.group(id);
      return g === undefined ? fail(KIND.INTERNAL, `policy group '${id}' not found`) : scopeValue(new Scope(g));
    },
    token_store: (...args: LuaValue[]) => {
      const id = typeof args[0] === 'string' ? bytesToText(args[0]) : '';
      if (id === '') return fail(KIND.INVALID, 'token store id is required');
      const denied = guard('security.token_store.get', id);
      if (denied) return denied;
      const r = svc()?.tokens?.get(id) ?? `token store '${id}' not found`;
      return typeof r === 'string' ? fail(KIND.INTERNAL, r) : new Userdata({ store: r, closed: false }, tokenMeta);
    },
  });
  mod.frozen = true;
  return mod;
}
