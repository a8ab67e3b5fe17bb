// The `llm` module against real HTTP servers speaking the OpenAI and Anthropic APIs
// (src/llm/testing/): generation, tools, structured output, streaming, embeddings, usage
// and cost, errors, and a model switch made in the live registry.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry, type TestApp } from '../system/testing.js';
import { startFakeOpenAI } from '../llm/testing/fake-openai.js';
import { startFakeAnthropic } from '../llm/testing/fake-anthropic.js';
import { cardsYaml } from '../llm/testing/cards.js';
import type { FakeServer } from '../llm/testing/fake-server.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from '../llm/lua-bridge.js';

let openai: FakeServer;
let anthropic: FakeServer;

before(async () => {
  process.env.FAKE_OPENAI_KEY = 'test-openai-key';
  openai = await startFakeOpenAI({ apiKey: 'test-openai-key' });
  anthropic = await startFakeAnthropic({ apiKey: 'test-anthropic-key' });
});
after(async () => {
  await openai.close();
  await anthropic.close();
});

const MODELS = [
  { name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o-mini', class: ['fast'], priority: 10, pricing: { input: 2, output: 8 } },
  { name: 'claude-fake', provider: 'claude', provider_model: 'claude-3-5-haiku', class: ['fast'], priority: 5, pricing: { input: 1, output: 5 } },
  { name: 'embed-fake', provider: 'openai', provider_model: 'text-embedding-3-small', dimensions: 4 },
];

async function app(lua: string, extraEntries = ''): Promise<TestApp> {
  return bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['llm', 'json', 'time']) + extraEntries,
    'src/models.yaml': cardsYaml({ openai: openai.url, anthropic: anthropic.url }, MODELS),
    'src/main.lua': lua,
  });
}

async function run(lua: string): Promise<unknown> {
  const a = await app(lua);
  try {
    const r = await a.exec('app:main');
    if (r.error !== undefined) throw new Error(tostring(r.error));
    return toPlain(r.value);
  } finally {
    await a.stop();
  }
}

test('generate sends the system prompt, messages and settings, and returns text, tokens and cost', async () => {
  openai.script({ text: 'Hello there!', usage: { input: 1000, output: 500 } });
  const n = openai.requests.length;
  const r = await run(`return { main = function()
    local resp, err = llm.generate({
      { role = "system", content = {{ type = "text", text = "Be brief." }} },
      { role = "user", content = {{ type = "text", text = "Hi" }} },
    }, { model = "gpt-fake", temperature = 0.2, max_tokens = 64 })
    assert(resp, err)
    return { result = resp.result, tokens = resp.tokens, finish = resp.finish_reason, cost = resp.cost,
             calls = #resp.tool_calls, usage = llm.usage() }
  end }`) as any;
  assert.equal(r.result, 'Hello there!');
  assert.equal(r.finish, 'stop');
  assert.equal(r.calls, 0);
  assert.deepEqual([r.tokens.prompt_tokens, r.tokens.completion_tokens, r.tokens.total_tokens], [1000, 500, 1500]);
  // 1000 * $2/M + 500 * $8/M
  assert.ok(Math.abs(r.cost - 0.006) < 1e-12);
  assert.equal(r.usage.calls, 1);
  assert.equal(r.usage.by_model['gpt-fake'].total_tokens, 1500);
  const body = openai.requests[n].body;
  assert.equal(body.model, 'gpt-4o-mini');
  assert.equal(body.temperature, 0.2);
  assert.equal(body.max_tokens, 64);
  assert.deepEqual(body.messages.map((m: any) => m.role), ['system', 'user']);
  assert.equal(body.messages[0].content, 'Be brief.');
});

test('a string prompt and a model class resolve to the highest-priority model of the class', async () => {
  openai.script({ text: 'first' }, { text: 'second' });
  const n = openai.requests.length, m = anthropic.requests.length;
  const r = await run(`return { main = function()
    local a = assert(llm.generate("hello", { model = "class:fast" }))
    local b = assert(llm.generate("hello", { model = "fast" }))
    return { a = a.result, b = b.result, model = b.model }
  end }`) as any;
  assert.deepEqual(r, { a: 'first', b: 'second', model: 'gpt-fake' });
  assert.equal(openai.requests.length, n + 2);
  assert.equal(anthropic.requests.length, m);
  assert.deepEqual(openai.requests[n].body.messages, [{ role: 'user', content: 'hello' }]);
});

