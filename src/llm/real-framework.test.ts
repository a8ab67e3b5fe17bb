// The reference framework's own Lua (wippy/llm, wippy/agent, wippy/test), unmodified, on this
// runtime. Its sources are not part of this repository: the tests extract them from the local
// git mirror and are skipped, saying so, when the mirror is absent. The packages are vendored
// unpacked under .wippy/vendor/wippy/<module> (symlinks into the extracted tree), exactly as
// an app with `options.unpack_modules` would have them.
//
// Covered: llm.generate, tool calls, structured output and streaming through the framework's
// own openai_compat and claude drivers against our fake provider servers; an agent
// (wippy.agent:context + wippy.agent.tools:caller) running a tool and a delegate; and the
// framework's own test suites (`wippy run test` in src/{llm,agent,test}), which must pass.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startApp } from '../system/boot.js';
import { createLog } from '../system/log.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from './lua-bridge.js';
import { startFakeOpenAI } from './testing/fake-openai.js';
import { startFakeAnthropic } from './testing/fake-anthropic.js';
import { cardsYaml } from './testing/cards.js';
import type { FakeServer } from './testing/fake-server.js';

const MIRROR = process.env.WIPPY_FRAMEWORK_MIRROR ?? '/work/.mirror/wippyai+framework/repo';
const PRESENT = existsSync(MIRROR);
const SKIP = PRESENT ? false : `framework mirror ${MIRROR} is absent (set WIPPY_FRAMEWORK_MIRROR to a bare clone of wippyai/framework)`;
const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/wippy.js');

/** Where the packages live inside the framework repository. */
const PACKAGES: Record<string, string> = { llm: 'src/llm/src', agent: 'src/agent/src', test: 'src/test', terminal: 'src/terminal' };

let fw = '';
let work = '';
let openai: FakeServer;
let anthropic: FakeServer;

before(async () => {
  if (!PRESENT) return;
  work = mkdtempSync(join(tmpdir(), 'wippy-framework-'));
  fw = join(work, 'framework');
  mkdirSync(fw);
  const tar = execFileSync('git', ['-C', MIRROR, 'archive', 'HEAD'], { maxBuffer: 1 << 28 });
  execFileSync('tar', ['-x', '-C', fw], { input: tar });
  process.env.FAKE_OPENAI_KEY = 'fw-openai-key';
  openai = await startFakeOpenAI({ apiKey: 'fw-openai-key' });
  anthropic = await startFakeAnthropic({ apiKey: 'test-anthropic-key' });
});

after(async () => {
  if (!PRESENT) return;
  await openai.close();
  await anthropic.close();
  rmSync(work, { recursive: true, force: true });
});

function vendor(appRoot: string, modules: string[]): void {
  mkdirSync(join(appRoot, '.wippy/vendor/wippy'), { recursive: true });
  for (const m of modules) symlinkSync(join(fw, PACKAGES[m]), join(appRoot, '.wippy/vendor/wippy', m));
}

const APP = `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
  - name: os_env
    kind: env.storage.os
  - name: dep.llm
    kind: ns.dependency
    component: wippy/llm
    version: "*"
    parameters:
      - { name: env_storage, value: app:os_env }
      - { name: process_host, value: app:processes }
  - name: dep.agent
    kind: ns.dependency
    component: wippy/agent
    version: "*"
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [json, time, funcs]
    imports: { llm: wippy.llm:llm, prompt: wippy.llm:prompt, agent_context: wippy.agent:context, tool_caller: wippy.agent.tools:caller }
  - name: get_weather
    kind: function.lua
    meta:
      type: tool
      description: Weather for a city
      input_schema: '{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}'
    source: file://tools.lua
    method: weather
  - name: assistant
    kind: registry.entry
    meta: { type: agent.gen1, name: assistant, comment: Helpful assistant }
    prompt: You are a helpful assistant.
    model: gpt-fake
    max_tokens: 256
    tools: [app:get_weather]
    delegates:
      - { id: app:poet, name: ask_poet, rule: "when a poem is wanted" }
  - name: poet
    kind: registry.entry
    meta: { type: agent.gen1, name: poet, comment: Writes poems }
    prompt: You write short poems.
    model: claude-fake
`;

