// Tool resolution for agents: names (alias > llm_alias > sanitized entry name), descriptions,
// schemas with a placeholder when empty, and `ns:*` wildcards over the registry's entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveToolRef, sanitizeToolName, toolSchema } from './tools.js';
import type { CardEntry } from '../llm/cards.js';

const entries: CardEntry[] = [
  { id: 'tools:GetWeather', kind: 'function.lua', meta: { type: 'tool', comment: 'from comment', llm_description: 'Weather now' }, data: {} },
  { id: 'tools:search', kind: 'function.lua', meta: { type: 'tool', llm_alias: 'find', description: 'Search',
    input_schema: '{"type":"object","properties":{"q":{"type":"string"}}}' }, data: {} },
  { id: 'tools:helper', kind: 'function.lua', meta: {}, data: {} },
  { id: 'other:x', kind: 'function.lua', meta: { type: 'tool' }, data: {} },
];
const src = { get: (id: string) => entries.find((e) => e.id === id), all: () => entries };

test('tool names: CamelCase and punctuation become snake_case', () => {
  assert.equal(sanitizeToolName('ns:GetWeather'), 'get_weather');
  assert.equal(sanitizeToolName('ns:list.items--all'), 'list_items_all');
  assert.equal(sanitizeToolName('ns:_private'), 'private');
});

test('schemas: JSON text is decoded; a missing or empty schema gets a placeholder property', () => {
  assert.deepEqual(toolSchema('{"type":"object","properties":{"a":{"type":"number"}}}'),
    { type: 'object', properties: { a: { type: 'number' } } });
  assert.deepEqual(toolSchema(undefined), { type: 'object', properties: { placeholder: { type: 'object' } } });
  assert.deepEqual(toolSchema({ type: 'object', properties: {} }), { type: 'object', properties: { placeholder: { type: 'object' } } });
});

test('references: alias beats llm_alias beats the entry name; wildcards take the tools of a namespace only', () => {
  const ctx = { agent_id: 'a:b' };
  const [w] = resolveToolRef(src, 'tools:GetWeather', 'a:b', ctx);
  assert.deepEqual([w.name, w.description, w.registry_id], ['get_weather', 'Weather now', 'tools:GetWeather']);
  const [s] = resolveToolRef(src, 'tools:search', 'a:b', ctx);
  assert.deepEqual([s.name, s.description], ['find', 'Search']);
  const [aliased] = resolveToolRef(src, { id: 'tools:search', alias: 'lookup', description: 'Look it up', context: { k: 1 } }, 'a:b', ctx);
  assert.deepEqual([aliased.name, aliased.description, aliased.context], ['lookup', 'Look it up', { agent_id: 'a:b', k: 1 }]);
  assert.deepEqual(resolveToolRef(src, 'tools:*', 'a:b', ctx).map((t) => t.name).sort(), ['find', 'get_weather']);
  assert.throws(() => resolveToolRef(src, 'tools:helper', 'a:b', ctx), /a:b: tool tools:helper not found/);
});
