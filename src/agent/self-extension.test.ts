// The self-extension toolset (issue #7, agents.md §11) against the fake OpenAI server: a
// permitted agent writes a tool into its sandbox namespace, tests it, attaches it to itself
// and calls it in a later step of the same run; an agent without those permissions gets
// PERMISSION_DENIED as tool errors, the registry is unchanged and the audit log says so; a
// rollback to the version before the change removes the tool from registry and agent.

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bootApp, HOSTS, type TestApp } from '../system/testing.js';
import { startFakeOpenAI } from '../llm/testing/fake-openai.js';
import { cardsYaml } from '../llm/testing/cards.js';
import type { FakeServer } from '../llm/testing/fake-server.js';
import { tostring } from '../lua/runtime/ops.js';
import { AuditLog, DEFAULT_AUDIT_FILE } from '../security/audit.js';
import { SELF_TOOL_NAMES, SELF_TOOLS_NS, selfExtensionTools } from './self-tools.js';
import { makeEntry } from '../registry/entry.js';

let openai: FakeServer;
before(async () => {
  process.env.FAKE_OPENAI_KEY = 'k';
  openai = await startFakeOpenAI({ apiKey: 'k' });
});
after(() => openai.close());

// builder: may write function.lua in app.sandbox, grant json, and change its own agent entry;
// observer: may read and call the toolset, nothing more
const ENTRIES = `
  - name: base
    kind: security.policy
    policy: { actions: [registry.apply, registry.get], resources: "*", effect: allow }
    groups: [builder, observer]
  - name: toolset_calls
    kind: security.policy
    policy: { actions: funcs.call, resources: "wippy.agent.self:*", effect: allow }
    groups: [builder, observer]
  - name: sandbox
    kind: security.policy
    policy:
      actions: [registry.create.function.lua, registry.update.function.lua, funcs.call]
      resources: "app.sandbox:*"
      effect: allow
    groups: [builder]
  - name: own_agent
    kind: security.policy
    policy: { actions: registry.update.registry.entry, resources: [app:builder, app:helper], effect: allow }
    groups: [builder]
  - name: sandbox_modules
    kind: security.policy
    policy: { actions: registry.grant.module, resources: [json], effect: allow }
    groups: [builder]
  - name: builder
    kind: registry.entry
    meta: { type: agent.gen1, name: builder }
    prompt: Build the tools you need.
    model: gpt-fake
    tools: ["wippy.agent.self:*"]
    agent_options: { max_steps: 8 }
  - name: observer
    kind: registry.entry
    meta: { type: agent.gen1, name: observer }
    prompt: You may only look.
    model: gpt-fake
    tools: ["wippy.agent.self:*"]
  - name: helper
    kind: registry.entry
    meta: { type: agent.gen1, name: helper }
    prompt: You help.
    model: gpt-fake
  - name: launcher
    kind: process.lua
    source: file://launcher.lua
    method: main
    modules: [io, security]
  - name: runner
    kind: process.lua
    source: file://runner.lua
    method: main
    modules: [io, agent, json]
  - name: rollback
    kind: process.lua
    source: "return { main = function(v) local ok, err = registry.apply_version(v) assert(ok, tostring(err)) end }"
    method: main
    modules: [registry]
`;

// The app itself (no actor) starts each agent's run under the agent's identity and scope.
const LAUNCHER = `return { main = function(who, question, group)
  local actor = security.new_actor("agent:" .. who, { role = "agent" })
  local scope = assert(security.named_scope("app:" .. (group or who)))
  local _, err = process.with_context({}):with_actor(actor):with_scope(scope):exec("app:runner", "app:terminal", who, question)
  if err then io.print("launch failed", tostring(err)) end
end }`;

const RUNNER = `return { main = function(who, question)
  local r, err = agent.run("app:" .. who, question)
  if not r then io.print("run failed", tostring(err)) return end
  for _, c in ipairs(r.tool_calls) do
    io.print(c.name, c.error and ("error " .. c.error) or json.encode(c.result))
  end
  io.print("answer", r.result)
end }`;

