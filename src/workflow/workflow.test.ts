// Durable workflows in-process: replay after a restart, idempotent start, activity retries,
// durable sleep across a restart, signals sent while the runtime is down, non-determinism,
// version markers, cancellation, termination, child workflows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type App } from '../system/boot.js';
import { createLog } from '../system/log.js';
import { writeApp } from '../system/testing.js';
import { toLua } from '../system/convert.js';
import { tostring } from '../lua/runtime/ops.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { ExitResult } from '../kernel/process.js';
import { workflowEngines } from './hosts.js';
import type { WorkflowEngine } from './engine.js';
import type { RunRecord } from './store.js';
import { SqliteStore } from './sqlite-store.js';
import { FINISHED } from './store.js';

const HEADER = `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: workflows
    kind: workflow.host
    poll_interval: 50ms
  - name: db
    kind: db.sql.sqlite
    file: .wippy/effects.db
  - name: client
    kind: process.lua
    source: file://client.lua
    method: main
    modules: [workflow, time]
`;

function wf(name: string, file: string, modules = 'funcs, time, uuid, workflow'): string {
  return `  - name: ${name}
    kind: workflow.lua
    source: file://${file}
    method: main
    modules: [${modules}]
`;
}

function fn(name: string, file: string, method = 'main', modules = 'sql, ctx'): string {
  return `  - name: ${name}
    kind: function.lua
    source: file://${file}
    method: ${method}
    modules: [${modules}]
`;
}

/** An activity that counts its executions per (workflow, name) in SQLite and returns x*2. */
const COUNTING = `local sql = require("sql")
local function main(name, x)
  local db = sql.get("app:db")
  db:execute("CREATE TABLE IF NOT EXISTS runs (wf TEXT, name TEXT)")
  db:execute("INSERT INTO runs (wf, name) VALUES (?, ?)", { ctx.get("workflow_id"), name })
  return (x or 0) * 2
end
return { main = main }`;

const CLIENT = 'return { main = function() end }';

async function boot(root: string): Promise<App> {
  return startApp(root, createLog({ silent: true }));
}

function engineOf(app: App): WorkflowEngine {
  const e = workflowEngines(app.runtime).get('app:workflows');
  assert.ok(e, 'workflow host running');
  return e;
}

function start(app: App, entry: string, id: string, ...args: unknown[]): RunRecord {
  const r = engineOf(app).startRun(entry, id, args.map(toLua));
  if ('kind' in r) throw new Error(r.message);
  return r.run;
}

async function waitFinished(app: App, id: string, ms = 5000): Promise<RunRecord> {
  const e = engineOf(app);
  return new Promise((resolve, reject) => {
    const h = setTimeout(() => reject(new Error(`workflow ${id} did not finish: ${JSON.stringify(e.store.getRun(id))}`)), ms);
    e.whenFinished(id, (r) => { clearTimeout(h); resolve(r); });
  });
}

async function waitFor(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

function executions(root: string): Record<string, number> {
  const s = new SqliteStore(join(root, '.wippy/effects.db'));
  try {
    const rows = s.db.prepare("SELECT wf || '/' || name AS k, COUNT(*) AS n FROM runs GROUP BY k").all() as { k: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.k, r.n]));
  } catch {
    return {};
  } finally {
    s.close();
  }
}

function exec(app: App, entry: string, ...args: unknown[]): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const p = app.runtime.spawn(undefined, entry, 'app:terminal', args.map(toLua), {});
    if ('kind' in p) reject(new Error(p.message));
    else p.onExit(resolve);
  });
}

const STEPS = `return { main = function(x)
  local id = uuid.v4()
  local t0 = time.now()
  local r = math.random(1, 1000000)
  local a = funcs.call("app:count", "a", x)
  time.sleep("300ms")
  local b = funcs.call("app:count", "b", a)
  return { id = id, t0 = t0:unix_nano(), r = r, a = a, b = b }
end }`;

test('a run stopped mid-way resumes by replaying its history: completed steps are not run again', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('steps', 'steps.lua') + fn('count', 'count.lua'),
    'src/steps.lua': STEPS, 'src/count.lua': COUNTING, 'src/client.lua': CLIENT,
  });
  let app = await boot(root);
  start(app, 'app:steps', 'r1', 5);
  const store = () => engineOf(app).store;
  await waitFor(() => store().steps('r1').some((s) => s.kind === 'sleep'));
  const before = store().steps('r1');
  await app.supervisor.stopAll();
  assert.equal(new SqliteStore(join(root, '.wippy/workflows.db')).getRun('r1')!.status, 'running');

  app = await boot(root);
  const run = await waitFinished(app, 'r1');
  assert.equal(run.status, 'completed', run.error ?? '');
  const result = JSON.parse(run.result!);
  const steps = store().steps('r1');
  assert.deepEqual(steps.slice(0, before.length), before, 'the history before the stop is kept as it was');
  assert.deepEqual(steps.map((s) => s.kind), ['uuid', 'now', 'call', 'sleep', 'call']);
  assert.equal(result.id, JSON.parse(steps[0].output!), 'the uuid made before the stop is replayed');
  assert.equal(String(result.t0), JSON.parse(steps[1].output!).ns, 'time.now is replayed');
  assert.equal(result.a, 10);
  assert.equal(result.b, 20);
  assert.deepEqual(executions(root), { 'r1/a': 1, 'r1/b': 1 }, 'each activity ran once');

  // the stored history replays deterministically against the code (math.random too)
  const replayed = await replayCheck(app, 'r1');
  assert.equal(replayed.ok, true, replayed.report);
  await app.supervisor.stopAll();
});

