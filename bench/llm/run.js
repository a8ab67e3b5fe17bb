// The cost of the llm/agent layers per call, side by side with the anchor: the same model
// call made directly with the AI SDK (generateText) against the same local fake OpenAI
// server. The fake server runs in this process, so its work is in every column alike; the
// difference between columns is what our layers add.
//
//   npm run build && node bench/llm/run.js [--calls 300] [--runs 3] [--only 'llm.generate from']
//
// Workloads (each timed as wall and CPU per call, median of runs, after one warm-up run):
//   anchor      generateText(...) from TypeScript
//   llm         llm.generate(...) from a Lua process (registry cards, Lua <-> data, parking)
//   anchor-stream  streamText(...) consumed to the end, from TypeScript
//   llm-stream  llm.generate streamed to the calling process (SSE, chunk messages)
//   agent       agent.run(...) with one tool call: 2 model calls + 1 function call per run

import { cpus, totalmem, loadavg } from 'node:os';
import { execSync } from 'node:child_process';
import { generateText, streamText } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { startFakeOpenAI } from '../../dist/src/llm/testing/fake-openai.js';
import { cardsYaml } from '../../dist/src/llm/testing/cards.js';
import { bootApp, HOSTS } from '../../dist/src/system/testing.js';
import { markdownTable, warmMedians } from '../common.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const CALLS = arg('calls', 300);
const RUNS = arg('runs', 3);

process.env.FAKE_OPENAI_KEY = 'k';
const server = await startFakeOpenAI({ apiKey: 'k', respond: (req) => {
  const msgs = req.body.messages;
  const last = msgs[msgs.length - 1];
  if (req.body.tools && last.role !== 'tool') return { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] };
  return { text: 'The quick brown fox jumps over the lazy dog. It was a fine day.', usage: { input: 20, output: 14 } };
} });

const app = await bootApp({
  'src/_index.yaml': HOSTS + `  - name: bench
    kind: process.lua
    source: file://bench.lua
    method: main
    modules: [llm, agent]
  - name: add
    kind: function.lua
    meta: { type: tool, input_schema: '{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}}}' }
    source: "return { main = function(x) return { sum = x.a + x.b } end }"
    method: main
  - name: adder
    kind: registry.entry
    meta: { type: agent.gen1 }
    prompt: You add.
    model: gpt-fake
    tools: [app:add]
`,
  'src/models.yaml': cardsYaml({ openai: server.url }, [{ name: 'gpt-fake', provider: 'openai', provider_model: 'm' }]),
  'src/bench.lua': `return { main = function(kind, n)
    local me = process.pid()
    local ch = kind == "llm-stream" and process.listen("t") or nil
    for i = 1, n do
      if kind == "agent" then
        assert(agent.run("app:adder", "add 2 and 3"))
      else
        local opts = { model = "gpt-fake", max_tokens = 50 }
        if ch then opts.stream = { reply_to = me, topic = "t", buffer_size = 16 } end
        assert(llm.generate("Say something", opts))
        if ch then
          while true do
            local s = channel.select({ ch:case_receive() }, true)
            if s.default then break end
          end
        end
      end
    end
    return n
  end }`,
});

const model = createOpenAICompatible({ name: 'openai-compat', baseURL: server.url, apiKey: 'k' }).chatModel('m');

async function anchor(n) {
  for (let i = 0; i < n; i++) {
    await generateText({ model, messages: [{ role: 'user', content: 'Say something' }], maxOutputTokens: 50 });
  }
}

async function anchorStream(n) {
  for (let i = 0; i < n; i++) {
    const r = streamText({ model, messages: [{ role: 'user', content: 'Say something' }], maxOutputTokens: 50 });
    for await (const _ of r.textStream) { /* consume */ }
  }
}

async function lua(kind, n) {
  const r = await app.exec('app:bench', kind, n);
  if (r.error !== undefined) throw new Error(String(r.error));
}


const workloads = [
  ['anchor (AI SDK generateText)', () => anchor(CALLS), 1],
  ['llm.generate from Lua', () => lua('llm', CALLS), 1],
  ['anchor, streamed (AI SDK streamText)', () => anchorStream(CALLS), 1],
  ['llm.generate streamed to the process', () => lua('llm-stream', CALLS), 1],
  ['agent.run, 1 tool call (2 model calls)', () => lua('agent', Math.floor(CALLS / 2)), 2],
];

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const results = [];
for (const [name, fn, modelCalls] of workloads) {
  if (only !== undefined && !name.startsWith(only) && name !== workloads[0][0]) continue;
  const m = await warmMedians(fn, RUNS);
  const calls = modelCalls === 2 ? Math.floor(CALLS / 2) * 2 : CALLS;
  results.push({ name, wall: m.wall / calls, cpu: m.cpu / calls });
}
await app.stop();
await server.close();

const base = results[0];
const rev = (() => { try { return execSync('git rev-parse --short HEAD').toString().trim(); } catch { return '?'; } })();
console.log(`- date: ${new Date().toISOString()}`);
console.log(`- command: \`node bench/llm/run.js --calls ${CALLS} --runs ${RUNS}\``);
console.log(`- machine: ${cpus()[0].model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM; node ${process.version}; git ${rev}`);
console.log(`- load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('');
console.log(markdownTable(['workload (per model call)', 'wall ms', 'CPU ms', 'CPU vs anchor'],
  results.map((r) => [r.name, r.wall.toFixed(3), r.cpu.toFixed(3), `${(r.cpu / base.cpu).toFixed(2)}x`])));
