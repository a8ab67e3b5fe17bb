// The SSE hook: an HTTP server streams a model answer to a client as server-sent events,
// in order, ending with the aggregated response (all over real HTTP).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeAnthropic } from './testing/fake-anthropic.js';
import { LlmService } from './service.js';
import { sseWriter, SSE_HEADERS } from './sse.js';

test('an HTTP handler streams a generation as server-sent events in order, then done with usage', async () => {
  const fake = await startFakeAnthropic({ replies: [{ chunks: ['Once upon a time. ', 'The end.'], usage: { input: 12, output: 6 } }] });
  const cards = [
    { id: 'm:claude', kind: 'registry.entry', meta: { type: 'llm.provider' },
      data: { driver: { id: 'wippy.llm.claude:driver', options: { base_url: fake.url, api_key: 'x' } } } },
    { id: 'm:story', kind: 'registry.entry', meta: { type: 'llm.model', name: 'story' },
      data: { providers: [{ id: 'm:claude', provider_model: 'claude-x' }], pricing: { input: 1, output: 2 } } },
  ];
  const service = new LlmService({ get: (id) => cards.find((c) => c.id === id), all: () => cards },
                                 { app: () => undefined, os: () => undefined });
  const server = createServer(async (_req, res) => {
    res.writeHead(200, SSE_HEADERS);
    const sse = sseWriter((t) => res.write(t));
    try {
      const r = await service.generate([{ role: 'user', content: 'a story' }], { model: 'story', stream: { buffer_size: 5 } },
                                       { onChunk: sse.onChunk });
      sse.done(r);
    } catch (e) {
      sse.error((e as Error).message);
    }
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const resp = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    assert.equal(resp.headers.get('content-type'), 'text/event-stream');
    const events = (await resp.text()).trim().split('\n\n').map((block) => {
      const [ev, data] = block.split('\n');
      return { event: ev.slice('event: '.length), data: JSON.parse(data.slice('data: '.length)) };
    });
    assert.deepEqual(events.map((e) => e.event), ['chunk', 'chunk', 'done']);
    assert.deepEqual(events.slice(0, 2).map((e) => e.data.content), ['Once upon a time. ', 'The end.']);
    assert.equal(events[2].data.result, 'Once upon a time. The end.');
    assert.equal(events[2].data.tokens.total_tokens, 18);
    assert.ok(Math.abs(events[2].data.cost - (12 * 1 + 6 * 2) / 1e6) < 1e-12);
  } finally {
    server.close();
    await fake.close();
  }
});