async function replayCheck(app: App, id: string) {
  const { WorkflowEngine } = await import('./engine.js');
  const e = engineOf(app);
  const checker = new WorkflowEngine(app.runtime, { hostId: 'app:workflows', store: e.store, log: app.runtime.log, replayOnly: true });
  return checker.replay(e.store.getRun(id)!);
}

test('starting a workflow id twice returns the existing run; spawn and exec work with workflow ids', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('steps', 'steps.lua') + fn('count', 'count.lua'),
    'src/steps.lua': STEPS, 'src/count.lua': COUNTING,
    'src/client.lua': `return { main = function()
      local pid = process.with_options({ ["workflow.id"] = "idem" }):spawn_monitored("app:steps", "app:workflows", 1)
      local id2 = workflow.start("app:steps", { id = "idem" }, 999)
      local ev = process.events():receive()
      local again, err = process.with_options({ ["workflow.id"] = "idem" }):exec("app:steps", "app:workflows", 7)
      return { pid = pid, id2 = id2, exit_b = ev.result.value.b, again_b = again.b, kind = ev.kind }
    end }`,
  });
  const app = await boot(root);
  const r = await exec(app, 'app:client');
  assert.equal(r.error, undefined, tostring(r.error));
  const t = r.value as LuaTable;
  assert.equal(t.getStr('id2'), 'idem');
  assert.equal(t.getStr('kind'), 'pid.exit');
  assert.equal(t.getStr('exit_b'), 4, 'the first start\'s argument (1) is used');
  assert.equal(t.getStr('again_b'), 4, 'exec of a finished id returns its stored result');
  assert.deepEqual(executions(root), { 'idem/a': 1, 'idem/b': 1 });
  assert.equal(engineOf(app).store.listRuns().length, 1);
  await app.supervisor.stopAll();
});

test('activities retry per their policy; errors that are final are returned', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('retry', 'retry.lua') + fn('flaky', 'flaky.lua'),
    'src/client.lua': CLIENT,
    'src/flaky.lua': `return { main = function(until_attempt, kind)
      local attempt = ctx.get("attempt")
      if attempt < until_attempt then return nil, errors.new({ kind = kind or errors.UNAVAILABLE, message = "try " .. attempt }) end
      return "ok after " .. attempt
    end }`,
    'src/retry.lua': `return { main = function()
      local fast = funcs.new():with_options({ ["activity.retry_policy"] = { initial_interval = "5ms", maximum_attempts = 4 } })
      local a = fast:call("app:flaky", 3)
      local b, berr = fast:call("app:flaky", 10)
      local nr = funcs.new():with_options({ activity = { retry_policy = { initial_interval = "5ms", non_retryable_error_types = { "Invalid" } } } })
      local c, cerr = nr:call("app:flaky", 2, errors.INVALID)
      local d, derr = funcs.call("app:missing")
      return { a = a, b = tostring(berr), c = tostring(cerr), d = derr:kind() }
    end }`,
  });
  const app = await boot(root);
  start(app, 'app:retry', 'retry');
  const run = await waitFinished(app, 'retry');
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.deepEqual(JSON.parse(run.result!), { a: 'ok after 3', b: 'try 4', c: 'try 1', d: 'NotFound' });
  await app.supervisor.stopAll();
});

test('a durable sleep survives a restart and wakes at the time it was set for', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('sleeper', 'sleeper.lua'),
    'src/client.lua': CLIENT,
    'src/sleeper.lua': `return { main = function()
      local t0 = time.now()
      time.sleep("1500ms")
      return time.now():sub(t0):milliseconds()
    end }`,
  });
  let app = await boot(root);
  const t0 = Date.now();
  start(app, 'app:sleeper', 'nap');
  await new Promise((r) => setTimeout(r, 300));
  await app.supervisor.stopAll();
  await new Promise((r) => setTimeout(r, 300));
  app = await boot(root);
  const run = await waitFinished(app, 'nap', 4000);
  const woke = Date.now() - t0;
  assert.equal(run.status, 'completed');
  const slept = JSON.parse(run.result!);
  // restarting the whole sleep after the restart (at ~600 ms) would end after 2100 ms
  assert.ok(slept >= 1500 && slept < 2000, `slept ${slept} ms by the workflow's clock`);
  assert.ok(woke >= 1500 && woke < 2050, `finished ${woke} ms after the start`);
  await app.supervisor.stopAll();
});

