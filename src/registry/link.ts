// The Link stage (config.md §2.4): every `ns.requirement` gets its value — the matching
// `ns.dependency` parameter, else its `default` — written into each target entry at the
// target's path, before kind handlers or validation see those entries. Values keep their
// scalar type; `${env:…}` stays verbatim (resolved where the target is decoded).

import type { Entry } from './entry.js';
import type { RegistryError } from './errors.js';

export interface LinkReport {
  errors: RegistryError[];
  /** mandatory requirements nobody supplied, targets that are not loaded */
  warnings: string[];
}

interface Supplied {
  value: unknown;
  from: Entry;
}

/**
 * Applies requirement values to their targets in place (targets are replaced by patched
 * copies). `moduleOf` names the module (`org/module`) an entry was loaded from; a bare
 * parameter name matches a requirement of the dependency's component.
 */
export function linkRequirements(entries: Entry[], moduleOf: ReadonlyMap<string, string>): LinkReport {
  const report: LinkReport = { errors: [], warnings: [] };
  const requirements = entries.filter((e) => e.kind === 'ns.requirement');
  if (requirements.length === 0) return report;
  const supplied = suppliedValues(entries, requirements, moduleOf, report);
  const index = new Map(entries.map((e, i) => [e.id, i]));
  for (const req of requirements) {
    const s = supplied.get(req.id);
    const hasDefault = Object.prototype.hasOwnProperty.call(req.data, 'default');
    if (s === undefined && !hasDefault) {
      report.warnings.push(`${where(req)}requirement ${req.id} has no value: no dependency supplies '${req.name}' and it has no default`);
      continue;
    }
    const value = s !== undefined ? s.value : req.data.default;
    for (const t of targetsOf(req)) {
      const id = t.entry.includes(':') ? t.entry : `${req.namespace}:${t.entry}`;
      const i = index.get(id);
      if (i === undefined) {
        report.warnings.push(`${where(req)}requirement ${req.id}: target ${id} is not loaded`);
        continue;
      }
      const patched = patch(entries[i], t.path, value);
      if (typeof patched === 'string') report.errors.push({ code: 'invalid-requirement', message: patched, entry: req.id, ...req.source });
      else entries[i] = patched;
    }
  }
  return report;
}

/** Requirement id -> the value dependencies give it; two different values are a conflict. */
function suppliedValues(entries: Entry[], requirements: Entry[], moduleOf: ReadonlyMap<string, string>, report: LinkReport): Map<string, Supplied> {
  const out = new Map<string, Supplied>();
  for (const dep of entries) {
    if (dep.kind !== 'ns.dependency' || !Array.isArray(dep.data.parameters)) continue;
    const component = String(dep.data.component ?? '');
    for (const p of dep.data.parameters as unknown[]) {
      if (p === null || typeof p !== 'object') continue;
      const { name, value } = p as { name?: unknown; value?: unknown };
      if (typeof name !== 'string' || name === '') continue;
      const matches = name.includes(':')
        ? requirements.filter((r) => r.id === name)
        : requirements.filter((r) => r.name === name && belongsTo(r, component, moduleOf));
      for (const r of matches) {
        const prev = out.get(r.id);
        if (prev !== undefined && JSON.stringify(prev.value) !== JSON.stringify(value)) {
          report.errors.push({ code: 'requirement-conflict', entry: dep.id, ...dep.source,
            message: `requirement ${r.id}: ${dep.id} supplies ${JSON.stringify(value)} but ${prev.from.id} supplies ${JSON.stringify(prev.value)}` });
          continue;
        }
        out.set(r.id, { value, from: dep });
      }
    }
  }
  return out;
}

/** A requirement belongs to a component when it was loaded from that module, or lives in its namespace tree (`wippy/llm` -> `wippy.llm*`). */
function belongsTo(req: Entry, component: string, moduleOf: ReadonlyMap<string, string>): boolean {
  const mod = moduleOf.get(req.id);
  if (mod !== undefined) return mod === component;
  const ns = component.replace('/', '.');
  return req.namespace === ns || req.namespace.startsWith(ns + '.');
}

function targetsOf(req: Entry): { entry: string; path: string }[] {
  const list = Array.isArray(req.data.targets) ? req.data.targets : [];
  return list.flatMap((t) => {
    const { entry, path } = (t ?? {}) as { entry?: unknown; path?: unknown };
    return typeof entry === 'string' && typeof path === 'string' ? [{ entry, path }] : [];
  });
}

/** A copy of the entry with `value` at `path` (`.meta.x` into meta, else data; a `+=` suffix appends to a list). */
function patch(e: Entry, rawPath: string, value: unknown): Entry | string {
  let path = rawPath.trim();
  const append = path.endsWith('+=');
  if (append) path = path.slice(0, -2).trim();
  const segs = path.replace(/^\./, '').split('.');
  if (segs.some((s) => s === '')) return `target ${e.id}: bad path '${rawPath}'`;
  const inMeta = segs[0] === 'meta' && segs.length > 1;
  const keys = inMeta ? segs.slice(1) : segs[0] === 'data' && segs.length > 1 ? segs.slice(1) : segs;
  const root = inMeta ? e.meta : e.data;
  const updated = setIn(root, keys, value, append);
  if (typeof updated === 'string') return `target ${e.id}: path '${rawPath}': ${updated}`;
  return inMeta ? { ...e, meta: updated } : { ...e, data: updated };
}

function setIn(obj: Record<string, unknown>, keys: string[], value: unknown, append: boolean): Record<string, unknown> | string {
  const out = { ...obj };
  const [k, ...rest] = keys;
  if (rest.length === 0) {
    if (!append) out[k] = value;
    else if (out[k] === undefined) out[k] = [value];
    else if (Array.isArray(out[k])) out[k] = [...(out[k] as unknown[]), value];
    else return `'${k}' is not a list, cannot append`;
    return out;
  }
  const inner = out[k];
  const next = setIn(inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? inner as Record<string, unknown> : {}, rest, value, append);
  if (typeof next === 'string') return next;
  out[k] = next;
  return out;
}

function where(e: Entry): string {
  return e.source ? `${e.source.file}:${e.source.line}: ` : '';
}
