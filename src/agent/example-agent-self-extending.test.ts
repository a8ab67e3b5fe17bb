// examples/agent-self-extending runs with `wippy run -x app:ask ...` against the fake OpenAI
// server: the agent writes a word-count tool into app.sandbox, tests it, attaches it to
// itself and answers with it; a second `wippy run` (a new process) still has the tool, since
// the change is in the registry's persisted history; `app:rollback` removes it again.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAI } from '../llm/testing/fake-openai.js';

const root = process.cwd();

function wippy(cwd: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/wippy.js'), ...args], { cwd, env: { ...process.env, ...env } });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill(), 30000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

const WORD_COUNT = 'return { handler = function(args) local n = 0 for _ in args.text:gmatch("%S+") do n = n + 1 end return { words = n } end }';
const toolNames = (body: any) => body.tools.map((t: any) => t.function.name).sort();

test('agent-self-extending: the agent builds a tool, keeps it across runs, and a rollback removes it', async () => {
  const server = await startFakeOpenAI({ apiKey: 'sk-test', replies: [
    { toolCalls: [{ id: 'w', name: 'write_tool', arguments: { id: 'app.sandbox:word_count', description: 'Count the words of a text',
      input_schema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, source: WORD_COUNT } }] },
    { toolCalls: [{ id: 't', name: 'test_tool', arguments: { id: 'app.sandbox:word_count', arguments: { text: 'a b' } } }] },
    { toolCalls: [{ id: 'a', name: 'attach_tool', arguments: { tool_id: 'app.sandbox:word_count' } }] },
    { toolCalls: [{ id: 'c', name: 'word_count', arguments: { text: 'the quick brown fox' } }] },
    { text: 'There are 4 words.' },
  ] });
  const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url };
  try {
    const dir = mkdtempSync(join(tmpdir(), 'agent-self-extending-'));
    cpSync(join(root, 'examples/agent-self-extending/src'), join(dir, 'src'), { recursive: true });
    cpSync(join(root, 'examples/agent-self-extending/.wippy.yaml'), join(dir, '.wippy.yaml'));
    const first = await wippy(dir, ['run', '-x', 'app:ask', "How many words are in 'the quick brown fox'?"], env);
    assert.equal(first.code, 0, first.stderr + first.stdout);
    const v0 = Number(/^registry version (\d+)/.exec(first.stdout)![1]);
    assert.equal(first.stdout, [
      `registry version ${v0}`,
      `  [write_tool] {"id":"app.sandbox:word_count","op":"create","version":${v0 + 1}}`,
      '  [test_tool] {"ok":true,"result":{"words":2}}',
      `  [attach_tool] {"agent_id":"app:toolsmith","attached":true,"tool_id":"app.sandbox:word_count","version":${v0 + 2}}`,
      '  [word_count] {"words":4}',
      'There are 4 words.',
      `registry version ${v0 + 2}`,
      '',
    ].join('\n'));
    assert.ok(!toolNames(server.requests[0].body).includes('word_count'));
    assert.ok(toolNames(server.requests[3].body).includes('word_count'));

    // a new process: the tool is still the agent's
    server.script({ toolCalls: [{ id: 'c2', name: 'word_count', arguments: { text: 'hello world' } }] }, { text: 'Two words.' });
    const second = await wippy(dir, ['run', '-x', 'app:ask', "And in 'hello world'?"], env);
    assert.equal(second.code, 0, second.stderr + second.stdout);
    assert.match(second.stdout, /^ {2}\[word_count\] \{"words":2\}\nTwo words\.$/m);
    assert.ok(toolNames(server.requests[5].body).includes('word_count'));

    const back = await wippy(dir, ['run', '-x', 'app:rollback', String(v0)], env);
    assert.equal(back.code, 0, back.stderr + back.stdout);
    assert.match(back.stdout, new RegExp(`\\(the state of version ${v0}\\)`));

    server.script({ text: 'I need to build a tool first.' });
    const third = await wippy(dir, ['run', '-x', 'app:ask', 'Count the words of "a b c"'], env);
    assert.equal(third.code, 0, third.stderr + third.stdout);
    assert.ok(!toolNames(server.requests[7].body).includes('word_count'));
    assert.equal(server.requests.length, 8);
  } finally {
    await server.close();
  }
});
