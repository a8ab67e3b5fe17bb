// Policy conditions (services.md §7.3): `{field, operator, value | value_from}` over the
// request `{actor: {id, meta}, action, resource, meta}`. All conditions of a policy must hold.
//
// A missing field makes the positive operators fail and the negative ones (ne, nin,
// ncontains, nmatches, nexists) hold, so "owner ne me" does not deny resources without owner.

export interface Request {
  actor: { id: string; meta: Record<string, unknown> } | undefined;
  action: string;
  resource: string;
  meta: Record<string, unknown>;
}

export const OPERATORS = ['eq', 'ne', 'lt', 'gt', 'lte', 'gte', 'in', 'nin', 'exists', 'nexists',
  'contains', 'ncontains', 'matches', 'nmatches'] as const;
export type Operator = typeof OPERATORS[number];

export interface Condition {
  field: string;
  operator: Operator;
  value?: unknown;
  valueFrom?: string;
  /** compiled once for matches / nmatches */
  regex?: RegExp;
}

/** A condition from entry data, or an error message naming what is wrong. */
export function parseCondition(raw: unknown, index: number): Condition | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `conditions[${index}] must be a map`;
  const c = raw as Record<string, unknown>;
  if (typeof c.field !== 'string' || c.field === '') return `conditions[${index}].field must be a field path`;
  if (!(OPERATORS as readonly string[]).includes(String(c.operator))) {
    return `conditions[${index}].operator '${String(c.operator)}' is not one of ${OPERATORS.join(', ')}`;
  }
  const cond: Condition = { field: c.field, operator: c.operator as Operator, value: c.value };
  if (c.value_from !== undefined) {
    if (typeof c.value_from !== 'string') return `conditions[${index}].value_from must be a field path`;
    cond.valueFrom = c.value_from;
  }
  if ((cond.operator === 'matches' || cond.operator === 'nmatches') && cond.valueFrom === undefined) {
    try {
      cond.regex = new RegExp(String(c.value ?? ''));
    } catch (e) {
      return `conditions[${index}]: invalid regular expression: ${(e as Error).message}`;
    }
  }
  return cond;
}

/** The value at a field path: actor.id, actor.meta.a.b, action, resource, meta.a.b. */
export function fieldValue(req: Request, path: string): unknown {
  const parts = path.split('.');
  let v: unknown;
  switch (parts[0]) {
    case 'action': return parts.length === 1 ? req.action : undefined;
    case 'resource': return parts.length === 1 ? req.resource : undefined;
    case 'actor':
      if (req.actor === undefined) return undefined;
      if (parts[1] === 'id' && parts.length === 2) return req.actor.id;
      if (parts[1] !== 'meta') return undefined;
      v = req.actor.meta;
      return dig(v, parts.slice(2));
    case 'meta':
      return dig(req.meta, parts.slice(1));
    default:
      return undefined;
  }
}

function dig(v: unknown, path: string[]): unknown {
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return v ?? undefined;
}

/** Equality that lets YAML `3` equal a meta "3" and `true` equal "true" (values from Lua and YAML differ in type). */
export function looseEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (scalar(a) && scalar(b)) return String(a) === String(b);
  return false;
}

function num(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return NaN;
}

export function holds(c: Condition, req: Request): boolean {
  const v = fieldValue(req, c.field);
  const target = c.valueFrom !== undefined ? fieldValue(req, c.valueFrom) : c.value;
  switch (c.operator) {
    case 'exists': return v !== undefined;
    case 'nexists': return v === undefined;
    case 'eq': return v !== undefined && looseEqual(v, target);
    case 'ne': return v === undefined || !looseEqual(v, target);
    case 'lt': return v !== undefined && num(v) < num(target);
    case 'gt': return v !== undefined && num(v) > num(target);
    case 'lte': return v !== undefined && num(v) <= num(target);
    case 'gte': return v !== undefined && num(v) >= num(target);
    case 'in': return v !== undefined && Array.isArray(target) && target.some((t) => looseEqual(v, t));
    case 'nin': return v === undefined || !Array.isArray(target) || !target.some((t) => looseEqual(v, t));
    case 'contains': return v !== undefined && contains(v, target);
    case 'ncontains': return v === undefined || !contains(v, target);
    case 'matches': return v !== undefined && regexOf(c, target).test(String(v));
    case 'nmatches': return v === undefined || !regexOf(c, target).test(String(v));
  }
}

function contains(v: unknown, target: unknown): boolean {
  if (Array.isArray(v)) return v.some((x) => looseEqual(x, target));
  return typeof v === 'string' && target !== undefined && v.includes(String(target));
}

function regexOf(c: Condition, target: unknown): RegExp {
  if (c.regex !== undefined) return c.regex;
  try {
    return new RegExp(String(target ?? ''));
  } catch {
    return /(?!)/; // a value_from that is not a valid pattern matches nothing
  }
}
