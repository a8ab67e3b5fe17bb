// Agents at scale, run by hand (issue #7):
//
//   npm run build && node --expose-gc bench/agents/run.js [--steps 300] [--runs 5] [--sessions 1000] [--delay 1000]
//   [--only 'agent.run, 1'] runs one step workload (and the anchor); --sessions 0 skips part 2
//
// 1. Runtime overhead per agent step, the model call excluded. Every workload talks HTTP to
//    the same local fake OpenAI server, which answers at once and runs in this process, so
//    the model call (HTTP, JSON, the AI SDK) costs the same in every row; the anchor is that
//    call made directly with the AI SDK (generateText, with the same prompt and tools). The
//    overhead of a step is its CPU time minus the anchor's. Rows:
//      llm.generate from Lua         the llm layer alone (cards, provider, Lua <-> data)
//      agent.run, 1 step             the model answers at once (compile, prompt, store writes)
//      agent.run, tool step          2 model calls + 1 function call, per model call
//      self-extending agent, 1 step  the agent with the 5 built-in toolset tools
//    CPU medians of --runs runs after a warm-up: the machine is shared, wall times are noisy.
//
// 2. Concurrent agent sessions per node: --sessions Lua processes each run an agent with one
//    tool call against a model that answers after --delay ms (a slow provider), all started
//    at once. Reported: how many model requests were waiting at the same time (all sessions
//    in flight at once when it equals --sessions), the time until all finished, runs/s, and
//    memory (RSS and JS heap at the peak, per session).

import { cpus, totalmem, loadavg } from 'node:os';
import { execSync } from 'node:child_process';
import { generateText } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { startFakeOpenAI } from '../../dist/src/llm/testing/fake-openai.js';
import { cardsYaml } from '../../dist/src/llm/testing/cards.js';
import { bootApp, HOSTS } from '../../dist/src/system/testing.js';
import { markdownTable, warmMedians } from '../common.js';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const STEPS = arg('steps', 300);
const RUNS = arg('runs', 5);
const SESSIONS = arg('sessions', 1000);
const DELAY = arg('delay', 1000);

const ANSWER = 'The quick brown fox jumps over the lazy dog. It was a fine day.';
let delay = 0;
let waiting = 0, maxWaiting = 0;
let onAllWaiting;
process.env.FAKE_OPENAI_KEY = 'k';
const server = await startFakeOpenAI({ apiKey: 'k', respond: (req) => {
  const msgs = req.body.messages;
  const last = msgs[msgs.length - 1];
  const names = (req.body.tools ?? []).map((t) => t.function.name);
  const reply = names.includes('add') && last.role !== 'tool'
    ? { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }], usage: { input: 20, output: 10 } }
    : { text: ANSWER, usage: { input: 20, output: 14 } };
  if (delay > 0) {
    // count the requests waiting for their answer: sessions in flight at the same time
    waiting++;
    maxWaiting = Math.max(maxWaiting, waiting);
    if (waiting === SESSIONS && onAllWaiting) {
      onAllWaiting();
      onAllWaiting = undefined;
    }
    setTimeout(() => { waiting--; }, delay);
    return { ...reply, delayMs: delay };
  }
  return reply;
} });

const ADD_SCHEMA = { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } };
const app = await bootApp({
  'src/_index.yaml': HOSTS + `  - name: bench
    kind: process.lua
    source: file://bench.lua
    method: main
    modules: [agent, llm]
  - name: session
    kind: process.lua
    source: "return { main = function() local r = assert(agent.run('app:adder', 'add 2 and 3')) return r.steps end }"
    method: main
    modules: [agent]
  - name: add
    kind: function.lua
    meta: { type: tool, llm_description: Add two numbers, input_schema: '${JSON.stringify(ADD_SCHEMA)}' }
    source: "return { main = function(x) return { sum = x.a + x.b } end }"
    method: main
  - name: solo
    kind: registry.entry
    meta: { type: agent.gen1 }
    prompt: You talk.
    model: gpt-fake
  - name: adder
    kind: registry.entry
    meta: { type: agent.gen1 }
    prompt: You add.
    model: gpt-fake
    tools: [app:add]
  - name: builder
    kind: registry.entry
    meta: { type: agent.gen1 }
    prompt: You build tools.
    model: gpt-fake
    tools: ["wippy.agent.self:*"]
`,
  'src/models.yaml': cardsYaml({ openai: server.url }, [{ name: 'gpt-fake', provider: 'openai', provider_model: 'm' }]),
  'src/bench.lua': `return { main = function(id, n)
    for i = 1, n do
      if id == "llm" then assert(llm.generate("add 2 and 3", { model = "gpt-fake", max_tokens = 512 }))
      else assert(agent.run(id, "add 2 and 3")) end
    end
    return n
  end }`,
});

// the anchor: the model call of agent app:solo's step, made directly (system prompt + user message)
const model = createOpenAICompatible({ name: 'openai-compat', baseURL: server.url, apiKey: 'k' }).chatModel('m');
async function anchor(n) {
  for (let i = 0; i < n; i++) {
    await generateText({ model, system: 'You talk.', messages: [{ role: 'user', content: 'add 2 and 3' }], maxOutputTokens: 512 });
  }
}

