// Several `wippy run` nodes (child processes running the CLI) on one throwaway PostgreSQL
// server: kill -9 of one node mid-run, the others finish its workflows; kill -9 at random
// moments of a single node; timers and signals across a restart. Effects are written by
// the activities to a SQLite file keyed by (workflow, step), so a step whose effect would
// be applied twice shows up as a duplicate attempt, never as a second effect.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../system/testing-postgres.js';
import { writeApp } from '../system/testing.js';
import { checkEffects, checkJobRun, jobEntries, jobSources, openEffects, runWippy, sleep, waitUntil, type EffectsDb, type JobRun, type WippyNode } from './testing-crash.js';

const wippy = join(process.cwd(), 'bin/wippy.js');
const LEASE_MS = 2000;

let server: PostgresServer;
let dbs = 0;
before(async () => { server = await startPostgres(); });
after(() => server?.stop());

/** An app whose workflow host keeps its runs in database `db` of the test server. */
function index(db: string, extra = ''): string {
  return `version: "1.0"
namespace: app
entries:
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
  - name: pg
    kind: db.sql.postgres
    host: 127.0.0.1
    port: \${env:WF_TEST_PG_PORT}
    database: ${db}
    username: postgres
  - name: workflows
    kind: workflow.host
    store: pg
    poll_interval: 50ms
    lease: ${LEASE_MS}ms
    heartbeat_interval: 400ms
    takeover_interval: 200ms
${extra}`;
}

/** The multi-step job app (testing-crash.ts) on this server's database `db`. */
function jobApp(db: string, effectsFile: string, steps: number, ids: number[], pauseMs?: [number, number]): Record<string, string> {
  return { 'src/_index.yaml': index(db, jobEntries(effectsFile)), ...jobSources(steps, ids, pauseMs) };
}

function effectsDb(): EffectsDb {
  return openEffects(join(mkdtempSync(join(tmpdir(), 'wippy-fx-')), 'effects.db'));
}

const node = (root: string): WippyNode => runWippy(root, { WF_TEST_PG_PORT: String(server.port) });

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Every job finished with the right result and history; each effect once, in order. */
async function checkJobs(url: string, fx: EffectsDb, ids: number[], steps: number): Promise<void> {
  const runs = await query<JobRun>(url, 'SELECT id, status, result, error FROM wf_runs ORDER BY id');
  assert.equal(runs.length, ids.length);
  for (const run of runs) {
    const kinds = (await query<{ kind: string }>(url, 'SELECT kind FROM wf_steps WHERE run_id = $1 ORDER BY seq', [run.id])).map((s) => s.kind);
    checkJobRun(run, kinds, steps);
  }
  checkEffects(fx, ids, steps);
}