const MULTIPLY = 'return { handler = function(args) return { product = args.a * args.b } end }';
const SCHEMA = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] };

async function app(): Promise<TestApp> {
  return bootApp({
    'src/_index.yaml': HOSTS + ENTRIES,
    'src/launcher.lua': LAUNCHER,
    'src/runner.lua': RUNNER,
    'src/models.yaml': cardsYaml({ openai: openai.url }, [{ name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o' }]),
  });
}

async function run(t: TestApp, who: string, question: string, group?: string): Promise<string[]> {
  const before = t.output().length;
  const r = await t.exec('app:launcher', who, question, group);
  if (r.error !== undefined) throw new Error(tostring(r.error));
  return t.output().slice(before).split('\n').filter((l) => l !== '');
}

const toolNames = (body: any) => body.tools.map((x: any) => x.function.name).sort();
const toolResults = (body: any) => body.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);

test('a permitted agent writes, tests and attaches a tool to itself, then calls it in a later step', async () => {
  const t = await app();
  try {
    const v0 = t.app.registry.version;
    const n = openai.requests.length;
    openai.script(
      { toolCalls: [{ id: 'w', name: 'write_tool', arguments: { id: 'app.sandbox:multiply', description: 'Multiply two numbers',
        source: MULTIPLY, input_schema: SCHEMA } }] },
      { toolCalls: [{ id: 't', name: 'test_tool', arguments: { id: 'app.sandbox:multiply', arguments: { a: 6, b: 7 } } }] },
      { toolCalls: [{ id: 'a', name: 'attach_tool', arguments: { tool_id: 'app.sandbox:multiply' } }] },
      { toolCalls: [{ id: 'm', name: 'multiply', arguments: { a: 3, b: 5 } }] },
      { text: '3 times 5 is 15.' },
    );
    const out = await run(t, 'builder', 'What is 3 times 5? Build a tool for it.');
    assert.deepEqual(out, [
      `write_tool\t{"id":"app.sandbox:multiply","op":"create","version":${v0 + 1}}`,
      'test_tool\t{"ok":true,"result":{"product":42}}',
      `attach_tool\t{"agent_id":"app:builder","attached":true,"tool_id":"app.sandbox:multiply","version":${v0 + 2}}`,
      'multiply\t{"product":15}',
      'answer\t3 times 5 is 15.',
    ]);
    const bodies = openai.requests.slice(n).map((q) => q.body);
    assert.equal(bodies.length, 5);
    // the tool is offered from the step after attach_tool on, with its schema and description
    assert.deepEqual(toolNames(bodies[2]), [...SELF_TOOL_NAMES].sort());
    assert.deepEqual(toolNames(bodies[3]), [...SELF_TOOL_NAMES, 'multiply'].sort());
    const offered = bodies[3].tools.find((x: any) => x.function.name === 'multiply').function;
    assert.deepEqual([offered.description, offered.parameters], ['Multiply two numbers', SCHEMA]);
    assert.equal(toolResults(bodies[4]).at(-1), '{"product":15}');

    assert.equal(t.app.registry.version, v0 + 2);
    assert.deepEqual(t.app.registry.get('app:builder')!.data.tools, ['wippy.agent.self:*', 'app.sandbox:multiply']);
    const audit = new AuditLog(join(t.app.runtime.root!, DEFAULT_AUDIT_FILE));
    const rows = audit.query().reverse();
    audit.close();
    assert.deepEqual(rows.map((r) => [r.actor, r.op, r.entry, r.decision]), [
      ['agent:builder', 'create', 'app.sandbox:multiply', 'allow'],
      ['agent:builder', 'update', 'app:builder', 'allow'],
    ]);

    // rolled back to the version before: the tool is gone from the registry and the agent
    await t.exec('app:rollback', v0);
    assert.equal(t.app.registry.get('app.sandbox:multiply'), undefined);
    assert.deepEqual(t.app.registry.get('app:builder')!.data.tools, ['wippy.agent.self:*']);
    const m = openai.requests.length;
    openai.script({ text: 'I have no multiply tool now.' });
    assert.deepEqual(await run(t, 'builder', 'Multiply 2 by 2'), ['answer\tI have no multiply tool now.']);
    assert.deepEqual(toolNames(openai.requests[m].body), [...SELF_TOOL_NAMES].sort());
  } finally {
    await t.stop();
  }
});

test('an agent without permission is refused: PERMISSION_DENIED reaches the model, nothing changes, the audit log records it', async () => {
  const t = await app();
  try {
    const v0 = t.app.registry.version;
    const n = openai.requests.length;
    openai.script(
      { toolCalls: [
        { id: 'w', name: 'write_tool', arguments: { id: 'app.sandbox:spy', description: 'Spy', source: MULTIPLY, input_schema: SCHEMA } },
        { id: 'a', name: 'attach_tool', arguments: { tool_id: 'wippy.agent.self:write_tool', agent_id: 'app:builder' } },
      ] },
      { text: 'I am not allowed to build tools.' },
    );
    const out = await run(t, 'observer', 'Build a spy tool.');
    assert.equal(out.length, 3);
    assert.match(out[0], /^write_tool\terror PERMISSION_DENIED: create app\.sandbox:spy: .*registry\.create\.function\.lua on app\.sandbox:spy/);
    assert.match(out[1], /^attach_tool\terror PERMISSION_DENIED: update app:builder: .*registry\.update\.registry\.entry on app:builder/);
    assert.equal(out[2], 'answer\tI am not allowed to build tools.');
    // the model got both refusals as tool errors
    const results = toolResults(openai.requests[n + 1].body).map((c: string) => JSON.parse(c).error);
    assert.equal(results.length, 2);
    for (const e of results) assert.match(e, /^PERMISSION_DENIED: /);

    assert.equal(t.app.registry.version, v0);
    assert.equal(t.app.registry.get('app.sandbox:spy'), undefined);
    assert.deepEqual(t.app.registry.get('app:builder')!.data.tools, ['wippy.agent.self:*']);
    const audit = new AuditLog(join(t.app.runtime.root!, DEFAULT_AUDIT_FILE));
    const rows = audit.query().reverse();
    audit.close();
    assert.deepEqual(rows.map((r) => [r.actor, r.op, r.entry, r.decision, r.outcome, r.caller]), [
      ['agent:observer', 'create', 'app.sandbox:spy', 'deny', 'denied', 'wippy.agent.self:write_tool'],
      ['agent:observer', 'update', 'app:builder', 'deny', 'denied', 'wippy.agent.self:attach_tool'],
    ]);
  } finally {
    await t.stop();
  }
});

test('a tool whose source does not compile is refused whole; the agent reads the error and the registry is unchanged', async () => {
  const t = await app();
  try {
    const v0 = t.app.registry.version;
    openai.script(
      { toolCalls: [{ id: 'w', name: 'write_tool', arguments: { id: 'app.sandbox:broken', description: 'Broken',
        source: 'return { handler = function(args) return args.a + end }', input_schema: SCHEMA } }] },
      { text: 'The code did not compile.' },
    );
    const out = await run(t, 'builder', 'Build a broken tool.');
    assert.match(out[0], /^write_tool\terror [A-Z_]+: create app\.sandbox:broken: /);
    assert.equal(t.app.registry.version, v0);
    assert.equal(t.app.registry.get('app.sandbox:broken'), undefined);
  } finally {
    await t.stop();
  }
});

test('a permitted agent gives a tool to another agent; generated code asking for an ungranted module is refused', async () => {
  const t = await app();
  try {
    const v0 = t.app.registry.version;
    openai.script(
      { toolCalls: [
        { id: 'w', name: 'write_tool', arguments: { id: 'app.sandbox:multiply', description: 'Multiply', source: MULTIPLY,
          input_schema: SCHEMA, modules: ['json'] } },
        { id: 'x', name: 'write_tool', arguments: { id: 'app.sandbox:spawner', description: 'Spawn', source: MULTIPLY,
          input_schema: SCHEMA, modules: ['process'] } },
        { id: 'a', name: 'attach_tool', arguments: { tool_id: 'app.sandbox:multiply', agent_id: 'app:helper' } },
      ] },
      { text: 'Done.' },
    );
    const out = await run(t, 'builder', 'Give the helper a multiply tool.');
    assert.equal(out[0], `write_tool\t{"id":"app.sandbox:multiply","op":"create","version":${v0 + 1}}`);
    assert.match(out[1], /^write_tool\terror PERMISSION_DENIED: create app\.sandbox:spawner: .*registry\.grant\.module on process/);
    assert.equal(out[2], `attach_tool\t{"agent_id":"app:helper","attached":true,"tool_id":"app.sandbox:multiply","version":${v0 + 2}}`);
    assert.equal(t.app.registry.get('app.sandbox:spawner'), undefined);
    assert.deepEqual(t.app.registry.get('app:helper')!.data.tools, ['app.sandbox:multiply']);
    assert.deepEqual(t.app.registry.get('app:builder')!.data.tools, ['wippy.agent.self:*']);

    // the helper (in the builder's group, which may call app.sandbox) now offers and runs the tool
    const n = openai.requests.length;
    openai.script({ toolCalls: [{ id: 'm', name: 'multiply', arguments: { a: 4, b: 5 } }] }, { text: '20' });
    assert.deepEqual(await run(t, 'helper', '4 times 5?', 'builder'), ['multiply\t{"product":20}', 'answer\t20']);
    assert.deepEqual(toolNames(openai.requests[n].body), ['multiply']);
  } finally {
    await t.stop();
  }
});

test('the toolset joins an app only when an entry names its namespace, and never replaces entries the app declares', () => {
  const agent = (tools: unknown) => makeEntry({ id: 'app:a', kind: 'registry.entry', meta: { type: 'agent.gen1' }, data: { tools } });
  assert.deepEqual(selfExtensionTools([agent(['app:x'])]), []);
  const added = selfExtensionTools([agent([{ id: `${SELF_TOOLS_NS}:write_tool`, alias: 'write' }])]);
  assert.deepEqual(added.map((e) => e.name).sort(), [...SELF_TOOL_NAMES].sort());
  assert.ok(added.every((e) => e.kind === 'function.lua' && e.meta.type === 'tool'));
  const own = makeEntry({ id: `${SELF_TOOLS_NS}:write_tool`, kind: 'function.lua', meta: { type: 'tool' }, data: {} });
  assert.deepEqual(selfExtensionTools([agent([`${SELF_TOOLS_NS}:*`]), own]), []);
});

test('an agent running without an actor cannot change the registry through the toolset', async () => {
  const t = await app();
  try {
    const v0 = t.app.registry.version;
    openai.script(
      { toolCalls: [
        { id: 'w', name: 'write_tool', arguments: { id: 'app.sandbox:multiply', description: 'Multiply', source: MULTIPLY, input_schema: SCHEMA } },
        { id: 'a', name: 'attach_tool', arguments: { tool_id: 'wippy.agent.self:test_tool', agent_id: 'app:observer' } },
      ] },
      { text: 'No identity.' },
    );
    // the runner started directly: the app's own process, no actor, no scope
    const before = t.output().length;
    const r = await t.exec('app:runner', 'builder', 'Build it.');
    assert.equal(r.error, undefined);
    const out = t.output().slice(before).split('\n');
    assert.match(out[0], /^write_tool\terror PERMISSION_DENIED: write_tool: the agent runs without an actor/);
    assert.match(out[1], /^attach_tool\terror PERMISSION_DENIED: attach_tool: the agent runs without an actor/);
    assert.equal(t.app.registry.version, v0);
  } finally {
    await t.stop();
  }
});
