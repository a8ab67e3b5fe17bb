// examples/agent-chat runs with `wippy run -x app:chat ...` against the fake OpenAI server:
// the actor process runs the agent, the agent calls the calculator tool, the answer streams
// to the terminal, and the follow-up question continues the same conversation.

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

test('agent-chat: the assistant actor answers with a tool call and remembers the conversation', async () => {
  const server = await startFakeOpenAI({ apiKey: 'sk-test', replies: [
    { toolCalls: [{ id: 'c1', name: 'calculate', arguments: { a: 6, op: '*', b: 7 } }], usage: { input: 200, output: 20 } },
    { chunks: ['6 times 7 ', 'is 42.'], usage: { input: 260, output: 8 } },
    { text: "You're welcome!", usage: { input: 300, output: 4 } },
  ] });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'agent-chat-'));
    cpSync(join(root, 'examples/agent-chat/src'), join(dir, 'src'), { recursive: true });
    const r = await wippy(dir, ['run', '-x', 'app:chat', 'What is 6 times 7?', 'Thanks!'],
                          { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.url });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    // 760 input tokens at $0.15/M + 32 output tokens at $0.60/M
    assert.equal(r.stdout, "6 times 7 is 42.\nYou're welcome!\n[792 tokens, $0.000133]\n");
    assert.equal(server.requests.length, 3);
    const [first, second, third] = server.requests.map((q) => q.body);
    assert.equal(first.model, 'gpt-4o-mini');
    assert.deepEqual(first.tools.map((t: any) => t.function.name), ['calculate', 'clock']);
    assert.equal(second.messages.find((m: any) => m.role === 'tool').content, '{"result":42}');
    // the follow-up carries the whole first exchange
    assert.deepEqual(third.messages.filter((m: any) => m.role === 'user').map((m: any) => m.content),
      ['What is 6 times 7?', 'Thanks!']);
  } finally {
    await server.close();
  }
});