test('two nodes share a PostgreSQL store: kill -9 one mid-run, the other takes its runs over within the lease and finishes every workflow, every effect once', async (t) => {
  const WORKFLOWS = 16;
  const STEPS = 10;
  const db = `nodes_${++dbs}`;
  const url = server.createDatabase(db);
  const fx = effectsDb();
  const ids = Array.from({ length: WORKFLOWS }, (_, i) => i + 1);
  // each node starts its half; a start of an id the other node made is a no-op. Pauses of
  // 200-400 ms make a run last seconds, so node A's runs are still going when a loaded
  // machine has booted node B.
  const rootA = writeApp(jobApp(db, fx.file, STEPS, ids.slice(0, WORKFLOWS / 2), [200, 400]));
  const rootB = writeApp(jobApp(db, fx.file, STEPS, ids.slice(WORKFLOWS / 2), [200, 400]));
  const a = node(rootA);
  const b = node(rootB);
  try {
    let seen = '';
    await waitUntil('both nodes to own running workflows', 60000, async () => {
      const owners = await query<{ owner: string; n: number }>(url, `SELECT owner, COUNT(*)::int AS n FROM wf_runs WHERE status = 'running' GROUP BY owner`).catch(() => []);
      seen = `owners ${JSON.stringify(owners)}, effects ${fx.count('SELECT COUNT(*) AS n FROM effects')}`;
      return owners.length === 2 && fx.count('SELECT COUNT(*) AS n FROM effects') >= WORKFLOWS;
    }).catch((e: Error) => { throw new Error(`${e.message}; last seen: ${seen}; A: ${a.stderr()} B: ${b.stderr()}`); });
    const ownerA = (await query<{ id: string }>(url, 'SELECT id FROM wf_nodes')).map((r) => r.id);
    const aRuns = (await query<{ id: string; owner: string }>(url, `SELECT id, owner FROM wf_runs WHERE status = 'running' AND id = ANY($1)`, [ids.slice(0, WORKFLOWS / 2).map((i) => `job-${i}`)]));
    assert.ok(aRuns.length > 0, 'node A runs some of its workflows at the kill');
    const aOwner = aRuns[0]!.owner;
    assert.ok(ownerA.includes(aOwner));
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    const orphanIds = aRuns.filter((r) => r.owner === aOwner).map((r) => r.id);

    await waitUntil('node B to finish every workflow', 60000, async () => {
      const r = await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM wf_runs WHERE status <> 'running'`);
      return r[0]!.n === WORKFLOWS;
    }).catch((e: Error) => { throw new Error(`${e.message}; node B stderr: ${b.stderr()}`); });

    // the dead node's runs moved to B; B's first new step on them came within the lease
    const moved = await query<{ id: string; owner: string }>(url, 'SELECT id, owner FROM wf_runs WHERE id = ANY($1)', [orphanIds]);
    const ownerB = (await query<{ id: string }>(url, 'SELECT id FROM wf_nodes WHERE id <> $1', [aOwner]))[0]!.id;
    for (const r of moved) assert.equal(r.owner, ownerB, `${r.id} taken over by node B`);
    const first = await query<{ t: number }>(url, 'SELECT MIN(created_at)::float8 AS t FROM wf_steps WHERE run_id = ANY($1) AND created_at > $2', [orphanIds, killedAt]);
    const takeoverMs = first[0]!.t - killedAt;
    assert.ok(takeoverMs <= LEASE_MS + 5000, `first step after the kill came ${takeoverMs} ms later (lease ${LEASE_MS} ms)`);
    await checkJobs(url, fx, ids, STEPS);
    const attempts = fx.count('SELECT COUNT(*) AS n FROM attempts');
    t.diagnostic(`${orphanIds.length} runs taken over; first step ${takeoverMs} ms after the kill; ${attempts} activity executions for ${WORKFLOWS * STEPS} steps`);
  } finally {
    a.child.kill('SIGKILL');
    b.child.kill('SIGTERM');
    await Promise.all([a.exited, b.exited]);
    fx.db.close();
  }
});

test('kill -9 at random moments on PostgreSQL: every workflow finishes with the right result, every effect exactly once', async (t) => {
  const WORKFLOWS = 10;
  const STEPS = 8;
  const db = `crash_${++dbs}`;
  const url = server.createDatabase(db);
  const fx = effectsDb();
  const ids = Array.from({ length: WORKFLOWS }, (_, i) => i + 1);
  const root = writeApp(jobApp(db, fx.file, STEPS, ids));
  const kills = 3 + Math.floor(Math.random() * 3);
  const progress: number[] = [];
  for (let k = 0; k < kills; k++) {
    const r = node(root);
    const before = fx.count('SELECT COUNT(*) AS n FROM attempts');
    // a restarted node has a new identity: it waits for the killed one's lease to run out
    const until = Date.now() + LEASE_MS + 8000;
    while (Date.now() < until && fx.count('SELECT COUNT(*) AS n FROM attempts') === before) await sleep(10);
    await sleep(Math.random() * 400);
    r.child.kill('SIGKILL');
    await r.exited;
    progress.push(fx.count('SELECT COUNT(*) AS n FROM effects'));
  }
  const r = node(root);
  try {
    await waitUntil('every workflow to finish', 40000, async () => {
      const rows = await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM wf_runs WHERE status <> 'running'`).catch(() => [{ n: 0 }]);
      return rows[0]!.n === WORKFLOWS;
    }).catch((e: Error) => { throw new Error(`${e.message}; effects after each kill: ${progress.join(', ')}; stderr: ${r.stderr()}`); });
    await checkJobs(url, fx, ids, STEPS);
    t.diagnostic(`${kills} kills; effects after each: ${progress.join(', ')}; activity executions ${fx.count('SELECT COUNT(*) AS n FROM attempts')} for ${WORKFLOWS * STEPS} steps`);
  } finally {
    r.child.kill('SIGTERM');
    await r.exited;
    fx.db.close();
  }
});

