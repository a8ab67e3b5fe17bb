// Who may change the registry (workflows-cluster.md §3.5, agents.md §11.3). Every changeset
// applied from Lua is checked before anything changes, per operation:
//
//   registry.apply (or registry.apply_version)   resource ""         the coarse, documented check
//   registry.<op>.<kind>                         resource entry id   e.g. registry.create.function.lua
//   registry.security                            resource entry id   the entry is a security.* entry or
//                                                                    changes a security block / host limits
//   registry.grant.module                        resource module     each module newly granted to an entry
//   registry.grant.import                        resource entry id   each library newly imported by an entry
//
// The last three are the escalation guard: code allowed to create functions in its sandbox
// still cannot write a policy, give itself an identity, or hand new code capabilities it was
// not explicitly allowed to hand out. One refusal rejects the whole changeset.

import { isDeepStrictEqual } from 'node:util';
import type { Verdict } from './service.js';
import { qualify } from './service.js';

export interface GuardEntry {
  id: string;
  kind: string;
  meta: Record<string, unknown>;
  data: Record<string, unknown>;
}

export interface GuardOp {
  op: 'create' | 'update' | 'delete';
  entry: { id?: string; namespace?: string; name?: string; kind?: string; meta?: Record<string, unknown>; data?: Record<string, unknown> };
}

export interface Check {
  action: string;
  resource: string;
  meta: Record<string, unknown>;
}

export interface OpDecision {
  op: GuardOp['op'];
  entry: string;
  kind: string;
  allowed: boolean;
  /** the refused check (deny) or the checked actions (allow) */
  reason: string;
}

export interface Authorization {
  allowed: boolean;
  ops: OpDecision[];
  /** what was refused, for the PERMISSION_DENIED message */
  denial?: string;
}

/** Fields whose change alters identity or limits rather than behaviour. */
export function securityRelevant(before: GuardEntry | undefined, after: GuardEntry | undefined): boolean {
  const e = after ?? before!;
  if (e.kind.startsWith('security.')) return true;
  const pick = (x: GuardEntry | undefined) => x && {
    security: x.data.security,
    lifecycle: (x.data.lifecycle as Record<string, unknown> | undefined)?.security,
    command: ((x.meta.command as Record<string, unknown> | undefined) ?? {}).security,
    hostModules: (x.data.host as Record<string, unknown> | undefined)?.allowed_modules,
  };
  const a = pick(before), b = pick(after);
  const has = (x: ReturnType<typeof pick>) => x !== undefined && Object.values(x).some((v) => v !== undefined);
  if (before === undefined || after === undefined) return has(a) || has(b);
  return !isDeepStrictEqual(a, b);
}

/** The checks one operation needs, given the entry before and after it. */
export function checksFor(op: GuardOp['op'], id: string, before: GuardEntry | undefined, after: GuardEntry | undefined): Check[] {
  const e = after ?? before;
  const kind = before?.kind ?? after?.kind ?? '';
  const ns = id.slice(0, id.indexOf(':'));
  const meta = { ...(e?.meta ?? {}), kind, ns };
  const checks: Check[] = [{ action: `registry.${op}.${kind}`, resource: id, meta }];
  if (securityRelevant(before, after)) checks.push({ action: 'registry.security', resource: id, meta });
  if (after !== undefined) {
    const had = new Set(strings(before?.data.modules));
    for (const m of strings(after.data.modules)) {
      if (!had.has(m)) checks.push({ action: 'registry.grant.module', resource: m, meta: { ...meta, entry: id } });
    }
    const imported = new Set(importTargets(before));
    for (const t of importTargets(after)) {
      if (!imported.has(t)) checks.push({ action: 'registry.grant.import', resource: t, meta: { ...meta, entry: id } });
    }
  }
  return checks;
}

/**
 * Decides a changeset. `lookup` gives the registry as it is now; ops are staged in order, so
 * an update after a create in the same changeset is judged against the created entry.
 */
export function authorizeChanges(
  ops: readonly GuardOp[],
  lookup: (id: string) => GuardEntry | undefined,
  decide: (action: string, resource: string, meta: Record<string, unknown>) => Verdict,
  how: 'apply' | 'apply_version' = 'apply',
): Authorization {
  const staged = new Map<string, GuardEntry | undefined>();
  const current = (id: string) => (staged.has(id) ? staged.get(id) : lookup(id));
  const coarse = decide(`registry.${how}`, '', {});
  const out: OpDecision[] = [];
  let denial: string | undefined = coarse.allowed ? undefined : `registry.${how}`;
  for (const op of ops) {
    const id = idOf(op.entry);
    const before = current(id);
    const after = op.op === 'delete' ? undefined : toGuardEntry(id, op.entry, before);
    const checks = checksFor(op.op, id, before, after);
    let refused: string | undefined = coarse.allowed ? undefined : `registry.${how}`;
    for (const c of checks) {
      if (refused !== undefined) break;
      if (!decide(c.action, c.resource, c.meta).allowed) refused = c.resource === '' ? c.action : `${c.action} on ${c.resource}`;
    }
    if (refused !== undefined) denial ??= refused;
    out.push({ op: op.op, entry: id, kind: before?.kind ?? after?.kind ?? '', allowed: refused === undefined,
      reason: refused ?? [`registry.${how}`, ...checks.map((c) => c.action)].join(' ') });
    staged.set(id, after);
  }
  return { allowed: denial === undefined, ops: out, denial };
}

export function idOf(e: GuardOp['entry']): string {
  return e.id ?? (e.namespace !== undefined && e.name !== undefined ? `${e.namespace}:${e.name}` : '');
}

function toGuardEntry(id: string, e: GuardOp['entry'], before: GuardEntry | undefined): GuardEntry {
  return { id, kind: e.kind ?? before?.kind ?? '', meta: e.meta ?? {}, data: e.data ?? {} };
}

function importTargets(e: GuardEntry | undefined): string[] {
  const imports = e?.data.imports;
  if (typeof imports !== 'object' || imports === null) return [];
  return Object.values(imports).filter((x): x is string => typeof x === 'string').map((t) => qualify(t, e!.id));
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
