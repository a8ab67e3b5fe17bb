// The security service of one running app: the policy catalog, strict mode, the decision
// every guarded operation asks for, and where a process's actor and scope live.
//
// Default when nothing is configured (docs/security.md): code with no actor and no scope —
// file-declared services, `wippy run -x`, processes spawned without `with_actor` — acts as
// the app itself and is allowed, unless `security.strict_mode` is on. Code that carries an
// actor and a scope is checked, and only an explicit `allow` lets it through.

import type { Node, Process } from '../kernel/process.js';
import { PolicyCatalog, type EntryView } from './catalog.js';
import type { TokenStores } from './tokens.js';
import { then, type Maybe } from '../sql/lua-async.js';
import { Actor, Scope, type Decision, type Policy, type SecurityContext } from './model.js';

export interface Verdict {
  allowed: boolean;
  /** the scope's answer, or 'no-context' when there was no actor or no scope to ask */
  decision: Decision | 'no-context';
}

export class SecurityService {
  readonly catalog: PolicyCatalog;
  /** the app's token stores (set at boot, src/security/install.ts) */
  tokens: TokenStores | undefined = undefined;

  constructor(current: () => EntryView, readonly strict = false) {
    this.catalog = new PolicyCatalog(current);
  }

  contextOf(p: Process | undefined): SecurityContext | undefined {
    return p?.ctx.security as SecurityContext | undefined;
  }

  /** The §7.4 rule: with actor and scope only `allow` passes; without, strict mode decides. A deny in a scope always holds. */
  decide(ctx: SecurityContext | undefined, action: string, resource: string, meta: Record<string, unknown> = {}): Verdict {
    const scope = ctx?.scope;
    if (scope === undefined) return { allowed: !this.strict, decision: 'no-context' };
    const decision = scope.evaluate(ctx?.actor, action, resource, meta);
    if (decision === 'deny') return { allowed: false, decision };
    if (ctx?.actor === undefined) return { allowed: !this.strict, decision: 'no-context' };
    return { allowed: decision === 'allow', decision };
  }

  /**
   * The identity a bearer token stands for (for HTTP `token_auth`): validate it in token store
   * `storeId`; put the result on the handler's process as `p.ctx.security`.
   */
  /** A token's identity; a promise when its store answers later (PostgreSQL). */
  identityFromToken(storeId: string, token: string): Maybe<SecurityContext | string> {
    const store = this.tokens?.get(storeId) ?? `token store '${storeId}' not found`;
    if (typeof store === 'string') return store;
    // a store that cannot answer (database down, bad entry) leaves the request unauthenticated
    const failed = (e: unknown) => `token store '${storeId}' failed: ${(e as Error).message}`;
    try {
      const r = then(store.validate(token), (v) => (typeof v === 'string' ? v : { actor: v.actor, scope: v.scope }));
      return r instanceof Promise ? r.catch(failed) : r;
    } catch (e) {
      return failed(e);
    }
  }

  check(p: Process | undefined, action: string, resource: string, meta?: Record<string, unknown>): boolean {
    return this.decide(this.contextOf(p), action, resource, meta).allowed;
  }

  /**
   * A `security:` block (function entries, `lifecycle.security` of services, command meta):
   * `{actor: {id, meta}, policies: [ids], groups: [ids]}`. Bare ids are in the namespace of
   * the entry that declares the block. Unknown policies or groups are errors, so a typo
   * never silently runs code with fewer (or no) restrictions.
   */
  contextFromBlock(block: unknown, ownerId: string): SecurityContext | string {
    if (typeof block !== 'object' || block === null || Array.isArray(block)) return `${ownerId}: security must be a map`;
    const b = block as Record<string, unknown>;
    const ctx: SecurityContext = {};
    if (b.actor !== undefined) {
      const a = b.actor as Record<string, unknown>;
      if (typeof a !== 'object' || a === null || typeof a.id !== 'string' || a.id === '') return `${ownerId}: security.actor needs an id`;
      ctx.actor = new Actor(a.id, isRecord(a.meta) ? a.meta : {});
    }
    if (b.policies !== undefined || b.groups !== undefined) {
      const policies: Policy[] = [];
      for (const id of strings(b.policies)) {
        const p = this.catalog.policy(qualify(id, ownerId));
        if (p === undefined) return `${ownerId}: security policy '${id}' not found`;
        policies.push(p);
      }
      for (const id of strings(b.groups)) {
        const g = this.catalog.group(qualify(id, ownerId));
        if (g === undefined) return `${ownerId}: security group '${id}' has no policies`;
        policies.push(...g);
      }
      ctx.scope = new Scope(policies);
    }
    return ctx;
  }
}

// One service per kernel node: modules reach it from the node they already hold.
const services = new WeakMap<Node, SecurityService>();

export function attachSecurity(node: Node, svc: SecurityService): void {
  services.set(node, svc);
}

export function securityOf(node: Node): SecurityService | undefined {
  return services.get(node);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `ns:name` stays; a bare `name` is in the owner's namespace. */
export function qualify(ref: string, ownerId: string): string {
  return ref.includes(':') ? ref : `${ownerId.slice(0, ownerId.indexOf(':'))}:${ref}`;
}