test('a signal sent while the runtime is down is delivered after the restart', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('waiter', 'waiter.lua'),
    'src/client.lua': CLIENT,
    'src/waiter.lua': `return { main = function()
      local inbox = process.inbox()
      local m1 = inbox:receive()
      local approvals = process.listen("approve")
      local v = approvals:receive()
      return { first = m1:topic(), data = m1:payload():data(), approved_by = v.by }
    end }`,
  });
  let app = await boot(root);
  start(app, 'app:waiter', 'sig');
  // a live signal through the process: process.send to the workflow id
  await exec(app, 'app:client');
  const p = app.runtime.node.resolve('sig');
  assert.ok(p, 'the workflow id names its process');
  p.deliver({ topic: 'hello', from: 'test', payloads: [toLua({ n: 1 })] });
  await waitFor(() => engineOf(app).store.steps('sig').length === 1);
  await app.supervisor.stopAll();

  // the runtime is down: the CLI writes the signal into the store
  const { workflowSignal } = await import('../cli/workflow.js');
  const write = process.stdout.write;
  process.stdout.write = (() => true) as never;
  try {
    assert.equal(workflowSignal(root, 'sig', 'approve', '{"by":"ops"}', {}), 0);
  } finally {
    process.stdout.write = write;
  }
  app = await boot(root);
  const run = await waitFinished(app, 'sig');
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.deepEqual(JSON.parse(run.result!), { first: 'hello', data: { n: 1 }, approved_by: 'ops' });
  await app.supervisor.stopAll();
});

test('code changed under a running workflow blocks it with a report; a version marker keeps old runs on their path', async () => {
  const v1 = `return { main = function()
    local a = funcs.call("app:count", "a", 1)
    time.sleep("400ms")
    local b = funcs.call("app:count", "b", a)
    return a + b
  end }`;
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('flow', 'flow.lua') + fn('count', 'count.lua') + fn('other', 'count.lua'),
    'src/flow.lua': v1, 'src/count.lua': COUNTING, 'src/client.lua': CLIENT,
  });
  let app = await boot(root);
  start(app, 'app:flow', 'old');
  await waitFor(() => engineOf(app).store.steps('old').some((s) => s.kind === 'sleep'));
  await app.supervisor.stopAll();

  // v2 calls another activity first: the history says step 1 was app:count
  writeFileSync(join(root, 'src/flow.lua'), `return { main = function()
    local z = funcs.call("app:other", "z", 1)
    time.sleep("400ms")
    return z
  end }`);
  app = await boot(root);
  await waitFor(() => engineOf(app).store.getRun('old')!.status === 'blocked');
  const blocked = engineOf(app).store.getRun('old')!;
  assert.match(blocked.report!, /non-determinism at step 1: the history has call 'app:count', the code now does call 'app:other'/);
  await app.supervisor.stopAll();

  // v3: the change behind a version marker; the old run takes the old path
  writeFileSync(join(root, 'src/flow.lua'), `return { main = function()
    local v = workflow.version("double-b", 0, 1)
    local a = funcs.call("app:count", "a", 1)
    time.sleep("400ms")
    local b = funcs.call("app:count", "b", a)
    if v == 1 then b = b * 10 end
    return a + b
  end }`);
  app = await boot(root);
  const old = await waitFinished(app, 'old', 3000);
  assert.equal(old.status, 'completed', old.report ?? old.error ?? '');
  assert.equal(JSON.parse(old.result!), 2 + 4);
  start(app, 'app:flow', 'new');
  const fresh = await waitFinished(app, 'new', 3000);
  assert.equal(JSON.parse(fresh.result!), 2 + 40);
  assert.equal(engineOf(app).store.steps('new')[0].kind, 'version');
  assert.deepEqual(executions(root), { 'old/a': 1, 'old/b': 1, 'new/a': 1, 'new/b': 1 });
  await app.supervisor.stopAll();
});

