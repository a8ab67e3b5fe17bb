// Runtime configuration: `.wippy.yaml` (config spec §1.10).
//
// Files: `.wippy.yaml` in the app folder when present, or the files named explicitly (each must
// exist), deep-merged left to right (a later leaf wins, other keys stay). Inside a file,
// `${env:NAME}` is the OS environment variable (missing = error) and `${name}` a value of the
// merged `vars:` section. Then the selected profiles are merged in order, then `set` overrides
// (`section.path=value`, the value coerced by its shape). Every problem names the file and line.
//
// What the rest of the runtime uses: `override` and `disable` (load stages, config-stages.ts),
// `logger.encoding`, `logmanager.min_level` and `shutdown.timeout` (boot.ts), `prometheus`
// (metrics/prometheus.ts). The sections that configure parts
// this runtime does not have are accepted and listed in IGNORED with the reason.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, type Document, type Node as YamlNode } from 'yaml';
import { parseYaml, documentValue } from '../registry/yaml.js';

export interface ConfigOptions {
  /** config files (`--config`, repeatable); default: `.wippy.yaml` in the app folder if present */
  files?: string[];
  /** profiles to apply, in order (`--profile`) */
  profiles?: string[];
  /** `section.path=value` overrides (`--set`), applied last */
  set?: string[];
  /** `namespace:entry:path=value` entry overrides (`-o`), after the `override:` section */
  overrides?: string[];
  /** the OS environment for `${env:NAME}` (default process.env) */
  env?: Record<string, string | undefined>;
}

/** Where a config value came from, for messages: file (relative to the app) and line. */
export interface ConfigPlace {
  file: string;
  line: number;
}

export interface RuntimeConfig {
  /** the resolved configuration, profiles stripped */
  values: Record<string, unknown>;
  /** the files read, in order */
  files: string[];
  /** where a top-level key or an override/disable item was declared: `override\0<key>`, ... */
  places: Map<string, ConfigPlace>;
  /** the directory relative paths are anchored to (the first file's) */
  dir: string;
}

