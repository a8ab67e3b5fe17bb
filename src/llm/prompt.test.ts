// The `prompt` module: building a conversation (merging, function calls and results,
// clone/clear) and sending it with `llm.generate` to a real HTTP server speaking the OpenAI API.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import { startFakeOpenAI } from './testing/fake-openai.js';
import { cardsYaml } from './testing/cards.js';
import type { FakeServer } from './testing/fake-server.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from './lua-bridge.js';

let openai: FakeServer;
before(async () => {
  process.env.FAKE_OPENAI_KEY = 'k';
  openai = await startFakeOpenAI({ apiKey: 'k' });
});
after(() => openai.close());

async function run(lua: string): Promise<any> {
  const a = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['llm', 'prompt']),
    'src/models.yaml': cardsYaml({ openai: openai.url }, [{ name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o' }]),
    'src/main.lua': lua,
  });
  try {
    const r = await a.exec('app:main');
    if (r.error !== undefined) throw new Error(tostring(r.error));
    return toPlain(r.value);
  } finally {
    await a.stop();
  }
}

test('a prompt builder merges same-role text, records tool exchanges, clones and clears', async () => {
  const r = await run(`return { main = function()
    local p = prompt.with_system("Be brief.")
    p:add_system("Use metric units."):add_user("Hi"):add_user("How far is it?")
    p:add_function_call("distance", '{"to":"Oslo"}', "call_1")
    p:add_function_result("distance", { km = 42 }, "call_1")
    p:add_cache_marker("m1")
    local copy = p:clone()
    p:clear()
    return { now = #p:get_messages(), msgs = copy:build().messages }
  end }`);
  assert.equal(r.now, 0);
  assert.deepEqual(r.msgs, [
    { role: 'system', content: [{ type: 'text', text: 'Be brief.\n\nUse metric units.' }] },
    { role: 'user', content: [{ type: 'text', text: 'Hi\n\nHow far is it?' }] },
    { role: 'function_call', content: [], function_call: { name: 'distance', arguments: '{"to":"Oslo"}', id: 'call_1' } },
    { role: 'function_result', name: 'distance', function_call_id: 'call_1', content: [{ type: 'text', text: '{"km":42}' }] },
    { role: 'cache_marker', marker_id: 'm1' },
  ]);
});

test('llm.generate takes a prompt builder; the builder methods cannot be changed from Lua', async () => {
  openai.script({ text: 'It is 42 km.' });
  const n = openai.requests.length;
  const r = await run(`return { main = function()
    local p = prompt.new()
    p:add_system("Be brief."):add_user("How far is Oslo?")
    p:add_function_call("distance", '{"to":"Oslo"}', "call_1")
    p:add_function_result("distance", '{"km":42}', "call_1")
    local resp = assert(llm.generate(p, { model = "gpt-fake" }))
    local ok = pcall(function() getmetatable(p).__index.add_user = nil end)
    return { result = resp.result, tamper = ok }
  end }`);
  assert.deepEqual(r, { result: 'It is 42 km.', tamper: false });
  assert.deepEqual(openai.requests[n].body.messages.map((m: any) => m.role), ['system', 'user', 'assistant', 'tool']);
  assert.equal(openai.requests[n].body.messages[2].tool_calls[0].function.arguments, '{"to":"Oslo"}');
});
