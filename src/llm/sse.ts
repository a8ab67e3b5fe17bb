// The hook for streaming model output over HTTP as server-sent events: an HTTP handler
// (in TypeScript, with any server) passes `sse.onChunk` as the `onChunk` of
// `LlmService.generate` and writes what the writer produces. Each chunk becomes one event
// named by its type (chunk, thinking, tool_call, error); `done` closes the stream with the
// aggregated response (text, tokens, cost, finish reason).
//
//   const sse = sseWriter((text) => res.write(text));
//   res.writeHead(200, SSE_HEADERS);
//   const r = await llmServiceOf(rt).generate(messages, options, { onChunk: sse.onChunk });
//   sse.done(r); res.end();

import type { StreamChunk } from './stream.js';
import type { LlmResponse } from './service.js';

export const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'connection': 'keep-alive' };

/** One SSE event; JSON data never contains a newline, so one `data:` line is enough. */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export function sseWriter(write: (text: string) => void) {
  return {
    onChunk: (c: StreamChunk) => {
      const { type, ...rest } = c;
      write(sseEvent(type, rest));
    },
    done: (r: LlmResponse) => write(sseEvent('done', {
      result: r.result, tokens: r.tokens, cost: r.cost, finish_reason: r.finish_reason, model: r.model,
    })),
    error: (message: string) => write(sseEvent('error', { message })),
  };
}
