// Test support: a local server speaking Anthropic's Messages API (POST /v1/messages, plain
// or streamed as SSE events), with replies from a script (fake-server.ts).

import type { ServerResponse } from 'node:http';
import { startFakeServer, sendJson, sendEvents, textChunks, argumentsText, noReply,
         type FakeServer, type FakeServerOptions, type FakeReply, type RecordedRequest } from './fake-server.js';

export type { FakeServer, FakeReply } from './fake-server.js';

export function startFakeAnthropic(opts: FakeServerOptions = {}): Promise<FakeServer> {
  return startFakeServer({ '/v1/messages': { scripted: true, handle: messages } }, opts, (h, key) => h['x-api-key'] === key);
}

let seq = 0;

const STOP: Record<string, string> = { stop: 'end_turn', length: 'max_tokens', tool_calls: 'tool_use' };

function messages(req: RecordedRequest, reply: () => FakeReply | undefined, res: ServerResponse): void {
  const r = reply();
  if (r === undefined) return noReply(res);
  if (r.error) return sendJson(res, r.error.status, { type: 'error', error: { type: 'invalid_request_error', message: r.error.message } });
  const id = `msg_${++seq}`;
  const model = req.body?.model ?? 'fake';
  const usage = r.usage ?? { input: 10, output: 5 };
  const stop = STOP[r.finish ?? (r.toolCalls?.length ? 'tool_calls' : 'stop')];
  const uses = (r.toolCalls ?? []).map((tc, i) => ({
    type: 'tool_use', id: tc.id ?? `toolu_${seq}_${i}`, name: tc.name, input: JSON.parse(argumentsText(tc)),
  }));
  if (req.body?.stream !== true) {
    const content = [...(r.text ? [{ type: 'text', text: r.text }] : []), ...uses];
    return sendJson(res, 200, {
      id, type: 'message', role: 'assistant', model, content, stop_reason: stop, stop_sequence: null,
      usage: { input_tokens: usage.input, output_tokens: usage.output },
    });
  }
  const ev = (event: string, data: Record<string, unknown>) => ({ event, data: { type: event, ...data } });
  const events = [ev('message_start', { message: {
    id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: 1 },
  } })];
  let index = 0;
  const pieces = textChunks(r);
  if (pieces.length) {
    events.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
    for (const text of pieces) events.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text } }));
    events.push(ev('content_block_stop', { index }));
    index++;
  }
  for (const u of uses) {
    events.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: u.id, name: u.name, input: {} } }));
    events.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(u.input) } }));
    events.push(ev('content_block_stop', { index }));
    index++;
  }
  events.push(ev('message_delta', { delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: usage.output } }));
  events.push(ev('message_stop', {}));
  sendEvents(res, events);
}