async function agentRuns(id, n) {
  const r = await app.exec('app:bench', id, n);
  if (r.error !== undefined) throw new Error(String(r.error));
}


// ---- 1. overhead per step ------------------------------------------------------------------
const workloads = [
  ['anchor (AI SDK generateText)', () => anchor(STEPS), STEPS],
  ['llm.generate from Lua (no agent)', () => agentRuns('llm', STEPS), STEPS],
  ['agent.run, 1 step', () => agentRuns('app:solo', STEPS), STEPS],
  ['agent.run, tool step (per model call)', () => agentRuns('app:adder', STEPS / 2), STEPS],
  ['self-extending agent (5 tools), 1 step', () => agentRuns('app:builder', STEPS), STEPS],
];
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const steps = [];
for (const [name, fn, calls] of workloads) {
  if (only !== undefined && !name.startsWith(only) && fn !== workloads[0][1]) continue;
  const m = await warmMedians(fn, RUNS, () => { server.requests.length = 0; });
  steps.push({ name, wall: m.wall / calls, cpu: m.cpu / calls });
}

// ---- 2. concurrent sessions ----------------------------------------------------------------
const host = [...app.app.runtime.hosts.values()].find((h) => h.terminal).id;
global.gc?.();
const mem0 = process.memoryUsage();
let peakRss = mem0.rss, peakHeap = mem0.heapUsed;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
  server.requests.length = 0; // the fake server's request log is not the sessions' memory
}, 20);
delay = DELAY;
// the moment every session waits for its model: what stays alive then (after a full GC) is
// the memory that in-flight sessions hold
let live;
onAllWaiting = () => {
  global.gc?.();
  live = { ...process.memoryUsage(), waiting };
};
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let failed = 0;
await Promise.all(Array.from({ length: SESSIONS }, () => new Promise((resolve, reject) => {
  const p = app.app.runtime.spawn(undefined, 'app:session', host, [], {});
  if ('kind' in p) reject(new Error(p.message));
  else p.onExit((r) => { if (r.error !== undefined || r.value !== 2) failed++; resolve(); });
})));
const sessWall = Number(process.hrtime.bigint() - t0) / 1e6;
const sessCpu = process.cpuUsage(c0);
clearInterval(sampler);
delay = 0;
await app.stop();
await server.close();

// ---- report ---------------------------------------------------------------------------------
const base = steps[0];
const rev = (() => { try { return execSync('git rev-parse --short HEAD').toString().trim(); } catch { return '?'; } })();
console.log(`- date: ${new Date().toISOString()}`);
console.log(`- command: \`node --expose-gc bench/agents/run.js --steps ${STEPS} --runs ${RUNS} --sessions ${SESSIONS} --delay ${DELAY}\``);
console.log(`- machine: ${cpus()[0].model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM; node ${process.version}; git ${rev}`);
console.log(`- load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('');
console.log(markdownTable(['workload (per model call)', 'wall ms', 'CPU ms', 'overhead CPU ms (minus anchor)'],
  steps.map((r) => [r.name, r.wall.toFixed(3), r.cpu.toFixed(3), r === base ? '-' : (r.cpu - base.cpu).toFixed(3)])));
const mb = (b) => (b / 2 ** 20).toFixed(1);
if (SESSIONS > 0) console.log('\n' + markdownTable(['concurrent sessions', 'value'], [
  ['sessions started at once (agent.run, 1 tool call, 2 model calls)', String(SESSIONS)],
  ['model latency (fake server delay per call)', `${DELAY} ms`],
  ['most model requests waiting at the same time', String(maxWaiting)],
  ['failed sessions', String(failed)],
  ['time until all finished', `${sessWall.toFixed(0)} ms (ideal ${2 * DELAY} ms)`],
  ['throughput', `${(SESSIONS / (sessWall / 1000)).toFixed(0)} runs/s, ${(2 * SESSIONS / (sessWall / 1000)).toFixed(0)} model calls/s`],
  ['CPU for all sessions', `${((sessCpu.user + sessCpu.system) / 1e3).toFixed(0)} ms (${((sessCpu.user + sessCpu.system) / 1e3 / SESSIONS).toFixed(2)} ms per session)`],
  ['RSS before / peak', `${mb(mem0.rss)} / ${mb(peakRss)} MB (${((peakRss - mem0.rss) / SESSIONS / 1024).toFixed(0)} KB per session)`],
  ['live JS heap with all sessions waiting (after a GC)', live === undefined ? 'not sampled'
    : `${mb(live.heapUsed)} MB with ${live.waiting} waiting (${((live.heapUsed - mem0.heapUsed) / live.waiting / 1024).toFixed(0)} KB per session${global.gc ? '' : '; run with --expose-gc'})`],
  ['JS heap before / peak', `${mb(mem0.heapUsed)} / ${mb(peakHeap)} MB (${((peakHeap - mem0.heapUsed) / SESSIONS / 1024).toFixed(0)} KB per session)`],
]));
