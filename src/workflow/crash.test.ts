// Crash test: `wippy run` with 20 concurrent multi-step workflows is killed with SIGKILL at
// random moments several times and restarted; in the end every workflow has finished with
// the right result, and every step's effect is in the effects table exactly once.
//
// Each activity writes its effect keyed by (workflow id, step) (a UNIQUE key: INSERT OR
// IGNORE), and logs every execution in an attempts table: a step that ran again after a
// kill (it completed, but the kill came before it was recorded) shows up there only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { writeApp } from '../system/testing.js';

const WORKFLOWS = 20;
const STEPS = 14;

const APP = {
  'src/_index.yaml': `version: "1.0"
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
  - name: job
    kind: workflow.lua
    source: file://job.lua
    method: main
    modules: [funcs, time]
  - name: effect
    kind: function.lua
    source: file://effect.lua
    method: main
    modules: [sql, ctx, time]
  - name: start
    kind: process.lua
    source: file://start.lua
    method: main
    modules: [workflow]
  - name: starter
    kind: process.service
    process: app:start
    host: app:processes
    lifecycle: { auto_start: true, depends_on: [app:workflows] }
`,
  'src/job.lua': `return { main = function(n)
  local acc = 0
  for step = 1, ${STEPS} do
    local v, err = funcs.call("app:effect", n, step, acc)
    if err then return nil, err end
    acc = v
    time.sleep(tostring(math.random(40, 160)) .. "ms")
  end
  return acc
end }`,
  'src/effect.lua': `local sql = require("sql")
return { main = function(n, step, acc)
  local db = assert(sql.get("app:effects"))
  local wf = ctx.get("workflow_id")
  db:execute("INSERT INTO attempts (wf, step) VALUES (?, ?)", { wf, step })
  local _, err = db:execute("INSERT OR IGNORE INTO effects (wf, step, value) VALUES (?, ?, ?)", { wf, step, acc + n * step })
  if err then return nil, err end
  time.sleep("10ms") -- a window where a kill leaves a done effect unrecorded
  return acc + n * step
end }`,
  // starting an id twice returns the existing run, so every boot may start them all again
  'src/start.lua': `return { main = function()
  for i = 1, ${WORKFLOWS} do
    local _, err = workflow.start("app:job", { id = "job-" .. i }, i)
    if err then error(err) end
  end
end }`,
};

const wippy = join(process.cwd(), 'bin/wippy.js');

function run(root: string): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [wippy, '-s', 'run'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, exited, stderr: () => err };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('kill -9 at random moments: every workflow finishes with the right result, every effect exactly once', async (t) => {
  const root = writeApp(APP);
  mkdirSync(join(root, '.wippy'), { recursive: true });
  const fx = new Database(join(root, '.wippy/effects.db'));
  fx.pragma('journal_mode = WAL');
  fx.exec(`CREATE TABLE effects (wf TEXT NOT NULL, step INTEGER NOT NULL, value INTEGER NOT NULL, UNIQUE (wf, step));
           CREATE TABLE attempts (wf TEXT NOT NULL, step INTEGER NOT NULL);`);
  const count = (sql: string) => (fx.prepare(sql).get() as { n: number }).n;

  const kills = 5 + Math.floor(Math.random() * 4);
  const progress: number[] = [];
  for (let k = 0; k < kills; k++) {
    const r = run(root);
    // kill once this life has made progress (boot time varies with the machine's load)
    const before = count('SELECT COUNT(*) AS n FROM attempts');
    const until = Date.now() + 5000;
    while (Date.now() < until && count('SELECT COUNT(*) AS n FROM attempts') === before) await sleep(10);
    await sleep(Math.random() * 400);
    r.child.kill('SIGKILL');
    await r.exited;
    progress.push(count('SELECT COUNT(*) AS n FROM effects'));
  }

  // the last run goes to the end
  const r = run(root);
  const wfdb = () => new Database(join(root, '.wippy/workflows.db'), { readonly: true });
  const deadline = Date.now() + 30000;
  let done = 0;
  while (Date.now() < deadline) {
    await sleep(100);
    try {
      const db = wfdb();
      done = (db.prepare("SELECT COUNT(*) AS n FROM wf_runs WHERE status != 'running'").get() as { n: number }).n;
      db.close();
    } catch {
      continue; // not created yet
    }
    if (done === WORKFLOWS) break;
  }
  r.child.kill('SIGTERM');
  await r.exited;
  assert.equal(done, WORKFLOWS, `finished ${done} of ${WORKFLOWS}; effects after each kill: ${progress.join(', ')}; stderr: ${r.stderr()}`);

  const db = wfdb();
  const runs = db.prepare('SELECT id, status, result, error FROM wf_runs ORDER BY id').all() as { id: string; status: string; result: string; error: string }[];
  for (const run of runs) {
    const n = Number(run.id.slice(4));
    assert.equal(run.status, 'completed', `${run.id}: ${run.error}`);
    // sum over steps of n * step
    assert.equal(JSON.parse(run.result), n * (STEPS * (STEPS + 1)) / 2, run.id);
    const kinds = (db.prepare('SELECT kind FROM wf_steps WHERE run_id = ? ORDER BY seq').all(run.id) as { kind: string }[]).map((s) => s.kind);
    assert.deepEqual(kinds, Array.from({ length: STEPS }, () => ['call', 'sleep']).flat(), `${run.id} history`);
  }
  db.close();

  // every step's effect exactly once, with the value of the recorded step
  assert.equal(count('SELECT COUNT(*) AS n FROM effects'), WORKFLOWS * STEPS);
  for (let i = 1; i <= WORKFLOWS; i++) {
    const rows = fx.prepare('SELECT step, value FROM effects WHERE wf = ? ORDER BY step').all(`job-${i}`) as { step: number; value: number }[];
    assert.deepEqual(rows.map((x) => x.step), Array.from({ length: STEPS }, (_, s) => s + 1));
    let acc = 0;
    for (const row of rows) {
      acc += i * row.step;
      assert.equal(row.value, acc, `job-${i} step ${row.step}`);
    }
  }
  const attempts = count('SELECT COUNT(*) AS n FROM attempts');
  assert.ok(attempts >= WORKFLOWS * STEPS);
  t.diagnostic(`${kills} kills; effects after each: ${progress.join(', ')}; activity executions ${attempts} for ${WORKFLOWS * STEPS} steps`);
  fx.close();
});
