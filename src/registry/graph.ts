// Dependency edges between entries and the orders derived from them (config.md §2.16): an entry
// depends on what it references, imports, names in lifecycle.depends_on/requires, and on the
// env variables its `${env:…}` placeholders read.

import { isBuiltinRef, resolveRef, type Entry } from './entry.js';
import { envNames, isRequirementTarget, NON_DEPENDENCY_KINDS, references, requirementTargets } from './refs.js';

/** id → ids it depends on, in first-mention order; only edges to entries in the set. */
export type DependencyGraph = Map<string, string[]>;

export function dependencyGraph(entries: readonly Entry[]): DependencyGraph {
  const ids = new Set(entries.map((e) => e.id));
  const targets = requirementTargets(entries);
  const envIndex = envVariableIndex(entries);
  const graph: DependencyGraph = new Map();
  for (const e of entries) {
    if (graph.has(e.id)) continue; // a duplicate id: the first declaration is the one in the set
    const deps = new Set<string>();
    for (const ref of NON_DEPENDENCY_KINDS.has(e.kind) ? [] : references(e)) {
      if (ref.id && !isBuiltinRef(ref.id) && !isRequirementTarget(targets, e.id, ref.path)) deps.add(ref.id);
    }
    for (const name of envNames(e)) {
      const id = envIndex.get(name) ?? (name.includes(':') ? resolveRef(name, e.namespace) : undefined);
      if (id) deps.add(id);
    }
    graph.set(e.id, [...deps].filter((d) => ids.has(d)));
  }
  return graph;
}

/** Public `variable` name → env.variable id, for `${env:NAME}` edges. */
function envVariableIndex(entries: readonly Entry[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'env.variable' && typeof e.data.variable === 'string') index.set(e.data.variable, e.id);
  }
  return index;
}

/**
 * Every dependency cycle, once, as a path that starts and ends at the same id
 * (`[a, b, a]`); a self-reference is `[a, a]`. Cycles start at their earliest entry.
 */
export function findCycles(graph: DependencyGraph): string[][] {
  const cycles: string[][] = [];
  for (const scc of stronglyConnected(graph)) {
    const start = scc[0];
    if (scc.length === 1 && !(graph.get(start) ?? []).includes(start)) continue;
    cycles.push(cycleThrough(graph, start, new Set(scc)));
  }
  return cycles;
}

/** Shortest cycle from `start` back to itself inside one strongly connected component. */
function cycleThrough(graph: DependencyGraph, start: string, scc: Set<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    for (const next of graph.get(node) ?? []) {
      if (next === start) return [...pathTo(parent, node, start), start];
      if (!scc.has(next) || parent.has(next) || next === start) continue;
      parent.set(next, node);
      queue.push(next);
    }
  }
  return [start, start]; // unreachable for a real component
}

function pathTo(parent: Map<string, string>, node: string, start: string): string[] {
  const path = [node];
  while (path[0] !== start) path.unshift(parent.get(path[0])!);
  return path;
}

/**
 * Tarjan's algorithm, iterative so deep chains cannot overflow the stack. Components come out
 * with members in graph (entry) order.
 */
function stronglyConnected(graph: DependencyGraph): string[][] {
  const order = new Map([...graph.keys()].map((id, i) => [id, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const result: string[][] = [];
  let counter = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const deps = graph.get(frame.node) ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++];
        if (!index.has(dep)) {
          index.set(dep, counter);
          low.set(dep, counter++);
          stack.push(dep);
          onStack.add(dep);
          work.push({ node: dep, next: 0 });
        } else if (onStack.has(dep)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(dep)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const up = work[work.length - 1].node;
        low.set(up, Math.min(low.get(up)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const scc: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          scc.push(member);
        } while (member !== frame.node);
        result.push(scc.sort((a, b) => order.get(a)! - order.get(b)!));
      }
    }
  }
  return result;
}

/**
 * Ids with dependencies before dependents, otherwise in entry order (a depth-first post-order).
 * Members of a cycle still all appear; validation reports the cycle itself.
 */
export function dependencyOrder(graph: DependencyGraph): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  for (const root of graph.keys()) {
    if (done.has(root)) continue;
    done.add(root);
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const deps = graph.get(frame.node) ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++];
        if (!done.has(dep)) {
          done.add(dep);
          work.push({ node: dep, next: 0 });
        }
        continue;
      }
      work.pop();
      order.push(frame.node);
    }
  }
  return order;
}

/** Entries in start order: everything an entry depends on comes before it. */
export function startOrder(entries: readonly Entry[]): Entry[] {
  const byId = firstById(entries);
  return dependencyOrder(dependencyGraph(entries)).map((id) => byId.get(id)!);
}

/**
 * Entries grouped in levels: level 0 depends on nothing in the set, level n only on lower
 * levels. Entries of one level can start in parallel (§2.16); shutdown walks levels backwards.
 */
export function startLevels(entries: readonly Entry[]): Entry[][] {
  const graph = dependencyGraph(entries);
  const byId = firstById(entries);
  const level = new Map<string, number>();
  const levels: Entry[][] = [];
  for (const id of dependencyOrder(graph)) {
    // A dependency without a level yet closes a cycle: ignore that edge.
    const n = Math.max(-1, ...(graph.get(id) ?? []).map((d) => level.get(d) ?? -1)) + 1;
    level.set(id, n);
    (levels[n] ??= []).push(byId.get(id)!);
  }
  return levels;
}

function firstById(entries: readonly Entry[]): Map<string, Entry> {
  const byId = new Map<string, Entry>();
  for (const e of entries) if (!byId.has(e.id)) byId.set(e.id, e);
  return byId;
}
