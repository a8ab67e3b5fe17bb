// Test support: a local server speaking OpenAI's chat-completions and embeddings API
// (POST /v1/chat/completions, plain or streamed as SSE chunks; POST /v1/embeddings), with
// replies from a script (fake-server.ts). Any OpenAI-compatible client can point at `url`.

import type { ServerResponse } from 'node:http';
import { startFakeServer, sendJson, sendEvents, textChunks, argumentsText, noReply,
         type FakeServer, type FakeServerOptions, type FakeReply, type RecordedRequest } from './fake-server.js';

export type { FakeServer, FakeReply } from './fake-server.js';

export function startFakeOpenAI(opts: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer({
    '/v1/chat/completions': { scripted: true, handle: chatCompletions },
    '/v1/embeddings': { scripted: false, handle: embeddings },
  }, opts, (h, key) => h.authorization === `Bearer ${key}`);
}

let seq = 0;

function finishOf(r: FakeReply): string {
  return r.finish ?? (r.toolCalls?.length ? 'tool_calls' : 'stop');
}

function usageOf(r: FakeReply) {
  const u = r.usage ?? { input: 10, output: 5 };
  return { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output };
}

function chatCompletions(req: RecordedRequest, reply: () => FakeReply | undefined, res: ServerResponse): void {
  const r = reply();
  if (r === undefined) return noReply(res);
  if (r.error) return sendJson(res, r.error.status, { error: { message: r.error.message, type: 'invalid_request_error' } });
  const id = `chatcmpl-${++seq}`;
  const created = Math.floor(Date.now() / 1000);
  const model = req.body?.model ?? 'fake';
  const calls = (r.toolCalls ?? []).map((tc, i) => ({
    id: tc.id ?? `call_${seq}_${i}`, type: 'function', function: { name: tc.name, arguments: argumentsText(tc) },
  }));
  if (req.body?.stream !== true) {
    const message: Record<string, unknown> = { role: 'assistant', content: r.text ?? null };
    if (calls.length) message.tool_calls = calls;
    return sendJson(res, 200, {
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, message, finish_reason: finishOf(r) }],
      usage: usageOf(r),
    });
  }
  const chunk = (delta: unknown, finish: string | null) =>
    ({ data: { id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] } });
  const events: { data: unknown }[] = [chunk({ role: 'assistant', content: '' }, null)];
  for (const piece of textChunks(r)) events.push(chunk({ content: piece }, null));
  calls.forEach((c, index) => events.push(chunk({ tool_calls: [{ index, ...c }] }, null)));
  events.push(chunk({}, finishOf(r)));
  events.push({ data: { id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageOf(r) } });
  sendEvents(res, [...events, { data: '[DONE]' }]);
}

/** A deterministic unit-free vector per text: equal texts embed equally. */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const v: number[] = [];
  let h = 2166136261;
  for (let i = 0; i < dimensions; i++) {
    for (const ch of `${i}:${text}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
    v.push(Math.round(((h % 2000) / 1000 - 1) * 1000) / 1000);
  }
  return v;
}

function embeddings(req: RecordedRequest, _reply: () => FakeReply | undefined, res: ServerResponse): void {
  const input: string[] = Array.isArray(req.body?.input) ? req.body.input : [String(req.body?.input ?? '')];
  const dims = typeof req.body?.dimensions === 'number' ? req.body.dimensions : 8;
  const tokens = input.reduce((n, t) => n + t.split(/\s+/).filter(Boolean).length, 0);
  sendJson(res, 200, {
    object: 'list', model: req.body?.model ?? 'fake',
    data: input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, dims) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
