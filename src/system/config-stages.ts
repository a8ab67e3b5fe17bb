// The load stages `.wippy.yaml` drives (config spec §1.11), between parsing the definition
// files and validating them: Override (set entry fields), then Disable (drop entries by
// namespace or entry pattern). Validation runs after both, so an override that breaks an
// entry, or a disabled entry that others still reference, stops the boot with the usual
// file:line report.

import type { Entry } from '../registry/entry.js';
import type { RuntimeConfig } from './config.js';

export interface StageReport {
  /** problems that stop the load (bad override keys or values) */
  errors: string[];
  /** overrides of entries that do not exist (they may configure modules that are not loaded) */
  warnings: string[];
}

/** Apply the config's overrides, then its disable patterns; returns the entries to keep. */
export function applyConfigStages(entries: Entry[], cfg: RuntimeConfig | undefined): { entries: Entry[]; report: StageReport } {
  const report: StageReport = { errors: [], warnings: [] };
  if (cfg === undefined) return { entries, report };
  applyOverrides(entries, cfg, report);
  return { entries: applyDisable(entries, cfg), report };
}

function placeOf(cfg: RuntimeConfig, section: string, key: string): string {
  const p = cfg.places.get(`${section}\0${key}`) ?? cfg.places.get(section);
  return p ? `${p.file}:${p.line}: ` : '';
}

function applyOverrides(entries: Entry[], cfg: RuntimeConfig, report: StageReport): void {
  const overrides = cfg.values.override as Record<string, unknown> | undefined;
  if (overrides === undefined) return;
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const [key, value] of Object.entries(overrides)) {
    const at = placeOf(cfg, 'override', key);
    // namespace:entry:path, split on the first two colons
    const c1 = key.indexOf(':');
    const c2 = c1 < 0 ? -1 : key.indexOf(':', c1 + 1);
    if (c1 <= 0 || c2 < 0 || c2 === c1 + 1 || c2 === key.length - 1) {
      report.errors.push(`${at}override '${key}': expected "namespace:entry:path"`);
      continue;
    }
    const id = key.slice(0, c2), path = key.slice(c2 + 1).split('.');
    const e = byId.get(id);
    if (e === undefined) {
      report.warnings.push(`${at}override '${key}': no entry ${id}; ignored`);
      continue;
    }
    if (path.some((p) => p === '')) {
      report.errors.push(`${at}override '${key}': empty segment in path '${path.join('.')}'`);
      continue;
    }
    if (path.length === 1 && path[0] === 'kind') {
      if (typeof value !== 'string' || value === '') report.errors.push(`${at}override '${key}': kind must be a non-empty string`);
      else e.kind = value;
      continue;
    }
    if (path[0] === 'meta' && path.length > 1) e.meta = setIn(e.meta, path.slice(1), value);
    else e.data = setIn(e.data, path[0] === 'data' && path.length > 1 ? path.slice(1) : path, value);
  }
}

/** A copy of `obj` with `path` set to `v` (the objects along the path are copied). */
function setIn(obj: Record<string, unknown>, path: string[], v: unknown): Record<string, unknown> {
  const out = { ...obj };
  const [k, ...rest] = path;
  if (rest.length === 0) out[k] = v;
  else {
    const inner = out[k];
    out[k] = setIn(inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? inner as Record<string, unknown> : {}, rest, v);
  }
  return out;
}

function applyDisable(entries: Entry[], cfg: RuntimeConfig): Entry[] {
  const d = cfg.values.disable as { namespaces?: string[]; entries?: string[] } | undefined;
  if (d === undefined) return entries;
  const ns = (d.namespaces ?? []).map((p) => segmentGlob(p, '.'));
  const ids = (d.entries ?? []).map((p) => {
    const c = p.indexOf(':');
    const nsPart = c < 0 ? '**' : p.slice(0, c);
    const namePart = c < 0 ? p : p.slice(c + 1);
    const a = segmentGlob(nsPart, '.'), b = segmentGlob(namePart, '.');
    return (e: Entry) => a(e.namespace) && b(e.name);
  });
  return entries.filter((e) => !ns.some((m) => m(e.namespace)) && !ids.some((m) => m(e)));
}

/**
 * Dot-segment globs: `*` matches within one segment, `**` any number of whole segments
 * (none included), so `legacy.**` is `legacy` and every namespace below it.
 */
export function segmentGlob(pattern: string, sep: string): (s: string) => boolean {
  const parts = pattern.split(sep);
  const seg = parts.map((p) => p === '**' ? undefined : new RegExp('^' + p.split('*').map(escapeRe).join('[^.]*') + '$'));
  const match = (names: string[], i: number, j: number): boolean => {
    if (i === parts.length) return j === names.length;
    const re = seg[i];
    if (re === undefined) {
      for (let k = j; k <= names.length; k++) if (match(names, i + 1, k)) return true;
      return false;
    }
    return j < names.length && re.test(names[j]) && match(names, i + 1, j + 1);
  };
  return (s) => match(s.split(sep), 0, 0);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
