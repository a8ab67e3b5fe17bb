// One agent run (agents.md §3.8, §3.9): model call -> tool calls -> model call ... until the
// model answers without tool calls. Tools are function entries called like `funcs.call`;
// a delegate tool runs another agent with the request and returns its answer. Every
// message of the run is appended to the conversation store as it happens, so a
// conversation continues across runs (and restarts).

import { randomUUID } from 'node:crypto';
import type { CardSource } from '../llm/cards.js';
import type { LlmService, LlmOptions } from '../llm/service.js';
import type { UniversalMessage } from '../llm/messages.js';
import type { StreamChunk } from '../llm/stream.js';
import { compileAgent, type CompiledAgent, type TraitContribution } from './spec.js';
import type { ConversationStore } from './store.js';

export interface AgentDeps {
  cards: CardSource;
  llm: LlmService;
  store: ConversationStore;
  /** call a function entry (a tool, a trait function) with `args` under `context` */
  callFunction(id: string, args: unknown[], context: Record<string, unknown>): Promise<{ value?: unknown; error?: string }>;
  /** the registry's version: a run recompiles its agent when a step changed the registry */
  registryVersion?(): number;
}

export interface RunOptions {
  conversation_id?: string;
  context?: Record<string, unknown>;
  model?: string;
  /** streamed text of every model call, in order */
  onChunk?: (c: StreamChunk) => void;
  /** false for delegate runs: their exchange lives in the caller's conversation */
  persist?: boolean;
  depth?: number;
  /** the calling process ended: stop before the next model or tool call */
  signal?: AbortSignal;
}

export interface ToolCallRecord {
  name: string;
  arguments: unknown;
  result?: unknown;
  error?: string;
  agent_id?: string;
  /** a delegate's own model usage, counted into the run's totals */
  usage?: { tokens: RunResult['tokens']; cost: number };
}

export interface RunResult {
  result: string;
  conversation_id: string;
  agent_id: string;
  steps: number;
  tokens: { prompt_tokens: number; completion_tokens: number; thinking_tokens: number; total_tokens: number };
  cost: number;
  tool_calls: ToolCallRecord[];
}

const MAX_DELEGATION_DEPTH = 4;

export const TRUNCATION_MSG = 'Your previous response was cut off by the output token limit. '
  + 'Please respond again more concisely, with complete tool calls.';

function decodeArguments(a: unknown): unknown {
  if (typeof a !== 'string') return a ?? {};
  try {
    return JSON.parse(a);
  } catch {
    return {};
  }
}

export async function runAgent(deps: AgentDeps, agentId: string, input: string | UniversalMessage[], opts: RunOptions = {}): Promise<RunResult> {
  let agent = await loadAgent(deps, agentId, opts);
  let compiledAt = deps.registryVersion?.();
  const persist = opts.persist !== false;
  const conversationId = opts.conversation_id ?? randomUUID();
  const history = persist && opts.conversation_id !== undefined ? deps.store.messages(conversationId) : [];
  let stored = history.length;
  const conversation = [...history];
  const add = (...m: UniversalMessage[]) => conversation.push(...m);
  const save = () => {
    if (!persist) return;
    deps.store.append(conversationId, agent.id, stored, conversation.slice(stored));
    stored = conversation.length;
  };
  if (typeof input === 'string') add({ role: 'user', content: [{ type: 'text', text: input }] });
  else add(...input);
  save();

  const out: RunResult = {
    result: '', conversation_id: conversationId, agent_id: agent.id, steps: 0, cost: 0, tool_calls: [],
    tokens: { prompt_tokens: 0, completion_tokens: 0, thinking_tokens: 0, total_tokens: 0 },
  };
  while (out.steps < agent.max_steps) {
    out.steps++;
    opts.signal?.throwIfAborted();
    // a tool may have changed the registry (a new tool attached to this agent, agents.md §11.2):
    // the next model call sees the agent as the registry now defines it
    if (compiledAt !== undefined && deps.registryVersion!() !== compiledAt) {
      compiledAt = deps.registryVersion!();
      agent = await loadAgent(deps, agentId, opts);
    }
    const resp = await modelTurn(deps, agent, conversation, opts.onChunk, opts.signal);
    out.cost += resp.cost;
    for (const k of Object.keys(out.tokens) as (keyof RunResult['tokens'])[]) out.tokens[k] += resp.tokens[k] ?? 0;
    if (resp.finish_reason === 'length' && resp.tool_calls.length > 0) {
      // tool calls cut off by the token limit may be incomplete: ask again instead of running them
      add({ role: 'user', content: [{ type: 'text', text: TRUNCATION_MSG }] });
      continue;
    }
    if (resp.result !== '') add({ role: 'assistant', content: [{ type: 'text', text: resp.result }] });
    if (resp.tool_calls.length === 0) {
      save();
      out.result = resp.result;
      return out;
    }
    for (const tc of resp.tool_calls) {
      opts.signal?.throwIfAborted();
      const args = decodeArguments(tc.arguments);
      add({ role: 'function_call', function_call: { name: tc.name, arguments: JSON.stringify(args), id: tc.id } });
      const record = await callTool(deps, agent, tc.name, args, opts);
      out.tool_calls.push(record);
      if (record.usage !== undefined) {
        out.cost += record.usage.cost;
        for (const k of Object.keys(out.tokens) as (keyof RunResult['tokens'])[]) out.tokens[k] += record.usage.tokens[k];
        delete record.usage;
      }
      const content = JSON.stringify(record.error !== undefined ? { error: record.error } : record.result ?? null);
      add({ role: 'function_result', name: tc.name, function_call_id: tc.id, content: [{ type: 'text', text: content }] });
      save();
    }
  }
  throw new Error(`agent ${agent.id}: no answer within ${agent.max_steps} steps (agent_options.max_steps)`);
}

