// Crash test: `wippy run` with 20 concurrent multi-step workflows is killed with SIGKILL at
// random moments several times and restarted; in the end every workflow has finished with
// the right result, and every step's effect is in the effects table exactly once.
//
// Each activity writes its effect keyed by (workflow id, step) (a UNIQUE key: INSERT OR
// IGNORE), and logs every execution in an attempts table: a step that ran again after a
// kill (it completed, but the kill came before it was recorded) shows up there only.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { writeApp } from '../system/testing.js';
import { checkEffects, checkJobRun, jobEntries, jobSources, openEffects, runWippy, sleep, type JobRun } from './testing-crash.js';

const WORKFLOWS = 20;
const STEPS = 14;
const IDS = Array.from({ length: WORKFLOWS }, (_, i) => i + 1);

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
${jobEntries('.wippy/effects.db')}`,
  ...jobSources(STEPS, IDS),
};

test('kill -9 at random moments: every workflow finishes with the right result, every effect exactly once', async (t) => {
  const root = writeApp(APP);
  mkdirSync(join(root, '.wippy'), { recursive: true });
  const fx = openEffects(join(root, '.wippy/effects.db'));
  const count = fx.count;

  const kills = 5 + Math.floor(Math.random() * 4);
  const progress: number[] = [];
  for (let k = 0; k < kills; k++) {
    const r = runWippy(root);
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
  const r = runWippy(root);
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
  const runs = db.prepare('SELECT id, status, result, error FROM wf_runs ORDER BY id').all() as JobRun[];
  assert.equal(runs.length, WORKFLOWS);
  for (const run of runs) {
    const kinds = (db.prepare('SELECT kind FROM wf_steps WHERE run_id = ? ORDER BY seq').all(run.id) as { kind: string }[]).map((s) => s.kind);
    checkJobRun(run, kinds, STEPS);
  }
  db.close();

  // every step's effect exactly once, with the value of the recorded step
  checkEffects(fx, IDS, STEPS);
  const attempts = count('SELECT COUNT(*) AS n FROM attempts');
  assert.ok(attempts >= WORKFLOWS * STEPS);
  t.diagnostic(`${kills} kills; effects after each: ${progress.join(', ')}; activity executions ${attempts} for ${WORKFLOWS * STEPS} steps`);
  fx.db.close();
});
