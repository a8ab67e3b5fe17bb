// The hook the `registry` module calls around every changeset it applies: authorize
// (registry-guard.ts), check host limits and policy entries on the would-be registry,
// commit only when all pass, and write every decision to the audit log.

import { randomUUID } from 'node:crypto';
import type { Node } from '../kernel/process.js';
import type { SecurityService } from './service.js';
import type { AuditLog, AuditRecord } from './audit.js';
import { authorizeChanges, idOf, type GuardEntry, type GuardOp } from './registry-guard.js';
import { hostLimitProblems } from './host-limits.js';
import { compilePolicy, POLICY_KINDS, Policy } from './model.js';

export interface GuardResult { ok: true; version: number }
export interface GuardRefusal { ok: false; kind: 'permission' | 'invalid'; message: string }

/** What the registry module needs: `ops` are about to be applied by `commit`. */
export type RegistryWriteGuard = <R extends { ok: boolean }>(ops: readonly GuardOp[], how: 'apply' | 'apply_version',
  commit: () => R) => R | GuardRefusal;

export interface GuardDeps {
  node: Node;
  security: SecurityService;
  audit: AuditLog;
  /** the registry now */
  entries: { get(id: string): GuardEntry | undefined; all(): readonly GuardEntry[] };
  onAuditError?: (err: unknown) => void;
}

export function createRegistryWriteGuard(deps: GuardDeps): RegistryWriteGuard {
  return (ops, how, commit) => {
    const p = deps.node.current;
    const ctx = deps.security.contextOf(p);
    const auth = authorizeChanges(ops, (id) => deps.entries.get(id), (a, r, m) => deps.security.decide(ctx, a, r, m), how);
    let refusal: GuardRefusal | undefined;
    let outcome: string;
    let result: ReturnType<typeof commit> | undefined;
    if (!auth.allowed) {
      refusal = { ok: false, kind: 'permission', message: `permission denied: ${auth.denial} (actor ${ctx?.actor?.id ?? 'none'})` };
      outcome = 'denied';
    } else {
      const problems = stagedProblems(deps.entries.all(), ops);
      if (problems.host.length > 0) {
        refusal = { ok: false, kind: 'permission', message: `permission denied: ${problems.host.join('; ')}` };
        outcome = `denied: ${problems.host.join('; ')}`;
      } else if (problems.invalid.length > 0) {
        refusal = { ok: false, kind: 'invalid', message: problems.invalid.join('; ') };
        outcome = `rejected: ${refusal.message}`;
      } else {
        result = commit();
        const r = result as unknown as { ok: boolean; version?: number; errors?: { message: string }[] };
        outcome = r.ok ? `committed as version ${r.version}` : `rejected: ${(r.errors ?? []).map((e) => e.message).join('; ')}`;
      }
    }
    const base = { time: Date.now(), changeset: randomUUID(), actor: ctx?.actor?.id ?? '', pid: p?.pid ?? '',
      caller: String(p?.ctx.entry ?? ''), outcome };
    const hostDenied = refusal?.kind === 'permission' && auth.allowed;
    const rows: AuditRecord[] = auth.ops.map((o) => ({ ...base, op: o.op, entry: o.entry, kind: o.kind,
      decision: o.allowed && !hostDenied ? 'allow' : 'deny', reason: hostDenied ? 'host.allowed_modules' : o.reason }));
    try {
      deps.audit.record(rows);
    } catch (err) {
      (deps.onAuditError ?? ((e) => console.error('registry audit log:', e)))(err);
    }
    return refusal ?? result!;
  };
}

/** Host-limit and policy problems of the registry as it would be after `ops`. */
function stagedProblems(current: readonly GuardEntry[], ops: readonly GuardOp[]): { host: string[]; invalid: string[] } {
  const map = new Map(current.map((e) => [e.id, e]));
  const touched = new Set<string>();
  for (const op of ops) {
    const id = idOf(op.entry);
    touched.add(id);
    if (op.op === 'delete') map.delete(id);
    else map.set(id, { id, kind: op.entry.kind ?? map.get(id)?.kind ?? '', meta: op.entry.meta ?? {}, data: op.entry.data ?? {} });
  }
  const host = hostLimitProblems(map.values(), touched).map((p) => `${p.entry}: ${p.message}`);
  const invalid: string[] = [];
  for (const id of touched) {
    const e = map.get(id);
    if (e === undefined || !POLICY_KINDS.has(e.kind)) continue;
    const pol = compilePolicy(e);
    if (!(pol instanceof Policy)) invalid.push(...pol.map((m) => `entry ${id}: ${m}`));
  }
  return { host, invalid };
}
