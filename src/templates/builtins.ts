// The functions Jet ships, by their Jet names, over template values (byte strings, numbers,
// Lua tables, lists, maps). `isset`, `exec` and `includeIfExists` need the renderer and live
// in render.ts. Escapers (`raw`, `unsafe`, `html`, ...) also decide how `{{ ... }}` writes
// when they end a print: see ESCAPERS.

import { LuaTable } from '../lua/runtime/table.js';
import { bytesToText, textToBytes } from '../lua/runtime/values.js';
import { Builtin, entries, formatNumber, isList, isNil, length, toText, typeName, type TValue } from './values.js';

export class BuiltinError extends Error {}

const str = (fn: string, v: TValue): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  throw new BuiltinError(`${fn}: expected a string, got ${typeName(v)}`);
};
const int = (fn: string, v: TValue): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BuiltinError(`${fn}: expected a number, got ${typeName(v)}`);
  return Math.trunc(v);
};
const arity = (fn: string, args: TValue[], min: number, max = min) => {
  if (args.length < min || args.length > max) {
    throw new BuiltinError(`${fn}: expected ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  }
};

/** Go's html/template HTMLEscape: the five markup characters, NUL to U+FFFD. */
export function escapeHtml(s: string): string {
  if (!/[<>&'"\0]/.test(s)) return s;
  return s.replace(/[<>&'"\0]/g, (c) => HTML_ESCAPES[c]);
}
const HTML_ESCAPES: Record<string, string> = {
  '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&#34;', '\0': '\xEF\xBF\xBD',
};

/** Go's url.QueryEscape over bytes. */
export function escapeUrl(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + s.charCodeAt(i).toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's template.JSEscapeString: safe inside a JS string literal in HTML. */
export function escapeJs(s: string): string {
  return s.replace(/[\\'"<>&=\x00-\x1f]/g, (c) => {
    if (c === '\\' || c === "'" || c === '"') return '\\' + c;
    return '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
  });
}

/** JSON as Go's encoding/json writes it: map keys sorted, <, >, & escaped; bytes in, bytes out. */
export function toJson(v: TValue): string {
  return textToBytes(jsonText(v, new Set()));
}

function jsonText(v: TValue, seen: Set<unknown>): string {
  if (isNil(v)) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new BuiltinError(`json: unsupported value ${formatNumber(v)}`);
    return String(v);
  }
  if (typeof v === 'string') {
    return JSON.stringify(bytesToText(v)).replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }
  if (v instanceof LuaTable || Array.isArray(v) || v instanceof Map) {
    if (seen.has(v)) throw new BuiltinError('json: a table contains itself');
    seen.add(v);
    const pairs = entries(v)!;
    const out = isList(v) || (Array.isArray(v))
      ? `[${pairs.map(([, x]) => jsonText(x, seen)).join(',')}]`
      : `{${pairs.map(([k, x]) => `${jsonText(typeof k === 'string' ? k : toText(k), seen)}:${jsonText(x, seen)}`).join(',')}}`;
    seen.delete(v);
    return out;
  }
  throw new BuiltinError(`json: unsupported value of type ${typeName(v)}`);
}

/** Unicode-aware case change over a byte string (the bytes are UTF-8). */
const caseOf = (s: string, upper: boolean) => textToBytes(upper ? bytesToText(s).toUpperCase() : bytesToText(s).toLowerCase());

const FUNCS: Record<string, (...args: TValue[]) => TValue> = {
  len: (...a) => {
    arity('len', a, 1);
    const n = length(a[0]);
    if (n === undefined) throw new BuiltinError(`len: ${typeName(a[0])} has no length`);
    return n;
  },
  lower: (...a) => (arity('lower', a, 1), caseOf(str('lower', a[0]), false)),
  upper: (...a) => (arity('upper', a, 1), caseOf(str('upper', a[0]), true)),
  hasPrefix: (...a) => (arity('hasPrefix', a, 2), str('hasPrefix', a[0]).startsWith(str('hasPrefix', a[1]))),
  hasSuffix: (...a) => (arity('hasSuffix', a, 2), str('hasSuffix', a[0]).endsWith(str('hasSuffix', a[1]))),
  repeat: (...a) => {
    arity('repeat', a, 2);
    const n = int('repeat', a[1]);
    if (n < 0) throw new BuiltinError('repeat: negative count');
    return str('repeat', a[0]).repeat(n);
  },
  replace: (...a) => {
    arity('replace', a, 3, 4);
    const [s, from, to] = [str('replace', a[0]), str('replace', a[1]), str('replace', a[2])];
    let n = a.length === 4 ? int('replace', a[3]) : -1;
    if (n < 0) return s.split(from).join(to);
    let out = '';
    let rest = s;
    while (n-- > 0) {
      const at = rest.indexOf(from);
      if (at < 0) break;
      out += rest.slice(0, at) + to;
      rest = rest.slice(at + Math.max(from.length, 1));
    }
    return out + rest;
  },
  split: (...a) => (arity('split', a, 2), str('split', a[0]).split(str('split', a[1]))),
  trimSpace: (...a) => (arity('trimSpace', a, 1), str('trimSpace', a[0]).replace(/^[\s]+|[\s]+$/g, '')),
  html: (...a) => (arity('html', a, 1), escapeHtml(toText(a[0]))),
  url: (...a) => (arity('url', a, 1), escapeUrl(toText(a[0]))),
  safeHtml: (...a) => (arity('safeHtml', a, 1), escapeHtml(toText(a[0]))),
  safeJs: (...a) => (arity('safeJs', a, 1), escapeJs(toText(a[0]))),
  raw: (...a) => (arity('raw', a, 1), a[0]),
  unsafe: (...a) => (arity('unsafe', a, 1), a[0]),
  json: (...a) => (arity('json', a, 1), toJson(a[0])),
  writeJson: (...a) => (arity('writeJson', a, 1), toJson(a[0])),
  map: (...a) => {
    if (a.length % 2 !== 0) throw new BuiltinError('map: expected key/value pairs (an even number of arguments)');
    const m = new Map<TValue, TValue>();
    for (let i = 0; i < a.length; i += 2) m.set(a[i], a[i + 1]);
    return m;
  },
  slice: (...a) => a,
  array: (...a) => a,
  ints: (...a) => {
    arity('ints', a, 2);
    const [from, to] = [int('ints', a[0]), int('ints', a[1])];
    return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  },
};

export const BUILTINS: ReadonlyMap<string, Builtin> = new Map(Object.entries(FUNCS).map(([n, f]) => [n, new Builtin(n, f)]));

/** Functions that, ending a `{{ ... }}`, write their result as is instead of HTML-escaping it. */
export const ESCAPERS: ReadonlySet<string> = new Set(['raw', 'unsafe', 'html', 'url', 'safeHtml', 'safeJs', 'writeJson']);
