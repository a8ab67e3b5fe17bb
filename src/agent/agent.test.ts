// Agents against a real HTTP server speaking the OpenAI API (src/llm/testing/): an agent
// answers with its compiled prompt, calls tools (function entries), delegates to another
// agent, counts usage, keeps its conversation in SQLite, and stops at its step limit.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, HOSTS, luaEntry, type TestApp } from '../system/testing.js';
import { startFakeOpenAI } from '../llm/testing/fake-openai.js';
import { cardsYaml } from '../llm/testing/cards.js';
import type { FakeServer } from '../llm/testing/fake-server.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from '../llm/lua-bridge.js';
import { ConversationStore } from './store.js';

let openai: FakeServer;
before(async () => {
  process.env.FAKE_OPENAI_KEY = 'k';
  openai = await startFakeOpenAI({ apiKey: 'k' });
});
after(() => openai.close());

const AGENTS = `version: "1.0"
namespace: app
entries:
  - name: add
    kind: function.lua
    meta:
      type: tool
      llm_description: Add two numbers
      input_schema: '{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"]}'
    source: file://add.lua
    method: main
    modules: [ctx]
  - name: polite
    kind: registry.entry
    meta: { type: agent.trait, name: polite }
    prompt: Always say please.
    prompt_func_id: app:mood
  - name: mood
    kind: function.lua
    source: "return { main = function() return 'Mood: ' .. ctx.get('agent_id') end }"
    method: main
    modules: [ctx]
  - name: assistant
    kind: registry.entry
    meta: { type: agent.gen1, name: assistant, comment: A helpful assistant }
    prompt: You are a helpful assistant.
    model: gpt-fake
    max_tokens: 200
    tools: [app:add]
    traits: [polite]
    memory: [The user likes tea]
    context: { unit: apples }
    delegates:
      - { id: app:mathematician, name: ask_math, rule: hard math questions }
    agent_options: { max_steps: 3 }
  - name: dynamic
    kind: registry.entry
    meta: { type: agent.trait, name: dynamic }
    prompt: Static part.
    build_func_id: app:build_dynamic
  - name: build_dynamic
    kind: function.lua
    source: "return { main = function(prompt, c) return { prompt = 'Built for ' .. c.agent_id .. ' after: ' .. prompt, tools = { 'app:add' } } end }"
    method: main
  - name: built
    kind: registry.entry
    meta: { type: agent.gen1 }
    prompt: Base.
    model: gpt-fake
    traits: [dynamic]
  - name: mathematician
    kind: registry.entry
    meta: { type: agent.gen1, name: mathematician }
    prompt: You solve math.
    model: gpt-fake
`;

async function app(): Promise<TestApp> {
  return bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['agent', 'json']) + luaEntry('history', 'history.lua', ['agent']),
    'src/history.lua': `return { main = function(id)
      local out = {}
      for _, m in ipairs(agent.history(id)) do table.insert(out, m.role .. ": " .. m.content[1].text) end
      return table.concat(out, " | ")
    end }`,
    'src/agents.yaml': AGENTS,
    'src/models.yaml': cardsYaml({ openai: openai.url }, [
      { name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o', pricing: { input: 3, output: 15 } }]),
    'src/add.lua': `return { main = function(args) return { sum = args.a + args.b, unit = ctx.get("unit") } end }`,
    'src/main.lua': `return { main = function(input, conversation, id)
      local r, err = agent.run(id or "app:assistant", input, { conversation_id = conversation })
      if not r then return { error = err } end
      return r
    end }`,
  });
}

async function ask(a: TestApp, input: string, conversation?: string, agentId?: string): Promise<any> {
  const r = await a.exec('app:main', input, conversation, agentId);
  if (r.error !== undefined) throw new Error(tostring(r.error));
  return toPlain(r.value);
}

const text = (m: any) => (typeof m.content === 'string' ? m.content : m.content?.map((p: any) => p.text).join(''));