test('tool calls come back with their original names and decoded arguments; results go back as tool messages', async () => {
  openai.script({ toolCalls: [{ id: 'call_1', name: 'weather.get', arguments: { city: 'Oslo' } }] }, { text: 'It is sunny in Oslo.' });
  const n = openai.requests.length;
  const r = await run(`return { main = function()
    local tools = {{ name = "weather.get", description = "Weather of a city",
      schema = { type = "object", properties = { city = { type = "string" } }, required = { "city" } } }}
    local msgs = {{ role = "user", content = "Weather in Oslo?" }}
    local first = assert(llm.generate(msgs, { model = "gpt-fake", tools = tools }))
    local tc = first.tool_calls[1]
    table.insert(msgs, { role = "function_call", function_call = { name = tc.name, arguments = tc.arguments, id = tc.id } })
    table.insert(msgs, { role = "function_result", name = tc.name, function_call_id = tc.id, content = json.encode({ sky = "sunny" }) })
    local second = assert(llm.generate(msgs, { model = "gpt-fake", tools = tools }))
    return { name = tc.name, city = tc.arguments.city, id = tc.id, finish = first.finish_reason, answer = second.result }
  end }`) as any;
  assert.deepEqual(r, { name: 'weather.get', city: 'Oslo', id: 'call_1', finish: 'tool_call', answer: 'It is sunny in Oslo.' });
  const sent = openai.requests[n].body;
  assert.equal(sent.tools[0].function.name, 'weather_get');
  assert.deepEqual(sent.tools[0].function.parameters.required, ['city']);
  const msgs = openai.requests[n + 1].body.messages;
  assert.equal(msgs[1].role, 'assistant');
  assert.equal(msgs[1].tool_calls[0].function.name, 'weather_get');
  assert.equal(msgs[2].role, 'tool');
  assert.equal(msgs[2].tool_call_id, 'call_1');
  assert.equal(msgs[2].content, '{"sky":"sunny"}');
});

test('structured output returns the decoded object and rejects one that does not match the schema', async () => {
  openai.script({ text: '{"name":"Ada","age":36}' }, { text: '{"name":"Bob"}' });
  const n = openai.requests.length;
  const r = await run(`return { main = function()
    local schema = { type = "object", properties = { name = { type = "string" }, age = { type = "number" } },
                     required = { "name", "age" }, additionalProperties = false }
    local ok = assert(llm.structured_output(schema, "Who?", { model = "gpt-fake" }))
    local bad, err = llm.structured_output(schema, "Who?", { model = "gpt-fake" })
    return { name = ok.result.name, age = ok.result.age, bad = bad == nil, err = err }
  end }`) as any;
  assert.equal(r.name, 'Ada');
  assert.equal(r.age, 36);
  assert.equal(r.bad, true);
  assert.match(r.err, /does not match the schema.*age/);
  assert.equal(openai.requests[n].body.response_format.type, 'json_schema');
  assert.deepEqual(openai.requests[n].body.response_format.json_schema.schema.required, ['name', 'age']);
});

for (const [provider, model] of [['OpenAI', 'gpt-fake'], ['Anthropic', 'claude-fake']]) {
  test(`streaming from ${provider} delivers chunks to the process in order and returns the whole response`, async () => {
    const server = provider === 'OpenAI' ? openai : anthropic;
    server.script({ chunks: ['One', ' two', ' three.', ' Four', ' five', ' six', ' seven', ' eight', ' nine', ' ten.'],
                    usage: { input: 7, output: 10 } });
    const r = await run(`return { main = function()
      local ch = process.listen("tokens")
      local got = {}
      local done = channel.new(1)
      coroutine.spawn(function()
        local resp, err = llm.generate("count", { model = "${model}", stream = { reply_to = process.pid(), topic = "tokens", buffer_size = 12 } })
        done:send({ resp = resp, err = err })
      end)
      local final
      while not final do
        local s = channel.select({ ch:case_receive(), done:case_receive() })
        if s.channel == done then final = s.value else table.insert(got, s.value) end
      end
      while true do
        local s = channel.select({ ch:case_receive() }, true)
        if s.default then break end
        table.insert(got, s.value)
      end
      assert(final.resp, final.err)
      return { chunks = got, result = final.resp.result, total = final.resp.tokens.total_tokens }
    end }`) as any;
    assert.equal(r.result, 'One two three. Four five six seven eight nine ten.');
    assert.equal(r.total, 17);
    assert.ok(r.chunks.length >= 2, 'text arrives in more than one chunk');
    assert.ok(r.chunks.every((c: any) => c.type === 'chunk'));
    assert.equal(r.chunks.map((c: any) => c.content).join(''), r.result);
    assert.equal(r.chunks[0].content, 'One two three.');
  });
}

