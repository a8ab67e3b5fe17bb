// The `llm` module (agents.md §2.6, §2.7): the framework's LLM API as a built-in, on the AI
// SDK. Models and providers are registry entries read at every call.
//
//   llm.generate(prompt, options)                     -> response | nil, err_string
//   llm.structured_output(schema, prompt, options)    -> response (result = object) | nil, err_string
//   llm.embed(text | {texts}, {model, dimensions?})   -> {result, tokens} | nil, err_string
//   llm.available_models(capability?), llm.get_classes(), llm.usage()
//   constants CAPABILITY, FINISH_REASON, ERROR_TYPE
//
// Calls suspend only the calling coroutine. Streaming (`options.stream = {reply_to, topic}`)
// sends chunk tables to the reply_to process on `topic` (default `llm_response`).

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { bytesToText } from '../lua/runtime/values.js';
import { tostring } from '../lua/runtime/ops.js';
import { makeLib } from '../lua/lib/args.js';
import type { Node } from '../kernel/process.js';
import type { LlmService, LlmOptions } from '../llm/service.js';
import { modelClasses, type CardSource } from '../llm/cards.js';
import type { StreamChunk } from '../llm/stream.js';
import { LlmError } from '../llm/generate.js';
import { awaitPromise, messagesOf, toLua, toPlain } from '../llm/lua-bridge.js';
import { validateJson } from './jsonschema.js';

export interface LlmModuleDeps {
  node: Node;
  service: LlmService;
  cards: CardSource;
}

function suspendingLib(name: string, body: (...args: LuaValue[]) => LuaGen): LuaFunction {
  const f: LuaFunction = () => yieldPlain();
  f.$g = body;
  f.$name = name;
  return f;
}

const failed = (e: unknown): [undefined, string] =>
  [undefined, e instanceof LlmError || e instanceof Error ? e.message : String(e)];

/** A sender of stream chunks to `stream.reply_to`, or undefined when not streaming. */
export function streamTarget(node: Node, stream: LlmOptions['stream']): ((c: StreamChunk) => void) | undefined {
  if (stream === undefined || typeof stream.reply_to !== 'string') return undefined;
  const from = node.current?.pid ?? '';
  const topic = stream.topic ?? 'llm_response';
  const dest = stream.reply_to;
  return (c) => node.resolve(dest)?.deliver({ topic, from, payloads: [toLua(c)] });
}

function responseTable(r: { result: unknown; tool_calls: unknown; tokens: unknown; finish_reason: string; metadata: unknown; cost: number; model: string }): LuaValue {
  const t = toLua({ ...r, tool_calls: undefined, result: undefined }) as LuaTable;
  t.setStr('result', toLua(r.result));
  t.setStr('tool_calls', toLua(r.tool_calls) ?? new LuaTable());
  return t;
}

export function createLlmModule(deps: LlmModuleDeps): LuaTable {
  const { node, service } = deps;

  const optionsOf = (v: LuaValue): LlmOptions => (v instanceof LuaTable ? toPlain(v) : {}) ?? {};

  const generate = suspendingLib('generate', function* (prompt: LuaValue, opts: LuaValue): LuaGen {
    try {
      const messages = yield* messagesOf(prompt);
      const options = optionsOf(opts);
      const r = (yield* awaitPromise((signal) => service.generate(messages as never, options, { onChunk: streamTarget(node, options.stream), signal }))) as never;
      return responseTable(r);
    } catch (e) {
      return failed(e);
    }
  });

  const structured = suspendingLib('structured_output', function* (schema: LuaValue, prompt: LuaValue, opts: LuaValue): LuaGen {
    try {
      if (!(schema instanceof LuaTable)) return [undefined, 'schema must be a table'];
      const messages = yield* messagesOf(prompt);
      const options = optionsOf(opts);
      const r = (yield* awaitPromise((signal) => service.generate(messages as never, options, { schema: toPlain(schema), signal }))) as
        { object: unknown } & Parameters<typeof responseTable>[0];
      const object = toLua(r.object);
      const valid = validateJson(schema, object, false);
      if (valid !== true) return [undefined, `structured output does not match the schema: ${tostring((valid as LuaValue[])[1])}`];
      return responseTable({ ...r, result: r.object });
    } catch (e) {
      return failed(e);
    }
  });

  const embed = suspendingLib('embed', function* (input: LuaValue, opts: LuaValue): LuaGen {
    try {
      const many = input instanceof LuaTable;
      const texts: string[] = many ? (toPlain(input) as unknown[]).map(String) : [bytesToText(String(input ?? ''))];
      const r = (yield* awaitPromise((signal) => service.embed(texts, optionsOf(opts), signal))) as { embeddings: number[][]; tokens: number; cost: number };
      return toLua({ result: many ? r.embeddings : r.embeddings[0], tokens: r.tokens, cost: r.cost });
    } catch (e) {
      return failed(e);
    }
  });

  const constants = (o: Record<string, string>) => {
    const t = toLua(o) as LuaTable;
    t.frozen = true;
    return t;
  };

  const mod = makeLib({
    generate,
    structured_output: structured,
    embed,
    available_models: (capability: LuaValue) => toLua(service.models()
      .filter((m) => capability === undefined || m.capabilities.includes(String(capability)))),
    get_classes: () => toLua(modelClasses(deps.cards)),
    usage: () => toLua(service.usage.totals()),
    CAPABILITY: constants({ GENERATE: 'generate', TOOL_USE: 'tool_use', STRUCTURED_OUTPUT: 'structured_output', EMBED: 'embed',
                            THINKING: 'thinking', VISION: 'vision', CACHING: 'caching' }),
    FINISH_REASON: constants({ STOP: 'stop', LENGTH: 'length', CONTENT_FILTER: 'filtered', TOOL_CALL: 'tool_call', ERROR: 'error' }),
    ERROR_TYPE: constants({ INVALID_REQUEST: 'invalid_request', AUTHENTICATION: 'authentication_error', RATE_LIMIT: 'rate_limit_exceeded',
                            SERVER_ERROR: 'server_error', CONTEXT_LENGTH: 'context_length_exceeded', CONTENT_FILTER: 'content_filter',
                            TIMEOUT: 'timeout_error', MODEL_ERROR: 'model_error' }),
  });
  mod.frozen = true;
  return mod;
}
