// `json.validate(schema, value)` and `json.validate_string(schema, json_text)`: JSON Schema
// validation (spec lua-core §15.1). Returns `true`, or `false, err` with kind INVALID.
//
// The validator covers the keywords tool schemas and app payload schemas use (drafts 4 to
// 2020-12): type, enum, const, the numeric/string/array/object bounds, pattern,
// properties, patternProperties, additionalProperties, required, dependentRequired /
// dependencies, propertyNames, items / prefixItems / additionalItems, contains,
// uniqueItems, allOf / anyOf / oneOf / not, if / then / else, and `$ref` to "#..." JSON
// pointers in the same document. `format` is an annotation (not asserted), as in 2020-12.
// Unknown keywords are ignored.
//
// Lua values are validated as the JSON they encode to (so an empty Lua table is `[]`;
// because Lua cannot tell `{}` from `[]`, an empty array also satisfies "object").
// Schemas are parsed once and cached by their JSON text.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { KIND, makeError } from './errors.js';
import { encodeJson, parseJsonBytes } from './json.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = boolean | { [k: string]: Json };

class SchemaError {
  constructor(public message: string) {}
}

const cache = new Map<string, Schema>();
const CACHE_SIZE = 100;

function invalid(message: string): [boolean, LuaValue] {
  return [false, makeError(KIND.INVALID, message, { retryable: false })];
}

/** Lua value -> JSON value (through the encoder, so the rules are the same). */
function toJson(v: LuaValue): { ok: true; value: Json } | { ok: false; message: string } {
  const text = encodeJson(v);
  if (typeof text !== 'string') return { ok: false, message: text.message };
  return parseJsonBytes(text) as { ok: true; value: Json } | { ok: false; message: string };
}

function loadSchema(arg: LuaValue): Schema | string {
  let text: string;
  if (typeof arg === 'string') text = arg;
  else if (arg instanceof LuaTable) {
    const t = encodeJson(arg);
    if (typeof t !== 'string') return `schema error: ${t.message}`;
    text = t;
  } else return 'schema error: schema must be a string or table';
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const p = parseJsonBytes(text);
  if (!p.ok) return `schema error: ${p.message}`;
  const schema = p.value;
  if (typeof schema !== 'boolean' && (schema === null || typeof schema !== 'object' || Array.isArray(schema))) {
    return 'compile schema: a schema must be an object or a boolean';
  }
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, schema as Schema);
  return schema as Schema;
}

export function validateJson(schemaArg: LuaValue, data: LuaValue, dataIsText: boolean): LuaValue {
  if (schemaArg === undefined) return invalid('schema is required');
  if (dataIsText ? typeof data !== 'string' : data === undefined) {
    return invalid(dataIsText ? 'data must be a JSON string' : 'data is required');
  }
  const schema = loadSchema(schemaArg);
  if (typeof schema === 'string') return invalid(schema);
  const value = dataIsText ? parseJsonBytes(data) : toJson(data);
  if (!value.ok) return invalid(dataIsText ? `invalid JSON: ${value.message}` : `convert data: ${value.message}`);
  let errors: string[];
  try {
    errors = new Validator(schema).run(value.value as Json);
  } catch (e) {
    if (e instanceof SchemaError) return invalid(`compile schema: ${e.message}`);
    throw e;
  }
  if (errors.length === 0) return true;
  return invalid(errors.length === 1 ? errors[0] : `${errors[0]} (+${errors.length - 1} more)`);
}

// ---- the validator --------------------------------------------------------------------

const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let r = regexCache.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern, 'u');
    } catch {
      throw new SchemaError(`invalid pattern ${JSON.stringify(pattern)}`);
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(pattern, r);
  }
  return r;
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v; // boolean, number, string, object
}

function isObject(v: Json): v is { [k: string]: Json } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  // Lua cannot tell {} from []: treat the two empties as equal
  return isEmptyContainer(a) && isEmptyContainer(b);
}

