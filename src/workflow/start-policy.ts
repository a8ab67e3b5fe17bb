// What a start does when its workflow id is taken (workflows-cluster.md §1.7):
//
//   id_conflict_policy      the id's run is still running:
//     use_existing (default)  return that run (new arguments ignored)
//     fail                    error AlreadyExists (also: execution_error_when_already_started = true)
//     terminate_existing      terminate it and start a new run under the id
//   id_reuse_policy         the id's run has finished:
//     (not given)             return the finished run (its stored result)
//     allow_duplicate         start a new run under the id (the old history is replaced)
//     allow_duplicate_failed_only   only when it failed, was canceled or terminated
//     reject_duplicate        error AlreadyExists
//
// Read from process.with_options{["temporal.workflow.id_conflict_policy"] = ...} (or the
// `workflow.` prefix) and from workflow.start's options {id_conflict_policy=, id_reuse_policy=}.

import { LuaTable } from '../lua/runtime/table.js';
import type { RunStatus } from './store.js';

export type ConflictPolicy = 'use_existing' | 'fail' | 'terminate_existing';
export type ReusePolicy = 'allow_duplicate' | 'allow_duplicate_failed_only' | 'reject_duplicate';

export interface StartPolicy {
  conflict?: ConflictPolicy;
  reuse?: ReusePolicy;
}

const CONFLICT: readonly string[] = ['use_existing', 'fail', 'terminate_existing'];
const REUSE: readonly string[] = ['allow_duplicate', 'allow_duplicate_failed_only', 'reject_duplicate'];

/** The finished statuses a reuse policy lets a new run replace. */
export function reusable(policy: ReusePolicy | undefined): RunStatus[] {
  if (policy === 'allow_duplicate') return ['completed', 'failed', 'canceled', 'terminated'];
  if (policy === 'allow_duplicate_failed_only') return ['failed', 'canceled', 'terminated'];
  return [];
}

/** The policies in a table of options; a string names what is wrong with them. */
export function startPolicyOf(get: (key: string) => unknown): StartPolicy | string {
  const p: StartPolicy = {};
  const conflict = get('id_conflict_policy');
  if (conflict !== undefined) {
    if (typeof conflict !== 'string' || !CONFLICT.includes(conflict)) return `id_conflict_policy must be one of ${CONFLICT.join(', ')}, not '${String(conflict)}'`;
    p.conflict = conflict as ConflictPolicy;
  }
  if (get('execution_error_when_already_started') === true) p.conflict = 'fail';
  const reuse = get('id_reuse_policy');
  if (reuse !== undefined) {
    if (typeof reuse !== 'string' || !REUSE.includes(reuse)) return `id_reuse_policy must be one of ${REUSE.join(', ')}, not '${String(reuse)}'`;
    p.reuse = reuse as ReusePolicy;
  }
  return p;
}

/** From spawn options: `temporal.workflow.<key>` or `workflow.<key>`. */
export function spawnStartPolicy(options: unknown): StartPolicy | string {
  if (!(options instanceof LuaTable)) return {};
  return startPolicyOf((key) => options.getStr(`temporal.workflow.${key}`) ?? options.getStr(`workflow.${key}`));
}