test('timers and signals across a kill -9 on PostgreSQL: the sleep ends at its recorded time, a signal sent while the node is down is received after the restart', async () => {
  const db = `timers_${++dbs}`;
  const url = server.createDatabase(db);
  const root = writeApp({
    'src/_index.yaml': index(db, `  - name: waiter
    kind: workflow.lua
    source: file://waiter.lua
    method: main
    modules: [time]
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
`),
    'src/waiter.lua': `return { main = function()
  local t0 = time.now()
  time.sleep("3s")
  local slept = time.now():sub(t0):milliseconds()
  local v = process.listen("go"):receive()
  return { slept = slept, got = v }
end }`,
    'src/start.lua': `return { main = function()
  local _, err = workflow.start("app:waiter", { id = "w" })
  if err then error(err) end
end }`,
  });
  mkdirSync(join(root, '.wippy'), { recursive: true });
  const first = node(root);
  await waitUntil('the run to start', 20000, async () =>
    (await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM wf_steps WHERE run_id = 'w'`).catch(() => [{ n: 0 }]))[0]!.n >= 1);
  const startedAt = Date.now();
  first.child.kill('SIGKILL');
  await first.exited;
  // the node is down: the CLI stores the signal in the shared store
  const sig = spawnSync(process.execPath, [wippy, 'workflow', 'signal', 'w', 'go', '{"by":"cli"}'], {
    cwd: root, encoding: 'utf8', env: { ...process.env, WF_TEST_PG_PORT: String(server.port) },
  });
  assert.equal(sig.status, 0, sig.stderr);
  const second = node(root);
  try {
    await waitUntil('the run to finish', 30000, async () =>
      (await query<{ status: string }>(url, `SELECT status FROM wf_runs WHERE id = 'w'`))[0]!.status !== 'running');
    const finishedAt = Date.now();
    const [run] = await query<{ status: string; result: string; error: string }>(url, `SELECT status, result, error FROM wf_runs WHERE id = 'w'`);
    assert.equal(run!.status, 'completed', run!.error);
    const result = JSON.parse(run!.result) as { slept: number; got: { by: string } };
    assert.deepEqual(result.got, { by: 'cli' });
    // the timer kept its recorded wake-up time across the kill: about 3 s from its start
    assert.ok(result.slept >= 3000 && result.slept < 3000 + LEASE_MS + 4000, `slept ${result.slept} ms`);
    assert.ok(finishedAt - startedAt >= 2500, 'the sleep was not skipped');
    const kinds = (await query<{ kind: string }>(url, `SELECT kind FROM wf_steps WHERE run_id = 'w' ORDER BY seq`)).map((s) => s.kind);
    assert.deepEqual(kinds, ['now', 'sleep', 'now', 'recv']);
  } finally {
    second.child.kill('SIGTERM');
    await second.exited;
  }
});

test('a run owned by one node: the other node starting its id gets that run, signals it and waits for its result', async () => {
  const db = `cross_${++dbs}`;
  const url = server.createDatabase(db);
  const fx = effectsDb();
  const files = (starter: string) => ({
    'src/_index.yaml': index(db, `  - name: effects
    kind: db.sql.sqlite
    file: ${fx.file}
  - name: waiter
    kind: workflow.lua
    source: file://waiter.lua
    method: main
  - name: start
    kind: process.lua
    source: file://start.lua
    method: main
    modules: [workflow, sql]
  - name: starter
    kind: process.service
    process: app:start
    host: app:processes
    lifecycle: { auto_start: true, depends_on: [app:workflows] }
`),
    'src/waiter.lua': `return { main = function(x)
  local v = process.listen("go"):receive()
  return x .. ":" .. v
end }`,
    'src/start.lua': starter,
  });
  const a = node(writeApp(files(`return { main = function()
  local _, err = workflow.start("app:waiter", { id = "w" }, "x")
  if err then error(err) end
end }`)));
  let b: WippyNode | undefined;
  try {
    await waitUntil('node A to start the run', 20000, async () =>
      (await query<{ n: number }>(url, `SELECT COUNT(*)::int AS n FROM wf_runs WHERE id = 'w'`).catch(() => [{ n: 0 }]))[0]!.n === 1);
    // node B: start the same id (gets A's run), signal it, wait for its result, record it
    b = node(writeApp(files(`local sql = require("sql")
return { main = function()
  local id, err = workflow.start("app:waiter", { id = "w" }, "ignored")
  local out
  if err then out = "start: " .. tostring(err)
  else
    local ok, serr = workflow.signal(id, "go", "from-b")
    if not ok then out = "signal: " .. tostring(serr)
    else
      local r, werr = workflow.wait(id)
      out = werr and ("wait: " .. tostring(werr)) or r
    end
  end
  sql.get("app:effects"):execute("INSERT INTO effects (wf, step, value) VALUES (?, 0, 0)", { out })
end }`)));
    await waitUntil('node B to record the outcome', 20000, () => fx.count('SELECT COUNT(*) AS n FROM effects') === 1)
      .catch((e: Error) => { throw new Error(`${e.message}; A: ${a.stderr()} B: ${b?.stderr()}`); });
    const out = (fx.db.prepare('SELECT wf FROM effects').get() as { wf: string }).wf;
    assert.equal(out, 'x:from-b');
    const [run] = await query<{ owner: string; args: string; status: string }>(url, `SELECT owner, args, status FROM wf_runs WHERE id = 'w'`);
    assert.equal(run!.status, 'completed');
    assert.equal(run!.args, '["x"]');
    const nodes = (await query<{ id: string }>(url, 'SELECT id FROM wf_nodes ORDER BY id')).map((r) => r.id);
    assert.equal(nodes.length, 2);
    assert.ok(nodes.includes(run!.owner), 'owned by a live node');
    // node A ran it (a node id is host:pid:random): B only started, signalled and waited
    assert.equal(run!.owner.split(':')[1], String(a.child.pid));
    const steps = await query<{ kind: string }>(url, `SELECT kind FROM wf_steps WHERE run_id = 'w'`);
    assert.deepEqual(steps.map((s) => s.kind), ['recv']);
  } finally {
    a.child.kill('SIGTERM');
    b?.child.kill('SIGTERM');
    await Promise.all([a.exited, b?.exited]);
    fx.db.close();
  }
});
