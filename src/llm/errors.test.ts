// Failures of model calls: a streamed call that fails sends an error chunk and fails with the
// provider's message and type; server errors are retried unless `retry.attempts = 0`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakeOpenAI } from './testing/fake-openai.js';
import { LlmService } from './service.js';
import { LlmError } from './generate.js';
import type { StreamChunk } from './stream.js';

async function service() {
  const fake = await startFakeOpenAI();
  const cards = [
    { id: 'm:p', kind: 'registry.entry', meta: { type: 'llm.provider' },
      data: { driver: { id: 'wippy.llm.openai_compat:driver', options: { base_url: fake.url, api_key: 'x' } } } },
    { id: 'm:m', kind: 'registry.entry', meta: { type: 'llm.model', name: 'm' }, data: { providers: [{ id: 'm:p', provider_model: 'x' }] } },
  ];
  const s = new LlmService({ get: (id) => cards.find((c) => c.id === id), all: () => cards }, { app: () => undefined, os: () => undefined });
  return { fake, s };
}

test('a failed streamed call sends an error chunk and fails with the provider message', async () => {
  const { fake, s } = await service();
  try {
    fake.script({ error: { status: 500, message: 'overloaded' } });
    const chunks: StreamChunk[] = [];
    await assert.rejects(s.generate([{ role: 'user', content: 'x' }], { model: 'm', retry: { attempts: 0 } }, { onChunk: (c) => chunks.push(c) }),
      (e: unknown) => e instanceof LlmError && e.type === 'server_error' && /overloaded/.test(e.message));
    assert.equal(chunks.length, 1);
    const c = chunks[0] as Extract<StreamChunk, { type: 'error' }>;
    assert.equal(c.type, 'error');
    assert.equal(c.error.type, 'server_error');
    assert.match(c.error.message, /overloaded/);
    assert.equal(fake.requests.length, 1);
  } finally {
    await fake.close();
  }
});

test('a server error is retried by default and the retried call succeeds', async () => {
  const { fake, s } = await service();
  try {
    fake.script({ error: { status: 503, message: 'try later' } }, { text: 'ok' });
    const r = await s.generate([{ role: 'user', content: 'x' }], { model: 'm' });
    assert.equal(r.result, 'ok');
    assert.equal(fake.requests.length, 2);
    assert.equal(s.usage.totals().calls, 1);
  } finally {
    await fake.close();
  }
});
