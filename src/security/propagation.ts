// How actor and scope travel (workflows-cluster.md §3.3), and the checks at each boundary:
//
//   process.spawn*   the child starts with no identity, unless the spawner's builder set
//                    with_actor/with_scope (needs process.security) or the service entry
//                    declares lifecycle.security; spawning needs process.spawn[.monitored|
//                    .linked] (process.exec for exec) on the entry and process.host on the host.
//   funcs.call       the callee inherits the caller's identity (funcs.new():with_actor/
//                    with_scope override it, needing funcs.security); a function entry with
//                    a `security:` block runs as that identity instead; needs funcs.call.
//
// A process's identity is `p.ctx.security` (a SecurityContext, immutable).

import type { Node, Process } from '../kernel/process.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { KIND } from '../modules/errors.js';
import { securityOf } from './service.js';
import { actorOf, scopeOf } from './values.js';
import { modulesOutside } from './host-limits.js';
import type { SecurityContext } from './model.js';

export interface Failure { kind: string; message: string }

export interface SpawnIdentity {
  /** Lua values given to with_actor / with_scope */
  actor?: LuaValue;
  scope?: LuaValue;
  /** a `lifecycle.security` block and the entry declaring it (services) */
  block?: { config: unknown; owner: string };
  monitor?: boolean;
  link?: boolean;
  exec?: boolean;
}

/** The identity of a process about to be spawned, or why it may not be. */
export function spawnContext(node: Node, parent: Process | undefined, entry: { id: string; data: Record<string, unknown> },
  host: { id: string; allowedModules?: readonly string[] }, opts: SpawnIdentity): { context?: SecurityContext } | Failure {
  if (host.allowedModules !== undefined) {
    const outside = modulesOutside(entry.data.modules, host.allowedModules);
    if (outside.length > 0) {
      return denied(`${entry.id} is granted ${outside.join(', ')}, which host ${host.id} does not allow`);
    }
  }
  const svc = securityOf(node);
  const custom = opts.actor !== undefined || opts.scope !== undefined;
  // fast path: a parent acting as the app (no identity, strict mode off) may spawn anything
  if (svc !== undefined && parent !== undefined && (parent.ctx.security !== undefined || svc.strict)) {
    const needs: [string, string][] = [[opts.exec ? 'process.exec' : 'process.spawn', entry.id], ['process.host', host.id]];
    if (opts.monitor) needs.push(['process.spawn.monitored', entry.id]);
    if (opts.link) needs.push(['process.spawn.linked', entry.id]);
    if (custom) needs.push(['process.security', 'security']);
    for (const [action, resource] of needs) {
      if (!svc.check(parent, action, resource, { pid: parent.pid })) return denied(`${action} on ${resource}`);
    }
  }
  if (custom) {
    const bad = notIdentity(opts.actor, opts.scope);
    if (bad !== undefined) return bad;
    // a part not given is the spawner's: setting only an actor must not drop the spawner's scope
    const from = parent?.ctx.security as SecurityContext | undefined;
    return { context: { actor: actorOf(opts.actor) ?? from?.actor, scope: scopeOf(opts.scope) ?? from?.scope } };
  }
  if (opts.block !== undefined && svc !== undefined) {
    const ctx = svc.contextFromBlock(opts.block.config, opts.block.owner);
    if (typeof ctx === 'string') return { kind: KIND.INVALID, message: ctx };
    return { context: ctx };
  }
  return NO_IDENTITY;
}

/** The answer for a spawn with no identity (most spawns): one shared object, never changed. */
const NO_IDENTITY: { context?: SecurityContext } = Object.freeze({});

/** The identity a function call runs with, or why the caller may not call it. */
export function callContext(node: Node, caller: Process | undefined, entry: { id: string; data: Record<string, unknown> }):
  { context?: SecurityContext } | Failure {
  const svc = securityOf(node);
  if (svc === undefined) return { context: caller?.ctx.security as SecurityContext | undefined };
  if (caller !== undefined && (caller.ctx.security !== undefined || svc.strict) && !svc.check(caller, 'funcs.call', entry.id, { pid: caller.pid })) return denied(`funcs.call on ${entry.id}`);
  if (entry.data.security !== undefined) {
    const ctx = svc.contextFromBlock(entry.data.security, entry.id);
    if (typeof ctx === 'string') return { kind: KIND.INVALID, message: ctx };
    return { context: ctx };
  }
  return { context: svc.contextOf(caller) };
}

/**
 * funcs.new():with_actor(a):with_scope(s): the override the next call runs with. Needs
 * funcs.security; a part not given keeps the caller's.
 */
export function callOverride(node: Node, caller: Process | undefined, actor: LuaValue, scope: LuaValue): SecurityContext | Failure {
  const svc = securityOf(node);
  const current = caller?.ctx.security as SecurityContext | undefined;
  const bad = notIdentity(actor, scope);
  if (bad !== undefined) return bad;
  if (svc !== undefined && !svc.check(caller, 'funcs.security', 'security')) return denied('funcs.security on security');
  return { actor: actorOf(actor) ?? current?.actor, scope: scopeOf(scope) ?? current?.scope };
}

/** with_actor / with_scope take only values made by the security module. */
function notIdentity(actor: LuaValue, scope: LuaValue): Failure | undefined {
  if (actor !== undefined && actorOf(actor) === undefined) return { kind: KIND.INVALID, message: 'with_actor expects an Actor (security.new_actor)' };
  if (scope !== undefined && scopeOf(scope) === undefined) return { kind: KIND.INVALID, message: 'with_scope expects a Scope (security.new_scope, named_scope)' };
  return undefined;
}

function denied(what: string): Failure {
  return { kind: KIND.PERMISSION_DENIED, message: `permission denied: ${what}` };
}
