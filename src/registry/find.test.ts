// The reference finder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry, type Entry } from './entry.js';
import { findEntries } from './find.js';

const entries: Entry[] = [
  makeEntry({ id: 'app:hello', kind: 'function.lua', meta: { type: 'handler', tags: ['web', 'public'] } }),
  makeEntry({ id: 'app.api:list', kind: 'function.lua', meta: { type: 'handler', description: 'lists the API' } }),
  makeEntry({ id: 'app:rule1', kind: 'registry.entry', meta: { 'graph.rule': 'true', title: 'Rule one' } }),
  makeEntry({ id: 'app:rule2', kind: 'registry.entry', meta: { graph: { rule: true }, priority: 2 } }),
  makeEntry({ id: 'app:files', kind: 'fs.directory', meta: { sample: true, oauth_provider: 'github' } }),
  makeEntry({ id: 'app:db', kind: 'db.sql.sqlite', meta: {} }),
];

const ids = (criteria: Record<string, unknown>, warn?: (m: string) => void) => findEntries(entries, criteria, { warn }).map((e) => e.id);

test('entry attributes: .kind .ns .name .id, with * wildcards', () => {
  assert.deepEqual(ids({ '.kind': 'function.lua' }), ['app:hello', 'app.api:list']);
  assert.deepEqual(ids({ '.kind': 'function.lua', '.ns': 'app.api' }), ['app.api:list']);
  assert.deepEqual(ids({ '.name': 'hello' }), ['app:hello']);
  assert.deepEqual(ids({ '.id': 'app:db' }), ['app:db']);
  assert.deepEqual(ids({ '.kind': 'db.sql.*' }), ['app:db']);
  assert.deepEqual(ids({ '.id': 'app:rule*' }), ['app:rule1', 'app:rule2']);
  assert.deepEqual(ids({}), entries.map((e) => e.id));
});

test('meta paths reach nested maps and keys that contain dots; scalars compare as strings', () => {
  assert.deepEqual(ids({ 'meta.type': 'handler' }), ['app:hello', 'app.api:list']);
  assert.deepEqual(ids({ 'meta.graph.rule': 'true' }), ['app:rule1', 'app:rule2']);
  assert.deepEqual(ids({ 'meta.sample': 'true' }), ['app:files']);
  assert.deepEqual(ids({ 'meta.sample': true }), ['app:files']);
  assert.deepEqual(ids({ 'meta.priority': 2 }), ['app:rule2']);
  assert.deepEqual(ids({ 'meta.tags': 'public' }), ['app:hello']);
  assert.deepEqual(ids({ 'meta.missing': 'x' }), []);
  // a nested criteria table is the same as dotted keys
  assert.deepEqual(ids({ meta: { type: 'handler' }, '.ns': 'app' }), ['app:hello']);
});

test('unprefixed keys match meta, with a warning', () => {
  const warnings: string[] = [];
  assert.deepEqual(ids({ kind: 'registry.entry' }, (m) => warnings.push(m)), []);
  assert.deepEqual(ids({ type: 'handler' }, (m) => warnings.push(m)), ['app:hello', 'app.api:list']);
  assert.deepEqual(warnings, [
    `registry.find: key 'kind' has no prefix and is matched against meta; write 'meta.kind'`,
    `registry.find: key 'type' has no prefix and is matched against meta; write 'meta.type'`,
  ]);
});

test('operators: ~ regex, * contains, ^ prefix, $ suffix', () => {
  assert.deepEqual(ids({ '~meta.description': '.*API.*' }), ['app.api:list']);
  assert.deepEqual(ids({ '~.kind': '^(db|fs)\\.' }), ['app:files', 'app:db']);
  assert.deepEqual(ids({ '*meta.title': 'one' }), ['app:rule1']);
  assert.deepEqual(ids({ '*meta.tags': 'pub' }), ['app:hello']);
  // "has the field" idiom used by real apps
  assert.deepEqual(ids({ '*meta.oauth_provider': '*' }), ['app:files']);
  assert.deepEqual(ids({ '^meta.title': 'Rule' }), ['app:rule1']);
  assert.deepEqual(ids({ '$.name': 'list' }), ['app.api:list']);
  assert.throws(() => ids({ '~meta.title': '(' }), SyntaxError);
});