export class ConfigError extends Error {
  constructor(public problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Sections whose settings do not apply to wippy-ts, and why (they are accepted and ignored). */
export const IGNORED: Record<string, string> = {
  profiler: 'no pprof server; use node --cpu-prof',
  relay: 'single node: no relay',
  supervisor: 'the supervisor has no control mailbox or worker pool to size',
  lua: 'compiled chunks are cached by source text; no type checker or disk cache',
  finder: 'registry queries are not cached',
  otel: 'no OpenTelemetry export',
  metrics: 'metrics are always collected; no buffer to size and no function-call interceptor',
  cluster: 'single node: no clustering',
  lsp: 'no language server',
  network_service: 'no overlay networks',
  'dispatcher.http': 'outbound HTTP uses Node defaults',
  dispatcher: 'outbound HTTP uses Node defaults',
  modules: 'no module hub client',
  extensions: 'no native plugins',
  boot: 'machine-local section without documented settings',
};

/** Sections that take effect. */
// security (strict_mode, allow_private_ip), registry (history) and workspace (replacements) are read by boot.ts through this config
// prometheus (the /metrics listener) is read by metrics/prometheus.ts
const USED = new Set(['version', 'vars', 'override', 'disable', 'profiles', 'logger', 'logmanager', 'shutdown', 'security', 'registry', 'workspace', 'prometheus']);

/** Read and resolve the runtime configuration of the app in `root`. Throws ConfigError. */
export function loadRuntimeConfig(root: string, opts: ConfigOptions = {}): RuntimeConfig {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const explicit = opts.files !== undefined && opts.files.length > 0;
  const paths = explicit ? opts.files!.map((f) => resolve(root, f)) : [resolve(root, '.wippy.yaml')].filter(existsSync);
  const places = new Map<string, ConfigPlace>();
  let values: Record<string, unknown> = {};
  const files: string[] = [];
  for (const path of paths) {
    const file = relative(root, path) || path;
    if (!existsSync(path)) {
      problems.push(`${file}: config file not found`);
      continue;
    }
    const one = readConfigFile(path, file, env, problems, places);
    if (one !== undefined) values = deepMerge(values, one);
    files.push(file);
  }
  // `${name}` reads the merged vars; resolved after merging so a later file's vars count
  const vars = isRecord(values.vars) ? values.vars : {};
  values = interpolateVars(values, vars, problems, files[0] ?? '.wippy.yaml', places) as Record<string, unknown>;
  const profiles = isRecord(values.profiles) ? values.profiles : {};
  delete values.profiles;
  for (const name of opts.profiles ?? []) {
    const p = profiles[name];
    if (!isRecord(p)) {
      problems.push(`unknown profile '${name}'${Object.keys(profiles).length > 0 ? ` (known: ${Object.keys(profiles).join(', ')})` : ''}`);
      continue;
    }
    values = mergeProfile(values, p);
  }
  for (const s of opts.set ?? []) {
    const eq = s.indexOf('=');
    if (eq <= 0) {
      problems.push(`--set '${s}': expected section.path=value`);
      continue;
    }
    setPath(values, s.slice(0, eq).split('.'), coerce(s.slice(eq + 1)));
  }
  for (const o of opts.overrides ?? []) {
    const eq = o.indexOf('=');
    if (eq <= 0) {
      problems.push(`-o '${o}': expected namespace:entry:path=value`);
      continue;
    }
    const override = isRecord(values.override) ? values.override : (values.override = {}) as Record<string, unknown>;
    override[o.slice(0, eq)] = coerce(o.slice(eq + 1));
  }
  checkShapes(values, places, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { values, files, places, dir: paths.length > 0 ? dirname(paths[0]) : resolve(root) };
}

/** Settings of sections this runtime ignores, for one log line each. */
export function ignoredSettings(cfg: RuntimeConfig): { section: string; reason: string }[] {
  const out: { section: string; reason: string }[] = [];
  for (const k of Object.keys(cfg.values)) {
    if (USED.has(k)) continue;
    out.push({ section: k, reason: IGNORED[k] ?? 'unknown section' });
  }
  return out;
}

// ---- one file --------------------------------------------------------------------------------

function readConfigFile(path: string, file: string, env: Record<string, string | undefined>, problems: string[],
                        places: Map<string, ConfigPlace>): Record<string, unknown> | undefined {
  const parsed = parseYaml(readFileSync(path, 'utf8'), file);
  if (parsed.doc === undefined) {
    for (const e of parsed.errors) problems.push(`${file}:${e.line ?? 0}: ${e.message}`);
    return undefined;
  }
  const doc = parsed.doc;
  if (doc.contents !== null && !isMap(doc.contents)) {
    problems.push(`${file}:1: the configuration must be a map of sections`);
    return undefined;
  }
  const lineOf = (n: YamlNode | null | undefined) => (n?.range ? parsed.lineAt(n.range[0]) : 1);
  recordPlaces(doc, file, lineOf, places);
  // ${env:NAME} is resolved while loading the file, in scalar strings, with the line at hand
  const envProblem = (line: number, name: string) => problems.push(`${file}:${line}: environment variable '${name}' is not set`);
  visitScalars(doc.contents as YamlNode, (node) => {
    if (typeof node.value !== 'string' || !node.value.includes('${env:')) return;
    node.value = node.value.replace(/\$\{env:([^}]+)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) {
        envProblem(lineOf(node as unknown as YamlNode), name);
        return '';
      }
      return v;
    });
  });
  const v = documentValue(doc);
  return isRecord(v) ? v : {};
}

function recordPlaces(doc: Document.Parsed, file: string, lineOf: (n: YamlNode | null | undefined) => number,
                      places: Map<string, ConfigPlace>): void {
  if (!isMap(doc.contents)) return;
  for (const pair of doc.contents.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    places.set(key, { file, line: lineOf(pair.key as YamlNode) });
    if ((key === 'override' || key === 'disable') && isMap(pair.value)) {
      for (const inner of pair.value.items) {
        const k = String(isScalar(inner.key) ? inner.key.value : inner.key);
        places.set(`${key}\0${k}`, { file, line: lineOf(inner.key as YamlNode) });
      }
    }
  }
}

function visitScalars(node: YamlNode | null | undefined, f: (n: { value: unknown; range?: [number, number, number] | null }) => void): void {
  if (node === null || node === undefined) return;
  if (isScalar(node)) f(node as never);
  else if (isMap(node)) for (const p of node.items) visitScalars(p.value as YamlNode, f);
  else if (isSeq(node)) for (const i of node.items) visitScalars(i as YamlNode, f);
}

// ---- values ----------------------------------------------------------------------------------

function interpolateVars(v: unknown, vars: Record<string, unknown>, problems: string[], file: string,
                         places: Map<string, ConfigPlace>, section = ''): unknown {
  if (typeof v === 'string') {
    if (!v.includes('${')) return v;
    const whole = /^\$\{([A-Za-z_][\w.-]*)\}$/.exec(v);
    if (whole !== null && whole[1] in vars) return vars[whole[1]];
    return v.replace(/\$\{([A-Za-z_][\w.-]*)\}/g, (m, name: string) => {
      if (name in vars) return String(vars[name]);
      const at = places.get(section);
      problems.push(`${at?.file ?? file}:${at?.line ?? 1}: ${section}: unknown variable '${name}' (not in vars)`);
      return m;
    });
  }
  if (Array.isArray(v)) return v.map((x) => interpolateVars(x, vars, problems, file, places, section));
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = interpolateVars(x, vars, problems, file, places, section === '' ? k : section);
    return out;
  }
  return v;
}