test('Anthropic: system prompt, tool calls and usage through the Messages API', async () => {
  anthropic.script({ text: 'Let me check.', toolCalls: [{ id: 'toolu_1', name: 'lookup', arguments: { q: 'x' } }], usage: { input: 20, output: 4 } });
  const n = anthropic.requests.length;
  const r = await run(`return { main = function()
    local resp = assert(llm.generate({
      { role = "system", content = "You are terse." },
      { role = "user", content = "look up x" },
    }, { model = "claude-fake", max_tokens = 100, tools = {{ name = "lookup", description = "Look up",
         schema = { type = "object", properties = { q = { type = "string" } } } }} }))
    return { result = resp.result, name = resp.tool_calls[1].name, q = resp.tool_calls[1].arguments.q,
             finish = resp.finish_reason, prompt = resp.tokens.prompt_tokens, cost = resp.cost }
  end }`) as any;
  assert.deepEqual({ ...r, cost: undefined }, { result: 'Let me check.', name: 'lookup', q: 'x', finish: 'tool_call', prompt: 20, cost: undefined });
  assert.ok(Math.abs(r.cost - (20 * 1 + 4 * 5) / 1e6) < 1e-12);
  const body = anthropic.requests[n].body;
  assert.equal(body.model, 'claude-3-5-haiku');
  assert.equal(body.max_tokens, 100);
  assert.deepEqual(body.system, [{ type: 'text', text: 'You are terse.' }]);
  assert.equal(body.tools[0].name, 'lookup');
  assert.equal(anthropic.requests[n].headers['x-api-key'], 'test-anthropic-key');
});

test('embed returns one vector per text at the model card dimensions', async () => {
  const r = await run(`return { main = function()
    local one = assert(llm.embed("hello world", { model = "embed-fake" }))
    local many = assert(llm.embed({ "a", "b", "a" }, { model = "embed-fake" }))
    return { one = one.result, many = many.result, tokens = many.tokens }
  end }`) as any;
  assert.equal(r.one.length, 4);
  assert.equal(r.many.length, 3);
  assert.deepEqual(r.many[0], r.many[2]);
  assert.notDeepEqual(r.many[0], r.many[1]);
  assert.equal(r.tokens, 3);
});

test('errors come back as strings: unknown model, rejected API key, provider error', async () => {
  openai.script({ error: { status: 400, message: 'context too long' } });
  const r = await run(`return { main = function()
    local _, e1 = llm.generate("x", { model = "nope" })
    local _, e2 = llm.generate("x", {})
    local _, e3 = llm.generate("x", { model = "gpt-fake" })
    return { e1 = e1, e2 = e2, e3 = e3, t = type(e3) }
  end }`) as any;
  process.env.FAKE_OPENAI_KEY = 'wrong-key';
  const denied = await run(`return { main = function()
    local resp, err = llm.generate("x", { model = "gpt-fake" })
    return { resp = resp == nil, err = err }
  end }`).finally(() => { process.env.FAKE_OPENAI_KEY = 'test-openai-key'; }) as any;
  assert.equal(denied.resp, true);
  assert.match(denied.err, /invalid api key/);
  assert.equal(r.e1, 'Model or class not found: nope');
  assert.equal(r.e2, 'model is required');
  assert.equal(r.t, 'string');
  assert.match(r.e3, /context too long/);
});

test('a model switched in the live registry is used by the next call', async () => {
  openai.script({ text: 'openai answer' });
  anthropic.script({ text: 'anthropic answer' });
  const a = await app(`return { main = function()
    local r = assert(llm.generate("hi", { model = "gpt-fake" }))
    return r.result
  end }`);
  try {
    assert.equal(tostring((await a.exec('app:main')).value), 'openai answer');
    const card = a.app.registry.get('models:gpt_fake')!;
    const res = a.app.registry.apply([{ op: 'update', entry: { ...card,
      data: { ...card.data, providers: [{ id: 'models:claude', provider_model: 'claude-3-5-sonnet' }] } } }]);
    assert.ok(res.ok);
    const n = anthropic.requests.length;
    assert.equal(tostring((await a.exec('app:main')).value), 'anthropic answer');
    assert.equal(anthropic.requests[n].body.model, 'claude-3-5-sonnet');
  } finally {
    await a.stop();
  }
});

