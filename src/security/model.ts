// The security model (services.md §7.1–§7.4): actors (who), policies (rules), scopes
// (immutable sets of policies) and their three-valued evaluation.
//
// All three are immutable JS values, so they can be shared between processes (messages,
// function arguments, a spawned process's context) without copying.

import { anyMatch } from './match.js';
import { holds, parseCondition, type Condition, type Request } from './conditions.js';
import { compileExpr, type CompiledExpr } from './expr.js';

export type Decision = 'allow' | 'deny' | 'undefined';

export class Actor {
  readonly meta: Readonly<Record<string, unknown>>;
  constructor(readonly id: string, meta: Record<string, unknown> = {}) {
    this.meta = deepFreeze(structuredClone(meta));
  }
}

export class Policy {
  constructor(
    readonly id: string,
    readonly actions: readonly string[],
    readonly resources: readonly string[],
    readonly effect: 'allow' | 'deny',
    readonly conditions: readonly Condition[],
    readonly expression: CompiledExpr | undefined,
    /** fully qualified group ids this policy belongs to */
    readonly groups: readonly string[],
  ) {
    Object.freeze(this);
  }

  evaluate(actor: Actor | undefined, action: string, resource: string, meta: Record<string, unknown> = {}): Decision {
    if (!anyMatch(this.actions, action) || !anyMatch(this.resources, resource)) return 'undefined';
    const req: Request = { actor: actor && { id: actor.id, meta: actor.meta as Record<string, unknown> }, action, resource, meta };
    for (const c of this.conditions) if (!holds(c, req)) return 'undefined';
    if (this.expression !== undefined) {
      const env = { actor: req.actor ?? {}, action, resource, meta };
      if (this.expression(env) !== true) return 'undefined';
    }
    return this.effect;
  }
}

export class Scope {
  readonly policies: readonly Policy[];
  constructor(policies: readonly Policy[] = []) {
    // one policy per id: the later one wins, so `with` replaces an older version
    const byId = new Map<string, Policy>();
    for (const p of policies) byId.set(p.id, p);
    this.policies = Object.freeze([...byId.values()]);
    Object.freeze(this);
  }

  with(p: Policy): Scope {
    return new Scope([...this.policies, p]);
  }

  without(id: string): Scope {
    return new Scope(this.policies.filter((p) => p.id !== id));
  }

  contains(id: string): boolean {
    return this.policies.some((p) => p.id === id);
  }

  /** Any deny wins; else any allow; else undefined (§7.4). */
  evaluate(actor: Actor | undefined, action: string, resource: string, meta: Record<string, unknown> = {}): Decision {
    let allowed = false;
    for (const p of this.policies) {
      const d = p.evaluate(actor, action, resource, meta);
      if (d === 'deny') return 'deny';
      if (d === 'allow') allowed = true;
    }
    return allowed ? 'allow' : 'undefined';
  }
}

/** What a running piece of code acts as; either part may be missing. */
export interface SecurityContext {
  actor?: Actor;
  scope?: Scope;
}

export interface PolicyEntry {
  id: string;
  kind: string;
  data: Record<string, unknown>;
}

export const POLICY_KINDS: ReadonlySet<string> = new Set(['security.policy', 'security.policy.expr']);

/** A policy entry -> Policy, or the problems that stop it from loading (one message each). */
export function compilePolicy(e: PolicyEntry): Policy | string[] {
  const problems: string[] = [];
  const p = e.data.policy;
  if (typeof p !== 'object' || p === null || Array.isArray(p)) return ['policy: a map with actions, resources and effect is required'];
  const pol = p as Record<string, unknown>;
  const actions = patternList(pol.actions, 'policy.actions', problems);
  const resources = patternList(pol.resources, 'policy.resources', problems);
  const effect = pol.effect;
  if (effect !== 'allow' && effect !== 'deny') problems.push(`policy.effect must be allow or deny, got '${String(effect)}'`);
  const conditions: Condition[] = [];
  if (pol.conditions !== undefined) {
    if (!Array.isArray(pol.conditions)) problems.push('policy.conditions must be a list');
    else pol.conditions.forEach((c, i) => {
      const r = parseCondition(c, i);
      if (typeof r === 'string') problems.push(`policy.${r}`);
      else conditions.push(r);
    });
  }
  let expression: CompiledExpr | undefined;
  if (e.kind === 'security.policy.expr') {
    const src = pol.expression ?? e.data.expression;
    if (typeof src !== 'string' || src.trim() === '') problems.push('policy.expression: a boolean expression is required');
    else {
      try {
        expression = compileExpr(src);
      } catch (err) {
        problems.push(`policy.expression: ${(err as Error).message}`);
      }
    }
  }
  if (problems.length > 0) return problems;
  return new Policy(e.id, actions, resources, effect as 'allow' | 'deny', conditions, expression, groupsOf(e));
}

/** `groups: [admin]` in namespace app.security means `app.security:admin`; qualified ids stay. */
export function groupsOf(e: PolicyEntry): string[] {
  const g = e.data.groups;
  if (!Array.isArray(g)) return [];
  const ns = e.id.slice(0, e.id.indexOf(':'));
  return g.filter((x): x is string => typeof x === 'string' && x !== '').map((x) => (x.includes(':') ? x : `${ns}:${x}`));
}

function patternList(v: unknown, name: string, problems: string[]): string[] {
  if (typeof v === 'string' && v !== '') return [v];
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v as string[];
  problems.push(`${name} must be "*", a name or a list of names`);
  return [];
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
