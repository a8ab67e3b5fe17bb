// Text splitters: chunk size and overlap limits, separator preference, markdown sections.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitMarkdown, splitRecursive } from './text.js';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from '../llm/lua-bridge.js';

const opts = (size: number, overlap: number) => ({ size, overlap, separators: ['\n\n', '\n', ' ', ''], keepSeparator: false });

test('recursive splitting prefers paragraphs, keeps every chunk within chunk_size and loses no words', () => {
  const para = (n: number) => Array.from({ length: 12 }, (_, i) => `w${n}_${i}`).join(' ');
  const text = [para(1), para(2), para(3)].join('\n\n');
  const chunks = splitRecursive(text, opts(80, 0));
  assert.ok(chunks.every((c) => c.length <= 80), JSON.stringify(chunks));
  assert.deepEqual(chunks.join(' ').split(/\s+/), text.split(/\s+/));
  // a paragraph that fits is one chunk on its own
  assert.deepEqual(splitRecursive('short one\n\nshort two', opts(12, 0)), ['short one', 'short two']);
});

test('chunk_overlap repeats the tail of a chunk at the start of the next', () => {
  const words = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
  const chunks = splitRecursive(words, opts(40, 15));
  assert.ok(chunks.length > 2);
  for (let i = 1; i < chunks.length; i++) {
    // the new chunk starts with words that end the previous one, at most 15 characters of them
    const head = chunks[i].split(' ').filter((w) => chunks[i - 1].split(' ').includes(w)).join(' ');
    assert.ok(head.length > 0 && head.length <= 15 && chunks[i - 1].endsWith(head) && chunks[i].startsWith(head), `${chunks[i - 1]} | ${chunks[i]}`);
    assert.ok(chunks[i].length <= 40);
  }
});

test('a word longer than chunk_size is cut into characters', () => {
  assert.deepEqual(splitRecursive('abcdefghij', opts(4, 0)), ['abcd', 'efgh', 'ij']);
});

test('markdown splitting starts sections at headings and keeps a fenced block whole', () => {
  const md = '# A\nintro text\n## B\nmore\n```\n# not a heading\ncode\n```\n# C\nend';
  const o = { ...opts(200, 0), markdown: { codeBlocks: true } };
  assert.deepEqual(splitMarkdown(md, o), ['# A\nintro text', '## B\nmore\n```\n# not a heading\ncode\n```', '# C\nend']);
});

test('text.splitter from Lua: split_text, split_batch with metadata, bad options as errors', async () => {
  const a = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['text']),
    'src/main.lua': `return { main = function()
      local s = text.splitter.recursive({ chunk_size = 10, chunk_overlap = 0 })
      local chunks = s:split_text("alpha beta gamma delta")
      local batch = s:split_batch({ { content = "one two three", metadata = { page = 7 } } })
      local _, err = text.splitter.recursive({ chunk_size = 10, chunk_overlap = 10 })
      return { chunks = chunks, first = batch[1].content, page = batch[#batch].metadata.page, n = #batch, err = err:kind() }
    end }`,
  });
  try {
    const r = await a.exec('app:main');
    if (r.error !== undefined) throw new Error(tostring(r.error));
    assert.deepEqual(toPlain(r.value), { chunks: ['alpha beta', 'gamma', 'delta'], first: 'one two', page: 7, n: 2, err: 'Invalid' });
  } finally {
    await a.stop();
  }
});
