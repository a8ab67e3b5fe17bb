// Changes between two sets of entries, in the order handlers must see them (config.md §5.3):
// deletes first, dependents before their dependencies; then creates and updates,
// dependencies before their dependents.

import { isDeepStrictEqual } from 'node:util';
import type { Entry } from './entry.js';
import { dependencyGraph, dependencyOrder } from './graph.js';

export type ChangeOp = 'create' | 'update' | 'delete';

/** One committed change. `original` is the value before (update, delete), so every change can be reversed. */
export interface Change {
  op: ChangeOp;
  /** The new value; for a delete, the removed one. */
  entry: Entry;
  original?: Entry;
}

/** Same content: kind, meta, data and loaded source text. Where it was declared does not count. */
export function sameEntry(a: Entry, b: Entry): boolean {
  return a.kind === b.kind && a.sourceText === b.sourceText && isDeepStrictEqual(a.meta, b.meta) && isDeepStrictEqual(a.data, b.data);
}

/** The minimal ordered changes that turn `from` into `to`. A kind change is a delete plus a create. */
export function buildDelta(from: readonly Entry[], to: readonly Entry[]): Change[] {
  const before = new Map(from.map((e) => [e.id, e]));
  const after = new Map(to.map((e) => [e.id, e]));
  const changes: Change[] = [];
  for (const [id, old] of before) {
    const now = after.get(id);
    if (!now || now.kind !== old.kind) changes.push({ op: 'delete', entry: old, original: old });
  }
  for (const [id, now] of after) {
    const old = before.get(id);
    if (!old || old.kind !== now.kind) changes.push({ op: 'create', entry: now });
    else if (!sameEntry(old, now)) changes.push({ op: 'update', entry: now, original: old });
  }
  return orderChanges(changes, from, to);
}

/**
 * Net changes of the entries `touched` by a changeset (config.md §5.3 squash): create+update
 * = create, create+delete = nothing, update+delete = delete, delete+create = update. An explicit
 * update to identical content is kept: handlers may use it to reload.
 */
export function netChanges(before: ReadonlyMap<string, Entry>, after: ReadonlyMap<string, Entry>, touched: Iterable<string>): Change[] {
  const changes: Change[] = [];
  for (const id of new Set(touched)) {
    const old = before.get(id);
    const now = after.get(id);
    if (old && now && old.kind !== now.kind) changes.push({ op: 'delete', entry: old, original: old }, { op: 'create', entry: now });
    else if (old && now) changes.push({ op: 'update', entry: now, original: old });
    else if (old) changes.push({ op: 'delete', entry: old, original: old });
    else if (now) changes.push({ op: 'create', entry: now });
  }
  return changes;
}

/**
 * Deletes in reverse dependency order of the old set, then creates/updates in dependency order
 * of the new set. The orders are ids as `dependencyOrder` gives them (or entry lists).
 */
export function orderChanges(changes: Change[], from: readonly string[] | Iterable<Entry>, to: readonly string[] | Iterable<Entry>): Change[] {
  const oldRank = rank(from);
  const newRank = rank(to);
  const deletes = changes.filter((c) => c.op === 'delete').sort((a, b) => oldRank(b.entry.id) - oldRank(a.entry.id));
  const others = changes.filter((c) => c.op !== 'delete').sort((a, b) => newRank(a.entry.id) - newRank(b.entry.id));
  return [...deletes, ...others];
}

function rank(order: readonly string[] | Iterable<Entry>): (id: string) => number {
  const ids = isIdList(order) ? order : dependencyOrder(dependencyGraph([...order]));
  const positions = new Map(ids.map((id, i) => [id, i]));
  return (id) => positions.get(id) ?? Number.MAX_SAFE_INTEGER;
}

function isIdList(value: readonly string[] | Iterable<Entry>): value is readonly string[] {
  return Array.isArray(value) && (value.length === 0 || typeof value[0] === 'string');
}

/** The changes that undo `changes` (applied in the returned order). */
export function invertChanges(changes: readonly Change[]): Change[] {
  return [...changes].reverse().map((c): Change => {
    if (c.op === 'create') return { op: 'delete', entry: c.entry, original: c.entry };
    if (c.op === 'delete') return { op: 'create', entry: c.original ?? c.entry };
    return { op: 'update', entry: c.original!, original: c.entry };
  });
}

/** Applies committed changes to an id → entry map in place. */
export function applyChanges(map: Map<string, Entry>, changes: readonly Change[]): void {
  for (const c of changes) {
    if (c.op === 'delete') map.delete(c.entry.id);
    else map.set(c.entry.id, c.entry);
  }
}
