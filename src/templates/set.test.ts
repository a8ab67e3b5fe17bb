// Template sets: name resolution like paths with optional extensions, and the compiled
// template cache (kept while the source text is the same, skipped in development mode).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textToBytes } from '../lua/runtime/values.js';
import { TemplateSet } from './set.js';

function mutableSet(developmentMode: boolean) {
  const src = new Map<string, string>([['page', 'v1'], ['mail.html.jet', 'mail']]);
  const set = new TemplateSet({ get: (n) => src.get(n), names: () => src.keys() }, { developmentMode });
  return { src, set };
}

test('a compiled template is reused while its text is unchanged, and compiled again when it changes', () => {
  const { src, set } = mutableSet(false);
  const first = set.load('page');
  assert.equal(set.load('page'), first);
  assert.equal(set.load('./page.jet'), first, 'the same template under another spelling of its name');
  src.set('page', textToBytes('v2'));
  const second = set.load('page');
  assert.notEqual(second, first);
  assert.deepEqual(second.body, [{ k: 'text', text: 'v2' }]);
});

test('development mode compiles on every use', () => {
  const { set } = mutableSet(true);
  assert.notEqual(set.load('page'), set.load('page'));
});

test('names resolve with or without the set\'s extensions and leading ./ or /', () => {
  const { set } = mutableSet(false);
  for (const n of ['mail', '/mail', './mail.html.jet', 'mail.html.jet']) assert.equal(set.has(n), true, n);
  assert.equal(set.has('mail.txt'), false);
  const custom = new TemplateSet({ get: (n) => (n === 'a.tpl' ? 'x' : undefined), names: () => ['a.tpl'] }, { extensions: ['.tpl'] });
  assert.equal(custom.has('a'), true);
  assert.equal(custom.has('a.jet'), false);
});