/** Boots an app with the framework vendored and runs `main.lua`'s main on the terminal host. */
async function runMain(mainLua: string): Promise<any> {
  const root = join(work, `app-${Math.random().toString(36).slice(2)}`);
  const files: Record<string, string> = {
    // the fake servers listen on 127.0.0.1
    '.wippy.yaml': 'version: "1.0"\nsecurity:\n  allow_private_ip: true\n',
    'src/_index.yaml': APP,
    // the claude client appends /v1/messages to its base URL itself
    'src/models.yaml': cardsYaml({ openai: openai.url, anthropic: anthropic.url.replace(/\/v1$/, '') }, [
      { name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o-mini', class: ['fast'], priority: 10 },
      { name: 'claude-fake', provider: 'claude', provider_model: 'claude-3-5-haiku', class: ['fast'], priority: 5 }]),
    'src/tools.lua': 'return { weather = function(args) return { city = args.city, forecast = "sunny", temp_c = 21 } end }',
    'src/main.lua': mainLua,
  };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  vendor(root, ['llm', 'agent', 'test', 'terminal']);
  const app = await startApp(root, createLog({ silent: true }));
  try {
    app.runtime.terminal = { out: () => {}, err: () => {}, args: [] };
    const r = await new Promise<{ value?: unknown; error?: unknown }>((res, rej) => {
      const p = app.runtime.spawn(undefined, 'app:main', 'app:terminal', [], {});
      if ('kind' in p) rej(new Error(p.message));
      else p.onExit(res);
    });
    if (r.error !== undefined) throw new Error(tostring(r.error));
    return toPlain(r.value);
  } finally {
    await app.supervisor.stopAll();
  }
}

const LLM_CALLS = `
local function tools(model)
  local resp, err = llm.generate("What is the weather in Paris?", { model = model,
    tools = {{ name = "get_weather", description = "Weather for a city",
               schema = { type = "object", properties = { city = { type = "string" } }, required = {"city"} } }} })
  if err then return tostring(err) end
  return { name = resp.tool_calls[1].name, args = resp.tool_calls[1].arguments, finish = resp.finish_reason }
end
local function structured(model)
  local resp, err = llm.structured_output({ type = "object", additionalProperties = false, required = {"name", "age"},
    properties = { name = { type = "string" }, age = { type = "number" } } }, "Extract: Ada is 36", { model = model })
  if err then return tostring(err) end
  return resp.result
end
local function stream(model)
  local topic = "stream_" .. model
  local ch = process.listen(topic)
  local resp, err = llm.generate("Tell me a story", { model = model, stream = { reply_to = process.pid(), topic = topic, buffer_size = 1 } })
  if err then return tostring(err) end
  local chunks = {}
  while true do
    local r = channel.select({ ch:case_receive(), time.after("200ms"):case_receive() })
    if r.channel ~= ch then break end
    table.insert(chunks, r.value.type .. ":" .. tostring(r.value.content))
  end
  return { full = resp.result, chunks = chunks }
end
return { main = function()
  local out = {}
  local plain, err = llm.generate("Say hi", { model = "gpt-fake" })
  out.plain = plain and { text = plain.result, total = plain.tokens.total_tokens } or tostring(err)
  for _, model in ipairs({ "gpt-fake", "claude-fake" }) do
    out[model] = { tools = tools(model), structured = structured(model), stream = stream(model) }
  end
  return out
end }`;

test('real framework (skipped when the mirror is absent): llm.generate, tools, structured output and streaming through its openai_compat and claude drivers', { skip: SKIP }, async () => {
  const tool = { toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] };
  openai.script({ text: 'Hello!', usage: { input: 10, output: 5 } }, tool, { text: '{"name":"Ada","age":36}' }, { text: 'Once upon a time. The end.' });
  anthropic.script(tool, { toolCalls: [{ id: 's1', name: 'structured_output', arguments: { name: 'Ada', age: 36 } }] }, { text: 'Once upon a time. The end.' });
  const openaiBefore = openai.requests.length;
  const r = await runMain(LLM_CALLS);
  const story = { full: 'Once upon a time. The end.', chunks: ['chunk:Once ', 'chunk:upon ', 'chunk:a ', 'chunk:time. ', 'chunk:The ', 'chunk:end.'] };
  const expected = { tools: { name: 'get_weather', args: { city: 'Paris' }, finish: 'tool_call' }, structured: { name: 'Ada', age: 36 }, stream: story };
  assert.deepEqual(r, { plain: { text: 'Hello!', total: 15 }, 'gpt-fake': expected, 'claude-fake': expected });
  // the framework's driver built the wire requests: strict JSON schema, streaming with usage
  const sent = openai.requests.slice(openaiBefore).map((q) => q.body);
  assert.equal(sent[1].tools[0].function.name, 'get_weather');
  assert.equal(sent[2].response_format.type, 'json_schema');
  assert.equal(sent[3].stream, true);
});

