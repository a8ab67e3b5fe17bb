// Boot rejects broken agent and model definitions, naming file, line and entry of each.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeApp } from '../system/testing.js';
import { loadApp, BootError } from '../system/boot.js';

test('agents with a missing model, tool, trait or delegate and models without a provider fail the boot', () => {
  const root = writeApp({
    'src/_index.yaml': `version: "1.0"
namespace: app
entries:
  - name: add
    kind: function.lua
    meta: { type: tool }
    source: "return { main = function() end }"
    method: main
  - name: plain
    kind: function.lua
    source: "return { main = function() end }"
    method: main
  - name: provider
    kind: registry.entry
    meta: { type: llm.provider }
    driver: { id: wippy.llm.openai:driver }
  - name: good_model
    kind: registry.entry
    meta: { type: llm.model, name: good }
    providers: [{ id: app:provider, provider_model: gpt }]
  - name: lost_model
    kind: registry.entry
    meta: { type: llm.model, name: lost }
    providers: [{ id: app:nowhere, provider_model: gpt }]
  - name: good
    kind: registry.entry
    meta: { type: agent.gen1 }
    model: good
    tools: [app:add, "app.other:*"]
  - name: broken
    kind: registry.entry
    meta: { type: agent.gen1 }
    tools: [app:plain]
    traits: [missing_trait]
    delegates: [{ id: app:nobody, name: ask }]
`,
  });
  let err: unknown;
  try {
    loadApp(root);
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof BootError);
  assert.deepEqual(err.problems, [
    'src/_index.yaml:21: entry app:lost_model: provider app:nowhere not found (a registry.entry with meta.type: llm.provider)',
    'src/_index.yaml:30: entry app:broken: agent needs a model (a model name or class)',
    'src/_index.yaml:30: entry app:broken: tool app:plain not found (a function entry with meta.type: tool)',
    'src/_index.yaml:30: entry app:broken: trait missing_trait not found (a registry.entry with meta.type: agent.trait)',
    'src/_index.yaml:30: entry app:broken: delegate agent app:nobody not found',
  ]);
});