function isEmptyContainer(v: Json): boolean {
  return (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

function ptr(path: string, key: string | number): string {
  return `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

class Validator {
  private errors: string[] = [];
  private depth = 0;

  constructor(private root: Schema) {}

  run(v: Json): string[] {
    this.validate(this.root, v, '');
    return this.errors;
  }

  private fail(path: string, message: string): void {
    this.errors.push(`${path || '/'}: ${message}`);
  }

  /** Validate quietly (for anyOf/oneOf/not/if): true when valid. */
  private check(schema: Json, v: Json, path: string): boolean {
    const saved = this.errors;
    this.errors = [];
    this.validate(schema, v, path);
    const ok = this.errors.length === 0;
    this.errors = saved;
    return ok;
  }

  private validate(schema: Json, v: Json, path: string): void {
    if (schema === true) return;
    if (schema === false) { this.fail(path, 'no value is allowed here'); return; }
    if (!isObject(schema)) throw new SchemaError(`schema at ${path || '/'} must be an object or a boolean`);
    if (++this.depth > 256) throw new SchemaError('schema recursion too deep (a $ref loop?)');
    try {
      this.keywords(schema, v, path);
    } finally {
      this.depth--;
    }
  }

  private keywords(s: { [k: string]: Json }, v: Json, path: string): void {
    if (typeof s.$ref === 'string') this.validate(this.resolve(s.$ref), v, path);
    // an empty Lua table arrives as []: let it stand for {} where an object is wanted
    if (Array.isArray(v) && v.length === 0 && wantsObject(s)) v = {};
    if (s.type !== undefined) this.type(s.type, v, path);
    if (s.enum !== undefined) {
      if (!Array.isArray(s.enum)) throw new SchemaError('enum must be an array');
      if (!s.enum.some((x) => deepEqual(x, v))) this.fail(path, `value must be one of ${JSON.stringify(s.enum)}`);
    }
    if (s.const !== undefined && !deepEqual(s.const, v)) this.fail(path, `value must be ${JSON.stringify(s.const)}`);
    if (typeof v === 'number') this.number(s, v, path);
    else if (typeof v === 'string') this.string(s, v, path);
    else if (Array.isArray(v)) this.array(s, v, path);
    else if (isObject(v)) this.object(s, v, path);
    this.combinators(s, v, path);
  }

  private resolve(ref: string): Json {
    if (!ref.startsWith('#')) throw new SchemaError(`unsupported $ref ${JSON.stringify(ref)} (only "#..." is supported)`);
    let node: Json = this.root;
    const parts = ref.slice(1).split('/').slice(1);
    for (const raw of parts) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (Array.isArray(node)) node = node[Number(key)];
      else if (isObject(node)) node = node[key];
      else node = undefined as unknown as Json;
      if (node === undefined) throw new SchemaError(`$ref ${JSON.stringify(ref)} does not resolve`);
    }
    return node;
  }

  private type(t: Json, v: Json, path: string): void {
    const types = Array.isArray(t) ? t : [t];
    const actual = typeOf(v);
    const ok = types.some((x) => x === actual ||
      (x === 'integer' && typeof v === 'number' && Number.isInteger(v)) ||
      (x === 'number' && actual === 'number'));
    if (!ok) this.fail(path, `expected ${types.join(' or ')}, got ${actual}`);
  }

  private number(s: { [k: string]: Json }, v: number, path: string): void {
    const { minimum, maximum, exclusiveMinimum: xmin, exclusiveMaximum: xmax, multipleOf } = s;
    if (typeof minimum === 'number') {
      if (xmin === true ? v <= minimum : v < minimum) this.fail(path, `must be ${xmin === true ? '>' : '>='} ${minimum}`);
    }
    if (typeof maximum === 'number') {
      if (xmax === true ? v >= maximum : v > maximum) this.fail(path, `must be ${xmax === true ? '<' : '<='} ${maximum}`);
    }
    if (typeof xmin === 'number' && v <= xmin) this.fail(path, `must be > ${xmin}`);
    if (typeof xmax === 'number' && v >= xmax) this.fail(path, `must be < ${xmax}`);
    if (typeof multipleOf === 'number' && multipleOf > 0) {
      const q = v / multipleOf;
      if (Math.abs(q - Math.round(q)) > 1e-9) this.fail(path, `must be a multiple of ${multipleOf}`);
    }
  }

  private string(s: { [k: string]: Json }, v: string, path: string): void {
    const needLen = typeof s.minLength === 'number' || typeof s.maxLength === 'number';
    const len = needLen ? [...v].length : 0; // code points, not UTF-16 units
    if (typeof s.minLength === 'number' && len < s.minLength) this.fail(path, `length must be >= ${s.minLength}`);
    if (typeof s.maxLength === 'number' && len > s.maxLength) this.fail(path, `length must be <= ${s.maxLength}`);
    if (typeof s.pattern === 'string' && !regex(s.pattern).test(v)) {
      this.fail(path, `does not match pattern ${JSON.stringify(s.pattern)}`);
    }
  }

  private array(s: { [k: string]: Json }, v: Json[], path: string): void {
    if (typeof s.minItems === 'number' && v.length < s.minItems) this.fail(path, `must have at least ${s.minItems} items`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) this.fail(path, `must have at most ${s.maxItems} items`);
    // tuple forms: prefixItems (2020-12) or items as an array (earlier drafts)
    const prefix = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : undefined;
    const rest = prefix === undefined ? s.items : Array.isArray(s.items) ? s.additionalItems : s.items;
    const n = prefix?.length ?? 0;
    for (let i = 0; i < v.length; i++) {
      if (i < n) this.validate(prefix![i], v[i], ptr(path, i));
      else if (rest !== undefined) this.validate(rest, v[i], ptr(path, i));
    }
    if (s.uniqueItems === true) {
      for (let i = 1; i < v.length; i++) {
        for (let j = 0; j < i; j++) {
          if (deepEqual(v[i], v[j])) { this.fail(path, `items ${j} and ${i} are equal`); return; }
        }
      }
    }
    if (s.contains !== undefined) {
      const hits = v.filter((x, i) => this.check(s.contains, x, ptr(path, i))).length;
      const min = typeof s.minContains === 'number' ? s.minContains : 1;
      if (hits < min) this.fail(path, `must contain at least ${min} matching item(s)`);
      if (typeof s.maxContains === 'number' && hits > s.maxContains) {
        this.fail(path, `must contain at most ${s.maxContains} matching item(s)`);
      }
    }
  }

  private object(s: { [k: string]: Json }, v: { [k: string]: Json }, path: string): void {
    const keys = Object.keys(v);
    if (typeof s.minProperties === 'number' && keys.length < s.minProperties) {
      this.fail(path, `must have at least ${s.minProperties} properties`);
    }
    if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) {
      this.fail(path, `must have at most ${s.maxProperties} properties`);
    }
    if (Array.isArray(s.required)) {
      for (const k of s.required) {
        if (typeof k === 'string' && !Object.hasOwn(v, k)) this.fail(path, `missing required property ${JSON.stringify(k)}`);
      }
    }
    this.dependencies(s, v, path);
    const props = isObject(s.properties) ? s.properties : undefined;
    const patterns = isObject(s.patternProperties) ? Object.keys(s.patternProperties) : [];
    for (const k of keys) {
      const at = ptr(path, k);
      if (s.propertyNames !== undefined && !this.check(s.propertyNames, k, at)) this.fail(at, 'invalid property name');
      let matched = false;
      if (props !== undefined && Object.hasOwn(props, k)) {
        matched = true;
        this.validate(props[k], v[k], at);
      }
      for (const p of patterns) {
        if (regex(p).test(k)) {
          matched = true;
          this.validate((s.patternProperties as { [k: string]: Json })[p], v[k], at);
        }
      }
      if (!matched && s.additionalProperties !== undefined) {
        if (s.additionalProperties === false) this.fail(at, 'additional property is not allowed');
        else this.validate(s.additionalProperties, v[k], at);
      }
    }
  }

  private dependencies(s: { [k: string]: Json }, v: { [k: string]: Json }, path: string): void {
    const deps = { ...(isObject(s.dependencies) ? s.dependencies : {}), ...(isObject(s.dependentRequired) ? s.dependentRequired : {}) };
    for (const [k, d] of Object.entries(deps)) {
      if (!Object.hasOwn(v, k)) continue;
      if (Array.isArray(d)) {
        for (const r of d) {
          if (typeof r === 'string' && !Object.hasOwn(v, r)) this.fail(path, `property ${JSON.stringify(r)} is required by ${JSON.stringify(k)}`);
        }
      } else {
        this.validate(d, v, path);
      }
    }
    if (isObject(s.dependentSchemas)) {
      for (const [k, d] of Object.entries(s.dependentSchemas)) if (Object.hasOwn(v, k)) this.validate(d, v, path);
    }
  }

  private combinators(s: { [k: string]: Json }, v: Json, path: string): void {
    if (Array.isArray(s.allOf)) for (const x of s.allOf) this.validate(x, v, path);
    if (Array.isArray(s.anyOf) && !s.anyOf.some((x) => this.check(x, v, path))) {
      this.fail(path, 'must match at least one schema in anyOf');
    }
    if (Array.isArray(s.oneOf)) {
      const n = s.oneOf.filter((x) => this.check(x, v, path)).length;
      if (n !== 1) this.fail(path, `must match exactly one schema in oneOf (matched ${n})`);
    }
    if (s.not !== undefined && this.check(s.not, v, path)) this.fail(path, 'must not match the schema in not');
    if (s.if !== undefined) {
      if (this.check(s.if, v, path)) { if (s.then !== undefined) this.validate(s.then, v, path); }
      else if (s.else !== undefined) this.validate(s.else, v, path);
    }
  }
}

function wantsObject(s: { [k: string]: Json }): boolean {
  const t = s.type;
  const types = Array.isArray(t) ? t : t === undefined ? [] : [t];
  if (types.includes('array')) return false;
  return types.includes('object') || (types.length === 0 && (isObject(s.properties) || Array.isArray(s.required)));
}
