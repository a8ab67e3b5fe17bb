// workflow.continue_as_new: the same workflow id starts again with new arguments and an
// empty history; waiters get the end of the last run of the chain; a restart mid-chain
// resumes the current link, not the first one; a node that lost the run cannot continue it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startApp, type App } from '../system/boot.js';
import { createLog } from '../system/log.js';
import { writeApp } from '../system/testing.js';
import { toLua } from '../system/convert.js';
import { workflowEngines } from './hosts.js';
import type { WorkflowEngine } from './engine.js';
import type { RunRecord } from './store.js';
import { SqliteStore } from './sqlite-store.js';

const APP = {
  'src/_index.yaml': `version: "1.0"
namespace: app
entries:
  - name: workflows
    kind: workflow.host
    poll_interval: 50ms
  - name: fx
    kind: db.sql.sqlite
    file: .wippy/fx.db
  - name: loop
    kind: workflow.lua
    source: file://loop.lua
    method: main
    modules: [funcs, time, workflow]
  - name: count
    kind: function.lua
    source: file://count.lua
    method: main
    modules: [sql, ctx]
`,
  // sums 2*n + 2*(n-1) + ... + 2*1, one link of the chain per n
  'src/loop.lua': `return { main = function(n, acc)
  local v = funcs.call("app:count", n)
  time.sleep("40ms")
  if n > 1 then
    workflow.continue_as_new(n - 1, acc + v)
    error("not reached")
  end
  return { sum = acc + v, history = workflow.history_length() }
end }`,
  'src/count.lua': `local sql = require("sql")
return { main = function(n)
  local db = sql.get("app:fx")
  db:execute("CREATE TABLE IF NOT EXISTS calls (wf TEXT, n INTEGER)")
  db:execute("INSERT INTO calls (wf, n) VALUES (?, ?)", { ctx.get("workflow_id"), n })
  return n * 2
end }`,
};

const boot = (root: string): Promise<App> => startApp(root, createLog({ silent: true }));

function engineOf(app: App): WorkflowEngine {
  const e = workflowEngines(app.runtime).get('app:workflows');
  assert.ok(e);
  return e;
}

function waitFinished(e: WorkflowEngine, id: string, ms = 10000): Promise<RunRecord> {
  return new Promise((resolve, reject) => {
    const h = setTimeout(() => reject(new Error(`${id} did not finish: ${JSON.stringify(e.store.getRun(id))}`)), ms);
    e.whenFinished(id, (r) => { clearTimeout(h); resolve(r); });
  });
}

function calls(root: string): number[] {
  const db = new Database(join(root, '.wippy/fx.db'), { readonly: true });
  try {
    return (db.prepare('SELECT n FROM calls ORDER BY rowid').all() as { n: number }[]).map((r) => r.n);
  } finally {
    db.close();
  }
}

test('continue_as_new restarts the workflow id with new arguments and an empty history; the waiter gets the last result', async () => {
  const root = writeApp(APP);
  const app = await boot(root);
  const e = engineOf(app);
  const r = e.startRun('app:loop', 'chain', [toLua(5), toLua(0)]);
  assert.ok(!('kind' in r));
  const run = await waitFinished(e, 'chain');
  assert.equal(run.status, 'completed', run.error ?? '');
  // the last link saw only its own steps: call, sleep
  assert.deepEqual(JSON.parse(run.result!), { sum: 30, history: 2 });
  assert.equal(run.args, '[1,28]');
  assert.deepEqual(e.store.steps('chain').map((s) => s.kind), ['call', 'sleep']);
  assert.deepEqual(calls(root), [5, 4, 3, 2, 1]);
  await app.supervisor.stopAll();
});

test('a restart in the middle of a chain resumes the current link, and the arguments must be storable', async () => {
  const root = writeApp({
    ...APP,
    'src/_index.yaml': APP['src/_index.yaml'] + `  - name: bad
    kind: workflow.lua
    source: file://bad.lua
    method: main
    modules: [workflow]
`,
    'src/bad.lua': `return { main = function()
      local t = {}
      for _ = 1, 150 do t = { t } end
      workflow.continue_as_new(t)
    end }`,
  });
  let app = await boot(root);
  let e = engineOf(app);
  e.startRun('app:loop', 'chain', [toLua(6), toLua(0)]);
  const until = Date.now() + 10000;
  while (e.store.getRun('chain')!.args !== '[4,22]' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  await app.supervisor.stopAll();
  const mid = new SqliteStore(join(root, '.wippy/workflows.db'));
  const args = mid.getRun('chain')!.args;
  mid.close();
  assert.ok(args === '[4,22]' || args === '[3,30]', `stopped at link ${args}`);

  app = await boot(root);
  e = engineOf(app);
  const run = await waitFinished(e, 'chain');
  assert.equal(run.status, 'completed', run.error ?? '');
  assert.equal(JSON.parse(run.result!).sum, 42);
  // earlier links never ran again; at most the link in flight at the stop ran its activity twice
  const n = calls(root);
  assert.deepEqual([...new Set(n)], [6, 5, 4, 3, 2, 1]);
  assert.ok(n.length <= 7, `activity calls ${n.join(',')}`);

  const b = e.startRun('app:bad', 'bad', []);
  assert.ok(!('kind' in b));
  const bad = await waitFinished(e, 'bad');
  assert.equal(bad.status, 'failed');
  assert.match(bad.error!, /continue_as_new arguments: value nested too deeply/);
  await app.supervisor.stopAll();
});

test('continue_as_new is fenced: only the owner of an unfinished run may replace its history', () => {
  const root = writeApp({ 'x.txt': '' });
  const s = new SqliteStore(join(root, 'wf.db'));
  try {
    s.createRun({ id: 'r', entry: 'app:w', host: 'app:h', args: '[1]', owner: 'A' });
    s.recordStep({ runId: 'r', seq: 1, kind: 'call', name: 'f', output: '{}', createdAt: 1 });
    assert.equal(s.continueAsNew('r', '[2]', 'B'), false);
    assert.equal(s.steps('r').length, 1);
    assert.equal(s.continueAsNew('r', '[2]', 'A'), true);
    assert.deepEqual(s.steps('r'), []);
    assert.equal(s.getRun('r')!.args, '[2]');
    s.finishRun('r', 'completed', '1', null);
    assert.equal(s.continueAsNew('r', '[3]', 'A'), false);
  } finally {
    s.close();
  }
});
