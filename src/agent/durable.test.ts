// An agent run as a workflow: each model step and each tool call is a recorded activity, so
// after `kill -9` the resumed run repeats neither the finished model call nor the tool.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { writeApp } from '../system/testing.js';
import { runWippy, sleep } from '../workflow/testing-crash.js';
import { startFakeOpenAI } from '../llm/testing/fake-openai.js';
import { cardsYaml } from '../llm/testing/cards.js';

const APP = `version: "1.0"
namespace: app
entries:
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
  - name: workflows
    kind: workflow.host
    poll_interval: 50ms
  - name: effects
    kind: db.sql.sqlite
    file: .wippy/effects.db
  - name: stamp
    kind: function.lua
    meta: { type: tool, llm_description: Stamp the document }
    source: file://stamp.lua
    method: main
    modules: [sql]
  - name: assistant
    kind: registry.entry
    meta: { type: agent.gen1 }
    prompt: You stamp documents.
    model: gpt-fake
    tools: [app:stamp]
  - name: agent_step
    kind: function.lua
    source: file://agent_step.lua
    method: main
    modules: [agent]
  - name: chat_flow
    kind: workflow.lua
    source: file://flow.lua
    method: main
    modules: [funcs, time, json]
  - name: start
    kind: process.lua
    source: "return { main = function() local _, err = workflow.start('app:chat_flow', { id = 'chat-1' }, 'stamp it') if err then error(err) end end }"
    method: main
    modules: [workflow]
  - name: starter
    kind: process.service
    process: app:start
    host: app:processes
    lifecycle: { auto_start: true, depends_on: [app:workflows] }
`;

const FILES = {
  'src/stamp.lua': `return { main = function()
  local db = assert(sql.get("app:effects"))
  db:execute("INSERT INTO attempts (at) VALUES (1)")
  return { stamped = true }
end }`,
  'src/agent_step.lua': `return { main = function(id, conv) return agent.step(id, conv) end }`,
  'src/flow.lua': `return { main = function(question)
  local conv = {{ role = "user", content = question }}
  for _ = 1, 5 do
    local step, err = funcs.call("app:agent_step", "app:assistant", conv)
    if not step then return nil, err end
    if #step.tool_calls == 0 then return step.result end
    for _, tc in ipairs(step.tool_calls) do
      local out, terr = funcs.call(tc.registry_id, tc.arguments)
      table.insert(conv, { role = "function_call", function_call = { id = tc.id, name = tc.name, arguments = tc.arguments } })
      table.insert(conv, { role = "function_result", name = tc.name, function_call_id = tc.id,
                           content = json.encode(out or { error = tostring(terr) }) })
    end
    time.sleep("2s") -- the window the test kills the runtime in
  end
end }`,
};

test('kill -9 between steps: the resumed agent workflow repeats neither the model call nor the tool', async () => {
  // the model stamps once, then answers once it sees the tool's result
  const server = await startFakeOpenAI({ apiKey: 'k', respond: (req) => {
    const last = req.body.messages[req.body.messages.length - 1];
    return last.role === 'tool' ? { text: 'Stamped.' } : { toolCalls: [{ name: 'stamp', arguments: {} }] };
  } });
  const root = writeApp({
    'src/_index.yaml': APP,
    'src/models.yaml': cardsYaml({ openai: server.url }, [{ name: 'gpt-fake', provider: 'openai', provider_model: 'gpt-4o' }]),
    ...FILES,
  });
  mkdirSync(join(root, '.wippy'), { recursive: true });
  const fx = new Database(join(root, '.wippy/effects.db'));
  fx.exec('CREATE TABLE attempts (at INTEGER)');
  const attempts = () => (fx.prepare('SELECT COUNT(*) AS n FROM attempts').get() as { n: number }).n;
  const run = () => runWippy(root, { FAKE_OPENAI_KEY: 'k' });
  try {
    const first = run();
    const until = Date.now() + 15000;
    while (Date.now() < until && attempts() === 0) await sleep(20);
    assert.equal(attempts(), 1, `the tool ran before the kill; stderr: ${first.stderr()}`);
    await sleep(200); // the tool's result is recorded; the workflow sleeps
    first.child.kill('SIGKILL');
    await first.exited;
    assert.equal(server.requests.length, 1);

    const second = run();
    let status: { status: string; result: string } | undefined;
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      await sleep(100);
      const db = new Database(join(root, '.wippy/workflows.db'), { readonly: true });
      status = db.prepare("SELECT status, result FROM wf_runs WHERE id = 'chat-1'").get() as typeof status;
      db.close();
      if (status !== undefined && status.status !== 'running') break;
    }
    second.child.kill('SIGTERM');
    await second.exited;
    assert.equal(status?.status, 'completed', `run status ${JSON.stringify(status)}; stderr: ${second.stderr()}`);
    assert.equal(JSON.parse(status!.result), 'Stamped.');
    assert.equal(attempts(), 1, 'the tool did not run again');
    assert.equal(server.requests.length, 2, 'the first model call was not repeated');
    const tool = server.requests[1].body.messages.find((m: any) => m.role === 'tool');
    assert.equal(tool.content, '{"stamped":true}');
  } finally {
    fx.close();
    await server.close();
  }
});