/** Later leaves win; maps merge key by key. */
export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isRecord(v) && isRecord(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/** A profile merges like a file, except `disable` lists take `add`/`remove` operations. */
function mergeProfile(base: Record<string, unknown>, profile: Record<string, unknown>): Record<string, unknown> {
  const { disable, ...rest } = profile;
  const out = deepMerge(base, rest);
  if (isRecord(disable)) {
    const cur = isRecord(out.disable) ? { ...out.disable } : {};
    for (const field of ['namespaces', 'entries']) {
      const op = disable[field];
      let list = Array.isArray(cur[field]) ? [...(cur[field] as unknown[])] : [];
      if (Array.isArray(op)) list = op;
      else if (isRecord(op)) {
        if (Array.isArray(op.add)) list.push(...op.add.filter((x) => !list.includes(x)));
        if (Array.isArray(op.remove)) list = list.filter((x) => !(op.remove as unknown[]).includes(x));
      }
      cur[field] = list;
    }
    out.disable = cur;
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string[], v: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!isRecord(o[k])) o[k] = {};
    o = o[k] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = v;
}

/** `true`/`false` -> boolean, a number -> number, anything else stays a string. */
export function coerce(s: string): unknown {
  if (s === 'true') return true;
  if (s === 'false') return false;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s)) return Number(s);
  return s;
}

function checkShapes(values: Record<string, unknown>, places: Map<string, ConfigPlace>, problems: string[]): void {
  const at = (k: string) => {
    const p = places.get(k);
    return p ? `${p.file}:${p.line}: ` : '';
  };
  if (values.override !== undefined && !isRecord(values.override)) problems.push(`${at('override')}override: expected a map of "namespace:entry:path": value`);
  if (values.vars !== undefined && !isRecord(values.vars)) problems.push(`${at('vars')}vars: expected a map of names to values`);
  const d = values.disable;
  if (d !== undefined) {
    if (!isRecord(d)) problems.push(`${at('disable')}disable: expected {namespaces: [...], entries: [...]}`);
    else {
      for (const [k, v] of Object.entries(d)) {
        if (k !== 'namespaces' && k !== 'entries') problems.push(`${at(`disable\0${k}`)}disable: unknown key '${k}' (namespaces or entries)`);
        else if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) problems.push(`${at(`disable\0${k}`)}disable.${k}: expected a list of patterns`);
      }
    }
  }
  const encoding = (values.logger as Record<string, unknown> | undefined)?.encoding;
  if (encoding !== undefined && encoding !== 'console' && encoding !== 'json') {
    problems.push(`${at('logger')}logger.encoding: expected console or json, got ${JSON.stringify(encoding)}`);
  }
  const timeout = (values.shutdown as Record<string, unknown> | undefined)?.timeout;
  if (timeout !== undefined && typeof timeout !== 'string' && typeof timeout !== 'number') problems.push(`${at('shutdown')}shutdown.timeout: expected a duration`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

