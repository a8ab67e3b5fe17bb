// `${env:...}` placeholders in entry data (services spec §0.4), resolved when an entry is
// turned into service configuration. The registry keeps the raw text, so a secret never
// shows in `registry.get`; only the kind handler that needs the value sees it.
//
//   ${env:NAME}            the variable (public name or entry id); fails when unset
//   ${env:NAME|default}    ... or the default (typed when the whole field is the placeholder)
//   ${NAME|default}        shorthand, only for UPPER_SNAKE names and only with a default
//   $${                    a literal `${`
//   <field>_env: var-id    legacy sibling directive (kept working, deprecated)

/** Where values come from: the app's env system (`EnvSystem.resolve`). */
export interface EnvLookup {
  resolve(name: string): string | undefined;
  /** whether a variable with this public name or id exists */
  variable(name: string): unknown;
}

import { bytesToText } from '../lua/runtime/values.js';

export class PlaceholderError extends Error {}

const PLACEHOLDER = /\$\$\{|\$\{(?:env:([^}|]+)(?:\|([^}]*))?|([A-Z][A-Z0-9_]*)\|([^}]*))\}/g;
const WHOLE = /^\$\{(?:env:([^}|]+)(?:\|([^}]*))?|([A-Z][A-Z0-9_]*)\|([^}]*))\}$/;

/** A copy of `data` with every placeholder resolved; throws PlaceholderError naming the field. */
export function resolvePlaceholders<T>(data: T, env: EnvLookup | undefined, path = ''): T {
  return resolveValue(data, env, path) as T;
}

function resolveValue(v: unknown, env: EnvLookup | undefined, path: string): unknown {
  if (typeof v === 'string') return resolveString(v, env, path);
  if (Array.isArray(v)) return v.map((x, i) => resolveValue(x, env, `${path}[${i}]`));
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = resolveValue(x, env, path === '' ? k : `${path}.${k}`);
    applyLegacy(out, env);
    return out;
  }
  return v;
}

function resolveString(s: string, env: EnvLookup | undefined, path: string): unknown {
  if (!s.includes('${')) return s;
  const whole = WHOLE.exec(s);
  if (whole !== null) {
    const name = whole[1] ?? whole[3];
    const dflt = whole[1] !== undefined ? whole[2] : whole[4];
    const value = lookup(name, env);
    if (value !== undefined) return dflt === undefined ? value : coerceLike(value, dflt);
    if (dflt !== undefined) return typed(dflt);
    throw new PlaceholderError(`${path}: environment variable '${name}' is not set and has no default`);
  }
  return s.replace(PLACEHOLDER, (m, envName: string | undefined, envDflt: string | undefined, shortName: string | undefined, shortDflt: string | undefined) => {
    if (m === '$${') return '${';
    const name = envName ?? shortName!;
    const dflt = envName !== undefined ? envDflt : shortDflt;
    const value = lookup(name, env);
    if (value !== undefined) return value;
    if (dflt !== undefined) return dflt;
    throw new PlaceholderError(`${path}: environment variable '${name}' is not set and has no default`);
  });
}

function lookup(name: string, env: EnvLookup | undefined): string | undefined {
  // env values are Lua byte strings; service configuration is JS text
  const v = env?.resolve(name.trim());
  return v === undefined ? undefined : bytesToText(v);
}

/** A default written as a bool, integer or float gives the field that type. */
function typed(d: string): unknown {
  if (d === 'true') return true;
  if (d === 'false') return false;
  if (/^-?\d+$/.test(d)) return Number(d);
  if (/^-?\d*\.\d+(?:[eE][-+]?\d+)?$/.test(d)) return Number(d);
  return d;
}

/** The variable's text, coerced to the type of the inline default when that is typed. */
function coerceLike(value: string, dflt: string): unknown {
  const t = typed(dflt);
  if (typeof t === 'boolean') return value === 'true' || value === '1';
  if (typeof t === 'number') {
    const n = Number(value);
    return Number.isFinite(n) && value.trim() !== '' ? n : value;
  }
  return value;
}

/**
 * Legacy `<field>_env: var-id`: when the sibling names a registered variable with a value,
 * that value replaces `<field>`; an unregistered name is ordinary data; an empty variable
 * keeps the inline value.
 */
function applyLegacy(o: Record<string, unknown>, env: EnvLookup | undefined): void {
  if (env === undefined) return;
  for (const [k, v] of Object.entries(o)) {
    if (!k.endsWith('_env') || k.length <= 4 || typeof v !== 'string') continue;
    if (!env.variable(v)) continue;
    const value = env.resolve(v);
    if (value !== undefined && value !== '') o[k.slice(0, -4)] = bytesToText(value);
  }
}