const AGENT_LOOP = `
local function run_agent(id, message)
  local ctx = agent_context.new({ delegate_tools = { enabled = true } })
  local runner, err = ctx:load_agent(id)
  if not runner then return nil, "load: " .. tostring(err) end
  local conv = prompt.new()
  conv:add_user(message)
  local trace = {}
  for _ = 1, 6 do
    local resp, serr = runner:step(conv)
    if not resp then return nil, "step: " .. tostring(serr) end
    local tcs, dcs = resp.tool_calls or {}, resp.delegate_calls or {}
    if #tcs == 0 and #dcs == 0 then return resp.result, trace end
    if #tcs > 0 then
      local caller = tool_caller.new()
      local validated, verr = caller:validate(tcs)
      if verr then return nil, "validate: " .. tostring(verr) end
      local results = caller:execute({}, validated)
      for _, tc in ipairs(tcs) do
        local r = results[tc.id]
        conv:add_function_call(tc.name, tc.arguments, tc.id)
        conv:add_function_result(tc.name, json.encode(r.result), tc.id)
        table.insert(trace, "tool " .. tc.name .. " " .. json.encode(r.result))
      end
    end
    for _, dc in ipairs(dcs) do
      local answer = run_agent(dc.agent_id, dc.arguments.message)
      conv:add_function_call(dc.name, dc.arguments, dc.id)
      conv:add_function_result(dc.name, tostring(answer), dc.id)
      table.insert(trace, "delegate " .. dc.agent_id .. " " .. tostring(answer))
    end
  end
  return nil, "too many steps"
end
return { main = function()
  local answer, trace = run_agent("app:assistant", "Weather in Paris, and a poem?")
  return { answer = answer, trace = trace }
end }`;

test('real framework (skipped when the mirror is absent): an agent compiled by wippy.agent runs a tool and a delegate', { skip: SKIP }, async () => {
  openai.script(
    { toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    { toolCalls: [{ id: 'c2', name: 'ask_poet', arguments: { message: 'A poem about sun' } }] },
    { text: 'Sunny, 21C. Poem: Sun on the Seine.' });
  anthropic.script({ text: 'Sun on the Seine.' });
  const before = openai.requests.length;
  const r = await runMain(AGENT_LOOP);
  assert.deepEqual(r, { answer: 'Sunny, 21C. Poem: Sun on the Seine.',
    trace: ['tool get_weather {"city":"Paris","forecast":"sunny","temp_c":21}', 'delegate app:poet Sun on the Seine.'] });
  const first = openai.requests[before].body;
  assert.equal(first.messages[0].content[0].text, 'You are a helpful assistant.');
  assert.deepEqual(first.tools.map((t: any) => t.function.name).sort(), ['ask_poet', 'get_weather']);
  // the tool result went back to the model as a tool message
  assert.ok(openai.requests[before + 1].body.messages.some((m: any) => m.role === 'tool' && m.tool_call_id === 'c1'));
});

/** `wippy run test` in a framework package's test app; returns its output without colours. */
function runSuite(pkg: 'llm' | 'agent' | 'test'): Promise<string> {
  // the test apps expect wippy/test and wippy/terminal vendored beside them; a package's own
  // wippy.lock already names its source dir (and, for agent, the llm replacement)
  const copy = join(work, `suite-${pkg}`);
  cpSync(join(fw, 'src'), copy, { recursive: true });
  const appDir = pkg === 'test' ? join(copy, 'test') : join(copy, pkg, 'test');
  mkdirSync(join(appDir, '.wippy/vendor/wippy'), { recursive: true });
  for (const m of pkg === 'test' ? ['terminal'] : ['test', 'terminal']) {
    symlinkSync(join(fw, PACKAGES[m]), join(appDir, '.wippy/vendor/wippy', m));
  }
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, '-s', 'run', 'test'], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', rej);
    child.on('close', () => res(out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')));
  });
}

for (const pkg of ['llm', 'agent', 'test'] as const) {
  test(`real framework (skipped when the mirror is absent): the ${pkg} package's own test suite passes`, { skip: SKIP }, async () => {
    const out = await runSuite(pkg);
    const summary = out.slice(out.lastIndexOf('PASSED') >= 0 ? out.lastIndexOf('PASSED') : Math.max(0, out.length - 2000));
    assert.match(out, /\bPASSED\b/, summary);
    assert.doesNotMatch(out, /\d+ failed/, summary);
    const m = /(\d+) tests/.exec(summary);
    assert.ok(m !== null && Number(m[1]) > 20, summary);
  });
}
