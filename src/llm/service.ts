// The LLM service of a running app: resolves a model name through the live registry's
// model and provider cards, opens the AI SDK model, calls it, and books the usage. Both the
// `llm` Lua module and the agent runner use it.

import { resolveModel, costOf, allModels, type CardSource, type ModelCard } from './cards.js';
import { providerSettings, languageModel, embeddingModel, type EnvLookup, type ProviderSettings } from './providers.js';
import { generate, embed, LlmError, type GenerateResponse, type ToolSpec, type CallSettings } from './generate.js';
import { toModelMessages, type UniversalMessage } from './messages.js';
import { UsageLedger } from './usage.js';
import type { StreamChunk } from './stream.js';

/** The options of `llm.generate` (agents.md §2.6), as plain data. */
export interface LlmOptions {
  model?: string;
  provider_id?: string;
  temperature?: number;
  max_tokens?: number;
  top_p?: number;
  top_k?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  stop_sequences?: string[];
  seed?: number;
  tools?: ToolSpec[];
  tool_choice?: string;
  /** seconds */
  timeout?: number;
  retry?: { attempts?: number };
  stream?: { reply_to?: string; topic?: string; buffer_size?: number };
  dimensions?: number;
  [k: string]: unknown;
}

export interface LlmResponse extends GenerateResponse {
  /** USD, from the model card's pricing */
  cost: number;
  model: string;
}

interface Opened {
  card?: ModelCard;
  settings: ProviderSettings;
  providerModel: string;
  options: LlmOptions;
}

export class LlmService {
  readonly usage = new UsageLedger();

  constructor(private cards: CardSource, private env: EnvLookup) {}

  models(): ModelCard[] {
    return allModels(this.cards);
  }

  private open(options: LlmOptions): Opened {
    if (typeof options.provider_id === 'string') {
      if (typeof options.model !== 'string') throw new LlmError('invalid_request', 'model is required');
      const s = providerSettings(this.cards, options.provider_id, {}, this.env);
      if ('error' in s) throw new LlmError('model_error', s.error);
      return { settings: s, providerModel: options.model, options };
    }
    if (typeof options.model !== 'string' || options.model === '') throw new LlmError('invalid_request', 'model is required');
    const card = resolveModel(this.cards, options.model);
    if ('error' in card) throw new LlmError('model_error', card.error);
    const ref = card.providers[0];
    const s = providerSettings(this.cards, ref.id, ref.context ?? {}, this.env);
    if ('error' in s) throw new LlmError('model_error', s.error);
    // provider options first, then the caller's (agents.md §2.6)
    return { card, settings: s, providerModel: ref.provider_model, options: { ...(ref.options ?? {}), ...options } };
  }

  async generate(messages: UniversalMessage[], options: LlmOptions,
                 extra: { schema?: Record<string, unknown>; onChunk?: (c: StreamChunk) => void; signal?: AbortSignal } = {}): Promise<LlmResponse> {
    const o = this.open(options);
    const opt = o.options;
    let model;
    let modelMessages;
    try {
      model = languageModel(o.settings, o.providerModel);
      modelMessages = toModelMessages(messages);
    } catch (e) {
      throw new LlmError('invalid_request', (e as Error).message);
    }
    const settings: CallSettings = {
      temperature: num(opt.temperature), maxOutputTokens: num(opt.max_tokens), topP: num(opt.top_p), topK: num(opt.top_k),
      frequencyPenalty: num(opt.frequency_penalty), presencePenalty: num(opt.presence_penalty),
      stopSequences: opt.stop_sequences, seed: num(opt.seed),
    };
    const thinking = thinkingOptions(o.settings.kind, num(opt.thinking_effort), settings);
    const timeout = num(opt.timeout) ?? (o.settings.timeout !== undefined ? o.settings.timeout / 1000 : undefined);
    const r = await generate({
      model, messages: modelMessages, settings, tools: opt.tools, toolChoice: opt.tool_choice, schema: extra.schema,
      onChunk: extra.onChunk, signal: extra.signal, providerOptions: thinking, bufferSize: num(opt.stream?.buffer_size),
      timeoutMs: timeout !== undefined ? timeout * 1000 : undefined,
      maxRetries: num(opt.retry?.attempts) ?? num(o.settings.retry?.attempts),
    });
    const name = o.card?.name ?? o.providerModel;
    const cost = costOf(o.card, r.tokens.prompt_tokens, r.tokens.completion_tokens);
    this.usage.record(name, r.tokens, cost);
    return { ...r, cost, model: name };
  }

  async embed(texts: string[], options: LlmOptions, signal?: AbortSignal): Promise<{ embeddings: number[][]; tokens: number; cost: number }> {
    const o = this.open(options);
    let model;
    try {
      model = embeddingModel(o.settings, o.providerModel);
    } catch (e) {
      throw new LlmError('invalid_request', (e as Error).message);
    }
    const dims = num(options.dimensions) ?? o.card?.dimensions;
    const r = await embed(model, texts, dims, num(options.timeout) !== undefined ? num(options.timeout)! * 1000 : undefined, signal);
    const cost = costOf(o.card, r.tokens, 0);
    this.usage.record(o.card?.name ?? o.providerModel, { prompt_tokens: r.tokens, total_tokens: r.tokens }, cost);
    return { ...r, cost };
  }
}

/**
 * `thinking_effort` (0-100) as the reference drivers map it: OpenAI reasoning effort levels;
 * an Anthropic thinking budget from 1024 to 24000 tokens (the AI SDK adds it to max_tokens,
 * so `max_tokens` stays the room for the answer).
 */
function thinkingOptions(kind: ProviderSettings['kind'], effort: number | undefined, settings: CallSettings):
  Record<string, Record<string, unknown>> | undefined {
  if (effort === undefined) return undefined;
  if (kind === 'anthropic') {
    if (effort <= 0) return undefined;
    const budget = Math.floor(1024 + (24000 - 1024) * (effort / 100) + 0.5);
    settings.temperature = undefined; // thinking requires the default temperature
    return { anthropic: { thinking: { type: 'enabled', budgetTokens: budget } } };
  }
  const level = effort <= 0 ? 'minimal' : effort < 25 ? 'low' : effort < 60 ? 'medium' : effort < 90 ? 'high' : 'xhigh';
  return kind === 'openai' ? { openai: { reasoningEffort: level } } : { openaiCompatible: { reasoningEffort: level } };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}