test('Anthropic structured output: the answer comes through the json tool and is validated', async () => {
  anthropic.script({ toolCalls: [{ name: 'json', arguments: { city: 'Oslo', days: 3 } }] });
  const n = anthropic.requests.length;
  const r = await run(`return { main = function()
    local schema = { type = "object", properties = { city = { type = "string" }, days = { type = "integer" } }, required = { "city", "days" } }
    local resp = assert(llm.structured_output(schema, "Plan a trip", { model = "claude-fake" }))
    return resp.result
  end }`) as any;
  assert.deepEqual(r, { city: 'Oslo', days: 3 });
  assert.deepEqual(anthropic.requests[n].body.tools[0].input_schema.required, ['city', 'days']);
});

test('a process killed while waiting for the model aborts the request and nothing else waits', async () => {
  openai.script({ text: 'too late', delayMs: 5000 });
  const a = await app(`return { main = function()
    local resp, err = llm.generate("slow", { model = "gpt-fake" })
    return resp and resp.result or err
  end }`);
  try {
    const before = openai.abandoned;
    const n = openai.requests.length;
    const p = a.app.runtime.spawn(undefined, 'app:main', 'app:processes', [], {});
    assert.ok(!('kind' in p));
    const until = Date.now() + 3000;
    while (openai.requests.length === n && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    assert.equal(openai.requests.length, n + 1);
    const started = Date.now();
    p.exit({ value: undefined });
    while (openai.abandoned === before && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 10));
    assert.equal(openai.abandoned, before + 1, 'the HTTP request was aborted');
    assert.ok(Date.now() - started < 2000);
  } finally {
    await a.stop();
  }
});

test('thinking_effort becomes an Anthropic thinking budget and an OpenAI reasoning effort', async () => {
  anthropic.script({ text: 'a' });
  openai.script({ text: 'b' });
  const na = anthropic.requests.length, no = openai.requests.length;
  await run(`return { main = function()
    assert(llm.generate("think", { model = "claude-fake", thinking_effort = 50, max_tokens = 100 }))
    assert(llm.generate("think", { model = "gpt-fake", thinking_effort = 50 }))
  end }`);
  const a = anthropic.requests[na].body;
  assert.deepEqual(a.thinking, { type: 'enabled', budget_tokens: 12512 });
  assert.equal(a.max_tokens, 12512 + 100); // the budget plus the answer's max_tokens
  assert.equal(openai.requests[no].body.reasoning_effort, 'medium');
});

test('available_models lists the model cards, filtered by capability', async () => {
  const r = await run(`return { main = function()
    local names = {}
    for _, m in ipairs(llm.available_models()) do table.insert(names, m.name) end
    table.sort(names)
    local gpt
    for _, m in ipairs(llm.available_models("embed")) do if m.name == "gpt-fake" then gpt = m end end
    return { names = names, vision = #llm.available_models("vision"), classes = #llm.get_classes(),
             price = gpt.pricing.output, provider = gpt.providers[1].id }
  end }`) as any;
  assert.deepEqual(r, { names: ['claude-fake', 'embed-fake', 'gpt-fake'], vision: 0, classes: 0, price: 8, provider: 'models:openai' });
});

test('a provider card reads OS variables only through declared env variables or the default key names', async () => {
  // LEAKY_SECRET holds the right key, but no env.variable declares it: a card naming it
  // directly must not make the key leave the process
  process.env.LEAKY_SECRET = 'test-openai-key';
  const a = await app(`return { main = function()
    local resp, err = llm.generate("x", { model = "leaky" })
    return err
  end }`, `  - name: leaky
    kind: registry.entry
    meta: { type: llm.provider }
    driver: { id: wippy.llm.openai_compat:driver, options: { base_url: "${openai.url}", api_key_env: LEAKY_SECRET } }
  - name: leaky_model
    kind: registry.entry
    meta: { type: llm.model, name: leaky }
    providers: [{ id: app:leaky, provider_model: m }]
`);
  try {
    const n = openai.requests.length;
    const r = await a.exec('app:main');
    assert.match(tostring(r.value), /invalid api key/);
    assert.notEqual(openai.requests[n].headers.authorization, 'Bearer test-openai-key');
  } finally {
    delete process.env.LEAKY_SECRET;
    await a.stop();
  }
});
