// Starting a workflow id that is taken: id_conflict_policy for a running run, id_reuse_policy
// for a finished one, through workflow.start options and process spawn options.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type App } from '../system/boot.js';
import { createLog } from '../system/log.js';
import { writeApp } from '../system/testing.js';
import { toLua } from '../system/convert.js';
import { LuaTable } from '../lua/runtime/table.js';
import { tostring } from '../lua/runtime/ops.js';
import { workflowEngines } from './hosts.js';
import type { WorkflowEngine } from './engine.js';
import type { RunRecord } from './store.js';
import { startPolicyOf } from './start-policy.js';

const APP = {
  'src/_index.yaml': `version: "1.0"
namespace: app
entries:
  - name: workflows
    kind: workflow.host
  - name: echo
    kind: workflow.lua
    source: file://echo.lua
    method: main
    modules: [time]
  - name: boom
    kind: workflow.lua
    source: file://boom.lua
    method: main
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: client
    kind: process.lua
    source: file://client.lua
    method: main
    modules: [workflow]
`,
  'src/echo.lua': `return { main = function(x, ms)
  if ms then time.sleep(ms) end
  return x
end }`,
  'src/boom.lua': 'return { main = function(x) error("boom " .. tostring(x)) end }',
  // each start's outcome: the run's result, or the error's kind
  'src/client.lua': `return { main = function(entry, opts, x)
  local id, err = workflow.start(entry, opts, x)
  if err then return "error: " .. tostring(err:kind()) .. ": " .. tostring(err) end
  local r, werr = workflow.wait(id)
  if werr then return "failed: " .. tostring(werr) end
  return r
end }`,
};

function engineOf(app: App): WorkflowEngine {
  const e = workflowEngines(app.runtime).get('app:workflows');
  assert.ok(e);
  return e;
}

function waitFinished(e: WorkflowEngine, id: string): Promise<RunRecord> {
  return new Promise((resolve, reject) => {
    const h = setTimeout(() => reject(new Error(`${id} did not finish`)), 5000);
    e.whenFinished(id, (r) => { clearTimeout(h); resolve(r); });
  });
}

function opts(o: Record<string, unknown>): LuaTable {
  return toLua(o) as LuaTable;
}

test('id_conflict_policy: use_existing returns the running run, fail refuses, terminate_existing replaces it', async () => {
  const app = await startApp(writeApp(APP), createLog({ silent: true }));
  const e = engineOf(app);
  const first = e.startRun('app:echo', 'x', [toLua('first'), toLua('300ms')]);
  assert.ok(!('kind' in first) && first.created);

  const same = e.startRun('app:echo', 'x', [toLua('second')], { policy: { conflict: 'use_existing' } });
  assert.ok(!('kind' in same));
  assert.equal(same.created, false);
  assert.equal(same.run.args, '["first","300ms"]');

  const refused = e.startRun('app:echo', 'x', [toLua('third')], { policy: { conflict: 'fail' } });
  assert.ok('kind' in refused);
  assert.equal(refused.kind, 'AlreadyExists');
  assert.match(refused.message, /workflow id 'x' is already running/);

  const replaced = e.startRun('app:echo', 'x', [toLua('fourth')], { policy: { conflict: 'terminate_existing' } });
  assert.ok(!('kind' in replaced));
  assert.equal(replaced.created, true);
  const done = await waitFinished(e, 'x');
  assert.equal(done.status, 'completed');
  assert.equal(done.result, '"fourth"');
  assert.deepEqual(e.store.steps('x'), []); // the new run never slept: the old history is gone
  await app.supervisor.stopAll();
});

test('id_reuse_policy: a finished id is returned by default, rerun with allow_duplicate, refused by reject_duplicate', async () => {
  const app = await startApp(writeApp(APP), createLog({ silent: true }));
  const e = engineOf(app);
  e.startRun('app:echo', 'done', [toLua(1)]);
  assert.equal((await waitFinished(e, 'done')).result, '1');

  const again = e.startRun('app:echo', 'done', [toLua(2)]);
  assert.ok(!('kind' in again));
  assert.equal(again.created, false);
  assert.equal(again.run.result, '1');

  const rejected = e.startRun('app:echo', 'done', [toLua(3)], { policy: { reuse: 'reject_duplicate' } });
  assert.ok('kind' in rejected && rejected.kind === 'AlreadyExists');
  const failedOnly = e.startRun('app:echo', 'done', [toLua(4)], { policy: { reuse: 'allow_duplicate_failed_only' } });
  assert.ok('kind' in failedOnly && /completed \(id_reuse_policy allow_duplicate_failed_only\)/.test(failedOnly.message));

  const rerun = e.startRun('app:echo', 'done', [toLua(5)], { policy: { reuse: 'allow_duplicate' } });
  assert.ok(!('kind' in rerun) && rerun.created);
  assert.equal((await waitFinished(e, 'done')).result, '5');

  e.startRun('app:boom', 'b', [toLua(1)]);
  assert.equal((await waitFinished(e, 'b')).status, 'failed');
  const retry = e.startRun('app:boom', 'b', [toLua(2)], { policy: { reuse: 'allow_duplicate_failed_only' } });
  assert.ok(!('kind' in retry) && retry.created);
  assert.match((await waitFinished(e, 'b')).error!, /boom 2/);
  await app.supervisor.stopAll();
});

test('start policies from Lua: workflow.start options and process spawn options; bad values are named', async () => {
  const app = await startApp(writeApp(APP), createLog({ silent: true }));
  const e = engineOf(app);
  e.startRun('app:echo', 'y', [toLua('old'), toLua('2s')]);
  const run = (o: Record<string, unknown>, x: unknown) => new Promise<unknown>((resolve, reject) => {
    const p = app.runtime.spawn(undefined, 'app:client', 'app:terminal', [toLua('app:echo'), opts({ id: 'y', ...o }), toLua(x)], {});
    if ('kind' in p) reject(new Error(p.message));
    else p.onExit((r) => resolve(r.error !== undefined ? tostring(r.error) : r.value));
  });
  assert.match(String(await run({ id_conflict_policy: 'fail' }, 'a')), /^error: AlreadyExists: .*already running/);
  assert.match(String(await run({ id_conflict_policy: 'sometimes' }, 'a')), /id_conflict_policy must be one of use_existing, fail, terminate_existing, not 'sometimes'/);
  assert.equal(await run({ id_conflict_policy: 'terminate_existing' }, 'new'), 'new');

  assert.deepEqual(startPolicyOf((k) => ({ 'execution_error_when_already_started': true } as Record<string, unknown>)[k]), { conflict: 'fail' });
  assert.match(String(startPolicyOf((k) => (k === 'id_reuse_policy' ? 'never' : undefined))), /id_reuse_policy must be one of/);
  await app.supervisor.stopAll();
});
