// Tools (agents.md §3.3): any `function.*` entry with `meta.type: tool`. The model sees a
// name, a description and the input schema, all read fresh from the registry, because
// agents may create or change tools while running.

import type { CardEntry, CardSource } from '../llm/cards.js';

export interface AgentTool {
  /** the name the model sees */
  name: string;
  description: string;
  schema: Record<string, unknown>;
  /** the function entry to call; absent for delegate tools */
  registry_id?: string;
  /** set for a delegate: the agent that takes the call */
  agent_id?: string;
  context: Record<string, unknown>;
  meta: Record<string, unknown>;
}

/** A tool reference as agents and traits write it: an ID, `ns:*`, or a table. */
export type ToolRef = string | { id?: string; alias?: string; description?: string; context?: Record<string, unknown>;
  schema?: Record<string, unknown>; name?: string };

/** The entry-name part of an ID as a tool name: CamelCase -> snake_case, others -> `_`. */
export function sanitizeToolName(id: string): string {
  const name = id.slice(id.indexOf(':') + 1);
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()
    .replace(/[^a-z0-9]/g, '_').replace(/_+/g, '_').replace(/^_/, '');
}

/** The schema providers accept: a JSON string is decoded, an empty object gets a placeholder. */
export function toolSchema(raw: unknown): Record<string, unknown> {
  let s: unknown = raw;
  if (typeof raw === 'string') {
    try {
      s = JSON.parse(raw);
    } catch {
      s = undefined;
    }
  }
  const schema = (s !== null && typeof s === 'object' && !Array.isArray(s) ? { ...s } : { type: 'object' }) as Record<string, unknown>;
  const props = schema.properties;
  if (props === undefined || props === null || (typeof props === 'object' && Object.keys(props).length === 0)) {
    schema.type = 'object';
    schema.properties = { placeholder: { type: 'object' } };
  }
  return schema;
}

function describe(meta: Record<string, unknown>): string {
  for (const k of ['llm_description', 'description', 'llm_descirtion', 'comment']) {
    if (typeof meta[k] === 'string' && meta[k] !== '') return meta[k] as string;
  }
  return '';
}

export function isTool(e: CardEntry): boolean {
  return e.kind.startsWith('function.') && e.meta.type === 'tool';
}

/** The tools of one reference; an unknown or non-tool ID is an error naming the agent. */
export function resolveToolRef(src: CardSource, ref: ToolRef, ownerId: string, ctx: Record<string, unknown>): AgentTool[] {
  const r = typeof ref === 'string' ? { id: ref } : ref;
  const toolCtx = { ...ctx, ...(r.context ?? {}) };
  if (r.schema !== undefined) {
    // an inline tool: the schema is given, the call still goes to `id`
    return [{ name: r.name ?? r.alias ?? sanitizeToolName(r.id ?? ''), description: r.description ?? '', schema: toolSchema(r.schema),
              registry_id: r.id, context: toolCtx, meta: {} }];
  }
  if (typeof r.id !== 'string') throw new Error(`${ownerId}: tool reference without an id`);
  if (r.id.endsWith(':*')) {
    const ns = r.id.slice(0, -2);
    return src.all().filter((e) => isTool(e) && e.id.slice(0, e.id.indexOf(':')) === ns)
      .map((e) => toolOf(e, undefined, undefined, toolCtx));
  }
  const e = src.get(r.id);
  if (e === undefined || !isTool(e)) throw new Error(`${ownerId}: tool ${r.id} not found (a function entry with meta.type: tool)`);
  return [toolOf(e, r.alias, r.description, toolCtx)];
}

function toolOf(e: CardEntry, alias: string | undefined, description: string | undefined, ctx: Record<string, unknown>): AgentTool {
  const alias2 = typeof e.meta.llm_alias === 'string' ? e.meta.llm_alias : undefined;
  return {
    name: alias ?? alias2 ?? sanitizeToolName(e.id),
    description: description ?? describe(e.meta),
    schema: toolSchema(e.meta.input_schema),
    registry_id: e.id,
    context: ctx,
    meta: e.meta,
  };
}