test('an agent answers with its prompt, trait prompt and memory, and keeps the conversation', async () => {
  const a = await app();
  try {
    openai.script({ text: 'Hello! Please have some tea.', usage: { input: 100, output: 10 } }, { text: 'You said hi.' });
    const n = openai.requests.length;
    const r = await ask(a, 'hi');
    assert.equal(r.result, 'Hello! Please have some tea.');
    assert.equal(r.steps, 1);
    const body = openai.requests[n].body;
    assert.equal(body.model, 'gpt-4o');
    assert.equal(body.max_tokens, 200);
    assert.equal(text(body.messages[0]),
      'You are a helpful assistant.\n\nAlways say please.\n\n## Your memory contains:\n- The user likes tea\n\nMood: app:assistant');
    assert.deepEqual(body.tools.map((t: any) => t.function.name), ['add', 'ask_math']);
    assert.equal(body.tools[1].function.description, 'Forward the request to hard math questions');
    // the second run continues the stored conversation
    const r2 = await ask(a, 'what did I say?', r.conversation_id);
    assert.equal(r2.conversation_id, r.conversation_id);
    assert.deepEqual(openai.requests[n + 1].body.messages.slice(1).map((m: any) => [m.role, text(m)]), [
      ['user', 'hi'], ['assistant', 'Hello! Please have some tea.'], ['user', 'what did I say?']]);
    const db = join(a.app.runtime.root!, '.wippy', 'agents.db');
    assert.ok(existsSync(db));
    const history = new ConversationStore(db).messages(r.conversation_id);
    assert.deepEqual(history.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    const fromLua = await a.exec('app:history', r.conversation_id);
    assert.equal(tostring(fromLua.value),
      'user: hi | assistant: Hello! Please have some tea. | user: what did I say? | assistant: You said hi.');
  } finally {
    await a.stop();
  }
});

test('an agent calls a tool function with its context and answers from the result; usage adds up', async () => {
  const a = await app();
  try {
    openai.script(
      { toolCalls: [{ id: 'c1', name: 'add', arguments: { a: 2, b: 3 } }], usage: { input: 50, output: 5 } },
      { text: 'You have 5 apples.', usage: { input: 80, output: 7 } });
    const n = openai.requests.length;
    const r = await ask(a, 'add 2 and 3');
    assert.equal(r.result, 'You have 5 apples.');
    assert.equal(r.steps, 2);
    assert.deepEqual(r.tool_calls, [{ name: 'add', arguments: { a: 2, b: 3 }, result: { sum: 5, unit: 'apples' } }]);
    assert.deepEqual(r.tokens, { prompt_tokens: 130, completion_tokens: 12, thinking_tokens: 0, total_tokens: 142 });
    assert.ok(Math.abs(r.cost - (130 * 3 + 12 * 15) / 1e6) < 1e-12);
    const msgs = openai.requests[n + 1].body.messages;
    const tool = msgs.find((m: any) => m.role === 'tool');
    assert.equal(tool.tool_call_id, 'c1');
    assert.deepEqual(JSON.parse(tool.content), { sum: 5, unit: 'apples' });
  } finally {
    await a.stop();
  }
});

test('an agent delegates to another agent and answers with its reply', async () => {
  const a = await app();
  try {
    openai.script(
      { toolCalls: [{ id: 'd1', name: 'ask_math', arguments: { message: 'what is 6*7?' } }] },
      { text: '42' },
      { text: 'The mathematician says 42.' });
    const n = openai.requests.length;
    const r = await ask(a, 'what is 6*7?');
    assert.equal(r.result, 'The mathematician says 42.');
    assert.deepEqual(r.tool_calls, [{ name: 'ask_math', arguments: { message: 'what is 6*7?' }, agent_id: 'app:mathematician', result: '42' }]);
    const delegate = openai.requests[n + 1].body;
    assert.equal(text(delegate.messages[0]), 'You solve math.');
    assert.deepEqual(delegate.messages.slice(1).map((m: any) => [m.role, text(m)]), [['user', 'what is 6*7?']]);
    assert.equal(delegate.tools, undefined);
    assert.equal(JSON.parse(openai.requests[n + 2].body.messages.find((m: any) => m.role === 'tool').content), '42');
    assert.equal(r.tokens.total_tokens, 45); // three calls at the default 10 + 5
  } finally {
    await a.stop();
  }
});

test('a run that keeps calling tools stops at the step limit with an error; a tool error goes back to the model', async () => {
  const a = await app();
  try {
    const loop = { toolCalls: [{ name: 'add', arguments: { a: 'x' } }] };
    openai.script(loop, loop, loop);
    const n = openai.requests.length;
    const r = await ask(a, 'loop');
    assert.match(r.error, /no answer within 3 steps/);
    assert.equal(openai.requests.length, n + 3);
    const tool = openai.requests[n + 1].body.messages.find((m: any) => m.role === 'tool');
    assert.match(JSON.parse(tool.content).error, /arithmetic on/);
  } finally {
    await a.stop();
  }
});

test('a changed agent definition is used by the next run', async () => {
  const a = await app();
  try {
    const e = a.app.registry.get('app:mathematician')!;
    assert.ok(a.app.registry.apply([{ op: 'update', entry: { ...e, data: { ...e.data, prompt: 'You are a calculator.' } } }]).ok);
    openai.script({ text: '1' });
    const n = openai.requests.length;
    const r = await ask(a, '0+1', undefined, 'app:mathematician');
    assert.equal(r.result, '1');
    assert.equal(text(openai.requests[n].body.messages[0]), 'You are a calculator.');
  } finally {
    await a.stop();
  }
});

test('tool calls cut off by the token limit are not run: the model is asked again', async () => {
  const a = await app();
  try {
    openai.script({ toolCalls: [{ id: 't1', name: 'add', arguments: { a: 1 } }], finish: 'length' }, { text: 'Done.' });
    const n = openai.requests.length;
    const r = await ask(a, 'add');
    assert.equal(r.result, 'Done.');
    assert.deepEqual(r.tool_calls, []);
    const msgs = openai.requests[n + 1].body.messages;
    assert.match(text(msgs[msgs.length - 1]), /cut off by the output token limit/);
  } finally {
    await a.stop();
  }
});

test('a streamed agent run delivers tool calls and text to the process in order', async () => {
  const a = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['agent']),
    'src/agents.yaml': AGENTS,
    'src/models.yaml': cardsYaml({ openai: openai.url }, [{ name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o' }]),
    'src/add.lua': `return { main = function(args) return { sum = args.a + args.b } end }`,
    'src/main.lua': `return { main = function()
      local ch = process.listen("s")
      local done = channel.new(1)
      coroutine.spawn(function()
        local r, err = agent.run("app:assistant", "add", { stream = { reply_to = process.pid(), topic = "s" } })
        done:send(r or err)
      end)
      local got, final = {}, nil
      while not final do
        local s = channel.select({ ch:case_receive(), done:case_receive() })
        if s.channel == done then final = s.value else table.insert(got, s.value) end
      end
      while true do
        local s = channel.select({ ch:case_receive() }, true)
        if s.default then break end
        table.insert(got, s.value)
      end
      local seen = {}
      for _, c in ipairs(got) do table.insert(seen, c.type .. ":" .. (c.content or c.name)) end
      return { seen = seen, result = final.result }
    end }`,
  });
  try {
    openai.script({ chunks: ['Let me add.'], toolCalls: [{ id: 's1', name: 'add', arguments: { a: 1, b: 2 } }] },
                  { chunks: ['The sum ', 'is 3.'] });
    const r = await a.exec('app:main');
    assert.equal(r.error, undefined, tostring(r.error));
    assert.deepEqual(toPlain(r.value), {
      seen: ['chunk:Let me add.', 'tool_call:add', 'chunk:The sum is 3.'],
      result: 'The sum is 3.',
    });
  } finally {
    await a.stop();
  }
});

test('a trait build function contributes prompt text and tools', async () => {
  const a = await app();
  try {
    openai.script({ text: 'ok' });
    const n = openai.requests.length;
    const r = await ask(a, 'hi', undefined, 'app:built');
    assert.equal(r.result, 'ok');
    const body = openai.requests[n].body;
    assert.equal(text(body.messages[0]), 'Base.\n\nStatic part.\n\nBuilt for app:built after: Static part.');
    assert.deepEqual(body.tools.map((t: any) => t.function.name), ['add']);
  } finally {
    await a.stop();
  }
});
