// An app written for the reference framework (an ns.dependency on wippy/llm, imports of
// wippy.llm:llm and wippy.llm:prompt, a model card on wippy.llm.openai:provider, the key in
// a declared env variable) runs unmodified on the built-in stand-ins, against the fake
// OpenAI server; an installed package is never shadowed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp } from '../system/testing.js';
import { startFakeOpenAI } from './testing/fake-openai.js';
import { frameworkStandIns } from './framework.js';
import { makeEntry } from '../registry/entry.js';
import { tostring } from '../lua/runtime/ops.js';

const APP = `version: "1.0"
namespace: app
entries:
  - name: dep_llm
    kind: ns.dependency
    component: wippy/llm
    version: "*"
    parameters:
      - { name: env_storage, value: app:dotenv }
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: dotenv
    kind: env.storage.file
    file_path: ./.env
  - name: openai_key
    kind: env.variable
    variable: OPENAI_API_KEY
    storage: app:dotenv
  - name: mini
    kind: registry.entry
    meta: { type: llm.model, name: mini, class: [fast], priority: 10, capabilities: [generate] }
    providers:
      - id: wippy.llm.openai:provider
        provider_model: gpt-4o-mini
        options: { temperature: 0.3 }
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    imports:
      llm: wippy.llm:llm
      prompt: wippy.llm:prompt
`;

test('a framework-style app runs on the built-in llm and prompt stand-ins', async () => {
  const fake = await startFakeOpenAI({ apiKey: 'sk-from-dotenv', replies: [{ text: 'Hello from the stand-in.' }] });
  const saved = process.env.OPENAI_BASE_URL;
  process.env.OPENAI_BASE_URL = fake.url;
  const a = await bootApp({
    'src/_index.yaml': APP,
    '.env': 'OPENAI_API_KEY=sk-from-dotenv\n',
    'src/main.lua': `local llm = require("llm")
local prompt = require("prompt")
return { main = function()
  local p = prompt.new()
  p:add_system("Be kind.")
  p:add_user("Hi")
  local r, err = llm.generate(p, { model = "class:fast" })
  if err then return "error: " .. err end
  return r.result .. " " .. r.tokens.total_tokens
end }`,
  });
  try {
    const r = await a.exec('app:main');
    assert.equal(r.error, undefined, tostring(r.error));
    assert.equal(tostring(r.value), 'Hello from the stand-in. 15');
    const body = fake.requests[0].body;
    assert.equal(body.model, 'gpt-4o-mini');
    assert.equal(body.temperature, 0.3);
    assert.deepEqual(body.messages.map((m: any) => m.role), ['system', 'user']);
  } finally {
    if (saved === undefined) delete process.env.OPENAI_BASE_URL;
    else process.env.OPENAI_BASE_URL = saved;
    await a.stop();
    await fake.close();
  }
});

test('stand-ins are added only for an app that depends on the package and does not have it', () => {
  const dep = makeEntry({ id: 'app:dep', kind: 'ns.dependency', data: { component: 'wippy/llm' } });
  assert.deepEqual(frameworkStandIns([dep]).map((e) => e.id), [
    'wippy.llm:llm', 'wippy.llm:prompt', 'wippy.llm.openai:provider', 'wippy.llm.openai_compat:provider', 'wippy.llm.claude:provider']);
  assert.deepEqual(frameworkStandIns([]), []);
  const installed = makeEntry({ id: 'wippy.llm:llm', kind: 'library.lua', data: {} });
  assert.deepEqual(frameworkStandIns([dep, installed]), []);
});