test('cancel: the run sees CANCELED at its durable wait and may compensate; terminate stops it at once', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('long', 'long.lua') + wf('plain', 'plain.lua') + wf('listen', 'listen.lua') + fn('count', 'count.lua'),
    'src/count.lua': COUNTING, 'src/client.lua': CLIENT,
    'src/long.lua': `return { main = function()
      local ok, err = pcall(time.sleep, "10s")
      if not ok then
        funcs.call("app:count", "compensate", 1)
        return { canceled = err:kind(), message = err:message() }
      end
      return "slept"
    end }`,
    'src/plain.lua': 'return { main = function() time.sleep("10s") return "slept" end }',
    'src/listen.lua': `return { main = function()
      local ch = process.listen("go")
      local r = channel.select { ch:case_receive(), time.after("10s"):case_receive() }
      if not r.ok then
        funcs.call("app:count", "undo", 1)
        return nil, errors.new({ kind = errors.CANCELED, message = "undone" })
      end
      return "went"
    end }`,
  });
  const app = await boot(root);
  const e = engineOf(app);
  start(app, 'app:long', 'c1');
  start(app, 'app:plain', 'c2');
  start(app, 'app:plain', 'c3');
  start(app, 'app:listen', 'c4');
  await waitFor(() => ['c1', 'c2', 'c3', 'c4'].every((id) => e.store.steps(id).length === 1));
  e.cancel('c1', 'customer left');
  e.cancel('c2', 'no longer needed');
  e.terminate('c3', 'stop now');
  e.cancel('c4', 'undo it');
  const [c1, c2, c3, c4] = await Promise.all(['c1', 'c2', 'c3', 'c4'].map((id) => waitFinished(app, id)));
  assert.equal(c4.status, 'canceled');
  assert.match(c4.error!, /undone/);
  assert.deepEqual(e.store.steps('c4').map((s) => s.kind), ['timer', 'cancel', 'call']);
  assert.equal(c1.status, 'completed');
  assert.deepEqual(JSON.parse(c1.result!), { canceled: 'Canceled', message: 'workflow canceled: customer left' });
  assert.deepEqual(executions(root), { 'c1/compensate': 1, 'c4/undo': 1 });
  assert.equal(c2.status, 'canceled');
  assert.match(c2.error!, /no longer needed/);
  assert.equal(c3.status, 'terminated');
  assert.deepEqual(e.store.steps('c1').map((s) => s.kind), ['sleep', 'cancel', 'call']);
  await app.supervisor.stopAll();
});

test('child workflows: workflow.exec runs a child run whose result is recorded in the parent', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('parent', 'parent.lua') + wf('child', 'child.lua') + fn('count', 'count.lua'),
    'src/count.lua': COUNTING, 'src/client.lua': CLIENT,
    'src/parent.lua': `return { main = function(n)
      local a = workflow.exec("app:child", n)
      local b, err = process.exec("app:child", "app:workflows", -1)
      return { a = a, b = b, err = tostring(err), info = workflow.info().workflow_id }
    end }`,
    'src/child.lua': `return { main = function(n)
      if n < 0 then return nil, errors.new({ kind = errors.INVALID, message = "negative" }) end
      return funcs.call("app:count", "c", n)
    end }`,
  });
  const app = await boot(root);
  start(app, 'app:parent', 'p', 3);
  const run = await waitFinished(app, 'p');
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.deepEqual(JSON.parse(run.result!), { a: 6, err: 'negative', info: 'p' });
  const e = engineOf(app);
  assert.equal(e.store.getRun('p/1')!.status, 'completed');
  assert.equal(e.store.getRun('p/1')!.parent, 'p');
  assert.equal(e.store.getRun('p/2')!.status, 'failed');
  await app.supervisor.stopAll();
});

test('workflows are refused modules that are not deterministic, and finished runs stay queryable', async () => {
  const root = writeApp({
    'src/_index.yaml': HEADER + wf('bad', 'bad.lua', 'env') + wf('ok', 'ok.lua', 'json') + wf('spawner', 'spawner.lua'),
    'src/client.lua': CLIENT,
    'src/bad.lua': 'return { main = function() return 1 end }',
    'src/ok.lua': 'return { main = function(x) return json.encode({ x = x }) end }',
    'src/spawner.lua': `return { main = function()
      coroutine.spawn(function() time.sleep("1ms") end)
      time.sleep("50ms")
      return "not reached"
    end }`,
  });
  const app = await boot(root);
  const r = engineOf(app).startRun('app:bad', 'b', []);
  assert.ok(!('kind' in r));
  assert.equal(r.run.status, 'failed');
  assert.match(r.run.error!, /module 'env' is not available to workflows/);
  start(app, 'app:ok', 'k', 3);
  const ok = await waitFinished(app, 'k');
  assert.equal(JSON.parse(ok.result!), '{"x":3}');
  assert.ok(FINISHED.has(engineOf(app).store.getRun('b')!.status));
  start(app, 'app:spawner', 's');
  const s = await waitFinished(app, 's');
  assert.equal(s.status, 'failed');
  assert.match(s.error!, /durable operations must run on the workflow's main coroutine/);
  await app.supervisor.stopAll();
});
