// Agent definitions (agents.md §3.2, §3.4, §3.5, §3.7): a `registry.entry` with
// `meta.type: agent.gen1`, compiled at every run from the live registry into what one run
// needs: the full system prompt, the model and its settings, and the tools by name.

import type { CardEntry, CardSource } from '../llm/cards.js';
import { resolveToolRef, type AgentTool, type ToolRef } from './tools.js';

export interface CompiledAgent {
  id: string;
  name: string;
  description: string;
  model: string;
  max_tokens: number;
  temperature?: number;
  /** sent only when greater than 0 */
  thinking_effort?: number;
  prompt: string;
  tools: Map<string, AgentTool>;
  /** trait functions called before every step; their text is appended to the prompt */
  prompt_funcs: { id: string; context: Record<string, unknown> }[];
  /** trait build functions: called before compiling again with their contributions */
  build_funcs: { trait_id: string; id: string; prompt?: string; context: Record<string, unknown> }[];
  /** the most model calls one run may make (`agent_options.max_steps`, default 10) */
  max_steps: number;
  context: Record<string, unknown>;
}

const DEFAULT_DELEGATE_SCHEMA = {
  type: 'object', properties: { message: { type: 'string', description: 'The request to forward' } }, required: ['message'],
};

function findAgent(src: CardSource, idOrName: string): CardEntry | undefined {
  const e = src.get(idOrName);
  if (e !== undefined && e.meta.type === 'agent.gen1') return e;
  return src.all().find((x) => x.kind === 'registry.entry' && x.meta.type === 'agent.gen1' && x.meta.name === idOrName);
}

function findTrait(src: CardSource, ref: string): CardEntry | undefined {
  if (ref.includes(':')) {
    const e = src.get(ref);
    return e?.meta.type === 'agent.trait' ? e : undefined;
  }
  return src.all().find((x) => x.kind === 'registry.entry' && x.meta.type === 'agent.trait' && x.meta.name === ref);
}

const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? v as T[] : v === undefined || v === null ? [] : [v as T]);

/** What a trait's build function may return. */
export interface TraitContribution {
  prompt?: string;
  tools?: ToolRef[];
  delegates?: unknown[];
  context?: Record<string, unknown>;
}

export function compileAgent(src: CardSource, idOrName: string,
                             overrides: { model?: string; context?: Record<string, unknown>; contributions?: Map<string, TraitContribution> } = {}): CompiledAgent {
  const e = findAgent(src, idOrName);
  if (e === undefined) throw new Error(`agent not found: ${idOrName}`);
  const d = e.data;
  const options = (d.agent_options ?? {}) as Record<string, unknown>;
  const context = { ...((d.context ?? {}) as Record<string, unknown>), ...(overrides.context ?? {}), agent_id: e.id };
  const prompts = typeof d.prompt === 'string' && d.prompt !== '' ? [d.prompt] : [];
  const toolRefs: { ref: ToolRef; ctx: Record<string, unknown> }[] = arr<ToolRef>(d.tools).map((ref) => ({ ref, ctx: context }));
  const promptFuncs: CompiledAgent['prompt_funcs'] = [];
  const buildFuncs: CompiledAgent['build_funcs'] = [];
  const delegates = [...arr<unknown>(d.delegates)];

  for (const t of arr<string | { id: string; context?: Record<string, unknown> }>(d.traits)) {
    const ref = typeof t === 'string' ? t : t.id;
    const trait = findTrait(src, ref);
    if (trait === undefined) throw new Error(`${e.id}: trait ${ref} not found (a registry.entry with meta.type: agent.trait)`);
    const built = overrides.contributions?.get(trait.id);
    const traitCtx = { ...((trait.data.context ?? {}) as Record<string, unknown>), ...(typeof t === 'object' ? t.context ?? {} : {}),
                       ...context, ...(built?.context ?? {}) };
    if (typeof trait.data.prompt === 'string' && trait.data.prompt !== '') prompts.push(trait.data.prompt);
    for (const ref2 of arr<ToolRef>(trait.data.tools)) toolRefs.push({ ref: ref2, ctx: traitCtx });
    if (typeof trait.data.build_func_id === 'string') {
      buildFuncs.push({ trait_id: trait.id, id: trait.data.build_func_id, prompt: trait.data.prompt as string | undefined, context: traitCtx });
    }
    if (built !== undefined) {
      if (typeof built.prompt === 'string' && built.prompt !== '') prompts.push(built.prompt);
      for (const ref2 of arr<ToolRef>(built.tools)) toolRefs.push({ ref: ref2, ctx: traitCtx });
      delegates.push(...arr<unknown>(built.delegates));
    }
    if (typeof trait.data.prompt_func_id === 'string') promptFuncs.push({ id: trait.data.prompt_func_id, context: traitCtx });
  }

  const tools = new Map<string, AgentTool>();
  for (const { ref, ctx } of toolRefs) for (const t of resolveToolRef(src, ref, e.id, ctx)) tools.set(t.name, t);

  for (const del of delegates as { id: string; name: string; rule?: string; context?: Record<string, unknown>; schema?: Record<string, unknown> }[]) {
    if (typeof del.id !== 'string' || typeof del.name !== 'string') throw new Error(`${e.id}: a delegate needs id and name`);
    if (findAgent(src, del.id) === undefined) throw new Error(`${e.id}: delegate agent ${del.id} not found`);
    tools.set(del.name, {
      name: del.name, description: `Forward the request to ${del.rule ?? del.name}`, schema: del.schema ?? DEFAULT_DELEGATE_SCHEMA,
      agent_id: del.id, context: { ...context, ...(del.context ?? {}) }, meta: {},
    });
  }

  let prompt = prompts.join('\n\n');
  const memory = arr<string>(d.memory).filter((m) => typeof m === 'string');
  if (memory.length > 0) prompt += '\n\n## Your memory contains:' + memory.map((m) => `\n- ${m}`).join('');

  const model = overrides.model ?? d.model;
  if (typeof model !== 'string' || model === '') throw new Error(`${e.id}: agent has no model`);
  return {
    id: e.id,
    name: typeof e.meta.name === 'string' ? e.meta.name : e.id,
    description: typeof e.meta.comment === 'string' ? e.meta.comment : '',
    model,
    max_tokens: typeof d.max_tokens === 'number' ? d.max_tokens : 512,
    temperature: typeof d.temperature === 'number' ? d.temperature : undefined,
    thinking_effort: typeof d.thinking_effort === 'number' && d.thinking_effort > 0 ? d.thinking_effort : undefined,
    prompt,
    tools,
    prompt_funcs: promptFuncs,
    build_funcs: buildFuncs,
    max_steps: typeof options.max_steps === 'number' ? options.max_steps : 10,
    context,
  };
}
