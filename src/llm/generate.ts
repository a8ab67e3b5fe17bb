// One model call on the AI SDK: text, tool calls, structured output or a stream, mapped to
// the response shape of the framework's `llm.generate` (agents.md §2.6). Plain TypeScript
// with promises; src/modules/llm.ts makes it a Lua call that suspends only its coroutine.

import { generateText, streamText, embedMany, jsonSchema, tool, Output, APICallError,
         type LanguageModel, type EmbeddingModel, type ModelMessage, type ToolSet } from 'ai';
import { ChunkBuffer, type StreamChunk } from './stream.js';
import { safeToolName } from './messages.js';

// the SDK prints warnings (e.g. unsupported settings) to the console by default
(globalThis as { AI_SDK_LOG_WARNINGS?: unknown }).AI_SDK_LOG_WARNINGS = false;

export interface ToolSpec {
  name: string;
  description?: string;
  schema?: Record<string, unknown>;
}

export interface CallSettings {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  stopSequences?: string[];
  seed?: number;
}

export interface GenerateRequest {
  model: LanguageModel;
  messages: ModelMessage[];
  settings: CallSettings;
  tools?: ToolSpec[];
  /** auto, none, any, or a tool name */
  toolChoice?: string;
  /** structured output: the JSON schema the answer must follow */
  schema?: Record<string, unknown>;
  /** streaming: every chunk, in order, then the aggregated response is returned as usual */
  onChunk?: (c: StreamChunk) => void;
  bufferSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** aborts the call (the calling process ended) */
  signal?: AbortSignal;
  /** provider-specific settings (reasoning effort, thinking budget) */
  providerOptions?: Record<string, Record<string, unknown>>;
}

export interface Tokens {
  prompt_tokens: number;
  completion_tokens: number;
  thinking_tokens: number;
  total_tokens: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

export interface GenerateResponse {
  result: string;
  /** the decoded object, for structured output */
  object?: unknown;
  tool_calls: { id: string; name: string; arguments: unknown }[];
  tokens: Tokens;
  finish_reason: string;
  metadata: Record<string, unknown>;
}

/** A failed call: `type` is one of the framework's ERROR_TYPE values. */
export class LlmError extends Error {
  constructor(public type: string, message: string, public status?: number) {
    super(message);
  }
}

const FINISH: Record<string, string> = {
  'stop': 'stop', 'length': 'length', 'content-filter': 'filtered', 'tool-calls': 'tool_call', 'error': 'error', 'other': 'stop',
};

function toolSet(tools: ToolSpec[], names: Map<string, string>): ToolSet {
  const set: ToolSet = {};
  for (const t of tools) {
    const safe = safeToolName(t.name);
    names.set(safe, t.name);
    set[safe] = tool({ description: t.description, inputSchema: jsonSchema((t.schema ?? { type: 'object', properties: {} }) as never) });
  }
  return set;
}

function toolChoiceOf(choice: string | undefined) {
  if (choice === undefined || choice === 'auto') return undefined;
  if (choice === 'none') return 'none' as const;
  if (choice === 'any' || choice === 'required') return 'required' as const;
  return { type: 'tool' as const, toolName: safeToolName(choice) };
}

interface UsageLike {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
  inputTokenDetails?: { cacheReadTokens?: number; cacheWriteTokens?: number };
  outputTokenDetails?: { reasoningTokens?: number };
}

function tokensOf(u: UsageLike): Tokens {
  const prompt = u.inputTokens ?? 0, completion = u.outputTokens ?? 0;
  const t: Tokens = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    thinking_tokens: u.outputTokenDetails?.reasoningTokens ?? u.reasoningTokens ?? 0,
    total_tokens: u.totalTokens ?? prompt + completion,
  };
  const read = u.inputTokenDetails?.cacheReadTokens ?? u.cachedInputTokens;
  if (read) t.cache_read_input_tokens = read;
  if (u.inputTokenDetails?.cacheWriteTokens) t.cache_creation_input_tokens = u.inputTokenDetails.cacheWriteTokens;
  return t;
}

/** Any failure of the SDK -> LlmError with the framework's error type. */
export function classify(e: unknown): LlmError {
  if (e instanceof LlmError) return e;
  if (APICallError.isInstance(e)) {
    const s = e.statusCode ?? 0;
    const type = s === 401 || s === 403 ? 'authentication_error' : s === 429 ? 'rate_limit_exceeded'
      : s === 404 ? 'model_error' : s >= 500 ? 'server_error' : s === 0 ? 'network_error' : 'invalid_request';
    return new LlmError(type, e.message, s);
  }
  const err = e as Error;
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return new LlmError('timeout_error', 'request timed out');
  const cause = (err as { lastError?: unknown })?.lastError;
  if (cause !== undefined) return classify(cause);
  return new LlmError('server_error', err?.message ?? String(e));
}

