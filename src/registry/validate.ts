// Whole-set validation: one pass over a set of entries that reports every problem once, with the
// place it was declared. Used for the boot load and for every changeset (against the result).

import { isBuiltinRef, parseId, type Entry } from './entry.js';
import { formatError, sortErrors, type RegistryError } from './errors.js';
import { dependencyGraph, findCycles } from './graph.js';
import { DEFAULT_KINDS, kindMatches } from './kinds.js';
import type { LoadResult } from './load.js';
import { isRequirementTarget, references, requirementTargets, type Reference } from './refs.js';

export { formatError, sortErrors, type RegistryError };

export interface ValidateOptions {
  /** Kinds (or `*`/`**` patterns) that exist; default: the config.md §2.0 catalogue. */
  knownKinds?: Iterable<string>;
}

/**
 * Problems of a set of entries: missing kind, unknown kind, duplicate ids (at the later
 * declaration, naming the first), references to missing entries, dependency cycles.
 *
 * Missing references have two codes: `unresolved-reference` when the target namespace has
 * entries (a typo), `unresolved-module-reference` when it has none at all — usually a hub module
 * that is not installed — so a caller can downgrade that one to a warning.
 */
export function validateEntries(entries: readonly Entry[], options: ValidateOptions = {}): RegistryError[] {
  const known = kindChecker(options.knownKinds ?? DEFAULT_KINDS);
  const byId = new Map<string, Entry>();
  for (const e of entries) if (!byId.has(e.id)) byId.set(e.id, e);
  const refs = referenceChecker(byId);
  const errors: RegistryError[] = [];
  for (const e of entries) {
    const first = byId.get(e.id)!;
    if (first !== e) errors.push(duplicate(e, first));
    errors.push(...kindErrors(e, known), ...refs(e));
  }
  errors.push(...cycleErrors(entries, byId));
  return sortErrors(errors);
}

/** Load problems plus whole-set problems of a loaded project, sorted by file and line. */
export function validateLoad(result: LoadResult, options: ValidateOptions = {}): RegistryError[] {
  return sortErrors([...result.errors, ...validateEntries(result.entries, options)]);
}

/** Formatted problems, one per line, for printing. */
export function formatErrors(errors: readonly RegistryError[]): string {
  return errors.map(formatError).join('\n');
}

function at(e: Entry): Pick<RegistryError, 'file' | 'line' | 'entry'> {
  return e.source ? { file: e.source.file, line: e.source.line, entry: e.id } : { entry: e.id };
}

function where(e: Entry): string {
  return e.source ? `${e.source.file}:${e.source.line}` : 'a changeset';
}

function duplicate(e: Entry, prev: Entry): RegistryError {
  return { code: 'duplicate-id', message: `duplicate entry id (first declared at ${where(prev)})`, ...at(e) };
}

function kindChecker(kinds: Iterable<string>): (kind: string) => boolean {
  const exact = new Set<string>();
  const patterns: string[] = [];
  for (const k of kinds) {
    if (k.includes('*')) patterns.push(k);
    else exact.add(k);
  }
  return (kind) => exact.has(kind) || patterns.some((p) => kindMatches(p, kind));
}

function kindErrors(e: Entry, known: (kind: string) => boolean): RegistryError[] {
  if (e.kind === '') return [{ code: 'missing-kind', message: `missing 'kind'`, ...at(e) }];
  if (!known(e.kind)) return [{ code: 'unknown-kind', message: `unknown kind '${e.kind}'`, ...at(e) }];
  return [];
}

function referenceChecker(byId: Map<string, Entry>): (e: Entry) => RegistryError[] {
  const namespaces = new Set([...byId.values()].map((e) => e.namespace));
  const targets = requirementTargets(byId.values());
  return (e) => {
    const errors: RegistryError[] = [];
    for (const ref of references(e)) {
      if (isRequirementTarget(targets, e.id, ref.path)) continue;
      const problem = referenceProblem(ref, byId, namespaces);
      if (problem) errors.push({ ...problem, ...at(e) });
    }
    return errors;
  };
}

function referenceProblem(ref: Reference, byId: Map<string, Entry>, namespaces: Set<string>): Pick<RegistryError, 'code' | 'message'> | undefined {
  if (ref.id === undefined) {
    return { code: 'invalid-reference', message: `reference '${ref.path}' is not an entry id: ${describe(ref.raw)}` };
  }
  if (isBuiltinRef(ref.id) || byId.has(ref.id)) return undefined;
  const ns = parseId(ref.id)!.ns;
  if (namespaces.has(ns)) {
    return { code: 'unresolved-reference', message: `reference '${ref.path}' points to missing entry '${ref.id}'` };
  }
  return {
    code: 'unresolved-module-reference',
    message: `reference '${ref.path}' points to '${ref.id}' but namespace '${ns}' has no entries (module not installed?)`,
  };
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return String(value);
}

function cycleErrors(entries: readonly Entry[], byId: Map<string, Entry>): RegistryError[] {
  return findCycles(dependencyGraph(entries)).map((cycle) => ({
    code: 'dependency-cycle',
    message: `dependency cycle: ${cycle.join(' -> ')}`,
    ...at(byId.get(cycle[0])!),
  }));
}