/**
 * Compile an agent, running its traits' build functions (agents.md §3.4) and compiling again
 * with what they contribute (prompt, tools, delegates, context). A failing build function
 * contributes nothing, as in the reference compiler.
 */
async function loadAgent(deps: AgentDeps, agentId: string, opts: Pick<RunOptions, 'model' | 'context'>): Promise<CompiledAgent> {
  const overrides = { model: opts.model, context: opts.context };
  const first = compileAgent(deps.cards, agentId, overrides);
  if (first.build_funcs.length === 0) return first;
  const contributions = new Map<string, TraitContribution>();
  for (const b of first.build_funcs) {
    const r = await deps.callFunction(b.id, [b.prompt, b.context], b.context);
    if (r.error === undefined && r.value !== null && typeof r.value === 'object') contributions.set(b.trait_id, r.value as TraitContribution);
  }
  return compileAgent(deps.cards, agentId, { ...overrides, contributions });
}

/** One model call of an agent on a conversation: the system prompt, then the messages. */
async function modelTurn(deps: AgentDeps, agent: CompiledAgent, conversation: UniversalMessage[], onChunk?: (c: StreamChunk) => void,
                         signal?: AbortSignal) {
  const tools = [...agent.tools.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  const options: LlmOptions = { model: agent.model, max_tokens: agent.max_tokens, temperature: agent.temperature,
    thinking_effort: agent.thinking_effort,
    tools: tools.map((t) => ({ name: t.name, description: t.description, schema: t.schema })) };
  let prompt = agent.prompt;
  for (const f of agent.prompt_funcs) {
    // a failing prompt function is skipped, as in the reference runner
    const r = await deps.callFunction(f.id, [], f.context);
    if (typeof r.value === 'string' && r.value !== '') prompt += `\n\n${r.value}`;
  }
  const messages: UniversalMessage[] = [
    { role: 'system', content: [{ type: 'text', text: prompt }] },
    { role: 'cache_marker' },
    ...conversation,
  ];
  return deps.llm.generate(messages, options, { onChunk, signal });
}

/**
 * One step (agents.md §3.8): a single model call, its tool calls returned with the function
 * (`registry_id`) or agent (`agent_id`) that takes each, for a host loop to run. A workflow
 * calls this through an activity, so finished steps are not repeated after a crash.
 */
export async function stepAgent(deps: AgentDeps, agentId: string, conversation: UniversalMessage[],
                                opts: Pick<RunOptions, 'context' | 'model' | 'onChunk' | 'signal'> = {}) {
  const agent = await loadAgent(deps, agentId, opts);
  const r = await modelTurn(deps, agent, conversation, opts.onChunk, opts.signal);
  return {
    result: r.result, tokens: r.tokens, cost: r.cost, finish_reason: r.finish_reason,
    tool_calls: r.tool_calls.map((tc) => {
      const tool = agent.tools.get(tc.name);
      return { id: tc.id, name: tc.name, arguments: decodeArguments(tc.arguments), registry_id: tool?.registry_id,
               agent_id: tool?.agent_id, context: tool?.context };
    }),
  };
}

async function callTool(deps: AgentDeps, agent: CompiledAgent, name: string, args: unknown, opts: RunOptions): Promise<ToolCallRecord> {
  const tool = agent.tools.get(name);
  if (tool === undefined) return { name, arguments: args, error: `unknown tool ${name}` };
  if (tool.agent_id !== undefined) {
    const depth = (opts.depth ?? 0) + 1;
    if (depth > MAX_DELEGATION_DEPTH) return { name, arguments: args, agent_id: tool.agent_id, error: 'delegation too deep' };
    const message = typeof (args as { message?: unknown })?.message === 'string' ? (args as { message: string }).message : JSON.stringify(args);
    try {
      const r = await runAgent(deps, tool.agent_id, message, {
        context: { ...tool.context, from_agent_id: agent.id, to_agent_id: tool.agent_id }, persist: false, depth, onChunk: undefined, signal: opts.signal,
      });
      return { name, arguments: args, agent_id: tool.agent_id, result: r.result, usage: { tokens: r.tokens, cost: r.cost } };
    } catch (e) {
      return { name, arguments: args, agent_id: tool.agent_id, error: (e as Error).message };
    }
  }
  const r = await deps.callFunction(tool.registry_id!, [args], { ...tool.context, ...(opts.context ?? {}) });
  return { name, arguments: args, result: r.value, error: r.error };
}