export async function generate(req: GenerateRequest): Promise<GenerateResponse> {
  const names = new Map<string, string>();
  const common = {
    model: req.model,
    messages: req.messages,
    allowSystemInMessages: true,
    ...req.settings,
    tools: req.tools?.length ? toolSet(req.tools, names) : undefined,
    toolChoice: req.tools?.length ? toolChoiceOf(req.toolChoice) : undefined,
    output: req.schema ? Output.object({ schema: jsonSchema(req.schema as never) }) : undefined,
    maxRetries: req.maxRetries ?? 2,
    providerOptions: req.providerOptions as never,
    abortSignal: withTimeout(req.signal, req.timeoutMs),
  };
  const realName = (n: string) => names.get(n) ?? n;
  try {
    if (req.onChunk === undefined) {
      const r = await generateText(common as Parameters<typeof generateText>[0]);
      return {
        result: r.text,
        object: req.schema ? parseObject(r.text) : undefined,
        tool_calls: r.toolCalls.map((tc) => ({ id: tc.toolCallId, name: realName(tc.toolName), arguments: tc.input })),
        tokens: tokensOf(r.usage as UsageLike),
        finish_reason: FINISH[r.finishReason] ?? 'stop',
        metadata: { response_id: r.response.id, model: r.response.modelId, reasoning: r.reasoningText },
      };
    }
    return await stream(req, common, realName);
  } catch (e) {
    throw classify(e);
  }
}

function withTimeout(signal: AbortSignal | undefined, ms: number | undefined): AbortSignal {
  const t = AbortSignal.timeout(ms ?? 600_000);
  return signal === undefined ? t : AbortSignal.any([signal, t]);
}

function parseObject(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new LlmError('model_error', `the model did not answer with JSON: ${text.slice(0, 200)}`);
  }
}

async function stream(req: GenerateRequest, common: object, realName: (n: string) => string): Promise<GenerateResponse> {
  const send = req.onChunk!;
  const buffer = new ChunkBuffer(req.bufferSize ?? 10, send);
  let failure: unknown;
  const r = streamText({ ...(common as Parameters<typeof streamText>[0]), onError: ({ error }) => { failure ??= error; } });
  let text = '';
  const calls: GenerateResponse['tool_calls'] = [];
  let usage: UsageLike = {};
  let finish = 'stop';
  for await (const part of r.fullStream) {
    switch (part.type) {
      case 'text-delta':
        text += part.text;
        buffer.add(part.text);
        break;
      case 'reasoning-delta':
        send({ type: 'thinking', content: part.text });
        break;
      case 'tool-call':
        buffer.flush();
        calls.push({ id: part.toolCallId, name: realName(part.toolName), arguments: part.input });
        send({ type: 'tool_call', id: part.toolCallId, name: realName(part.toolName), arguments: JSON.stringify(part.input ?? {}) });
        break;
      case 'finish':
        usage = part.totalUsage as UsageLike;
        finish = FINISH[part.finishReason] ?? 'stop';
        break;
      case 'error':
        failure ??= part.error;
        break;
    }
  }
  buffer.flush();
  if (failure !== undefined) {
    const err = classify(failure);
    send({ type: 'error', error: { type: err.type, message: err.message } });
    throw err;
  }
  return {
    result: text,
    object: req.schema ? parseObject(text) : undefined,
    tool_calls: calls,
    tokens: tokensOf(usage),
    finish_reason: finish,
    metadata: {},
  };
}

export async function embed(model: EmbeddingModel, texts: string[], dimensions: number | undefined, timeoutMs?: number, signal?: AbortSignal):
  Promise<{ embeddings: number[][]; tokens: number }> {
  try {
    const providerOptions = dimensions ? { openai: { dimensions }, 'openai-compat': { dimensions } } : undefined;
    const r = await embedMany({ model, values: texts, providerOptions, maxRetries: 2,
                                abortSignal: withTimeout(signal, timeoutMs) });
    return { embeddings: r.embeddings, tokens: r.usage?.tokens ?? 0 };
  } catch (e) {
    throw classify(e);
  }
}
