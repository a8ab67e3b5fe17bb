// Shared parts of the kill -9 tests: a `wippy run` child process, and the multi-step job
// whose activities leave their effects in a SQLite file keyed by (workflow, step), so a
// step applied twice shows up as a second attempt, never as a second effect.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const WIPPY = join(process.cwd(), 'bin/wippy.js');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface WippyNode {
  child: ChildProcess;
  exited: Promise<number | null>;
  stderr: () => string;
}

/** `wippy run` in `root` as a child process (stderr kept for failure messages). */
export function runWippy(root: string, env: Record<string, string> = {}): WippyNode {
  const child = spawn(process.execPath, [WIPPY, '-s', 'run'], {
    cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env },
  });
  let err = '';
  child.stderr!.on('data', (d) => { err += String(d); });
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, exited, stderr: () => err };
}

export async function waitUntil(what: string, deadlineMs: number, f: () => Promise<boolean> | boolean): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (await f()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Entries of the job app, after a host section: the effects DB, job, effect, starter. */
export function jobEntries(effectsFile: string): string {
  return `  - name: effects
    kind: db.sql.sqlite
    file: ${effectsFile}
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
`;
}

/** job(n): `steps` activities, each adding n*step to an accumulator, with durable sleeps of
 *  a random length in `pauseMs` after each. */
export function jobSources(steps: number, ids: number[], pauseMs: [number, number] = [40, 160]): Record<string, string> {
  return {
    'src/job.lua': `return { main = function(n)
  local acc = 0
  for step = 1, ${steps} do
    local v, err = funcs.call("app:effect", n, step, acc)
    if err then return nil, err end
    acc = v
    time.sleep(tostring(math.random(${pauseMs[0]}, ${pauseMs[1]})) .. "ms")
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
  for _, i in ipairs({ ${ids.join(', ')} }) do
    local _, err = workflow.start("app:job", { id = "job-" .. i }, i)
    if err then error(err) end
  end
end }`,
  };
}

export interface EffectsDb {
  file: string;
  db: Database.Database;
  count: (sql: string) => number;
}

/** The effects file the job's activities write to, with its two tables created. */
export function openEffects(file: string): EffectsDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE effects (wf TEXT NOT NULL, step INTEGER NOT NULL, value INTEGER NOT NULL, UNIQUE (wf, step));
           CREATE TABLE attempts (wf TEXT NOT NULL, step INTEGER NOT NULL);`);
  return { file, db, count: (sql) => (db.prepare(sql).get() as { n: number }).n };
}

export interface JobRun { id: string; status: string; result: string; error: string }

/** A finished job's run: completed, the right sum, and a call/sleep history per step. */
export function checkJobRun(run: JobRun, kinds: string[], steps: number): void {
  const n = Number(run.id.slice(4));
  assert.equal(run.status, 'completed', `${run.id}: ${run.error}`);
  assert.equal(JSON.parse(run.result), n * (steps * (steps + 1)) / 2, run.id);
  assert.deepEqual(kinds, Array.from({ length: steps }, () => ['call', 'sleep']).flat(), `${run.id} history`);
}

/** Every job's effects are there exactly once, in step order, with the accumulated value. */
export function checkEffects(fx: EffectsDb, ids: number[], steps: number): void {
  assert.equal(fx.count('SELECT COUNT(*) AS n FROM effects'), ids.length * steps);
  for (const i of ids) {
    const rows = fx.db.prepare('SELECT step, value FROM effects WHERE wf = ? ORDER BY step').all(`job-${i}`) as { step: number; value: number }[];
    assert.deepEqual(rows.map((x) => x.step), Array.from({ length: steps }, (_, s) => s + 1), `job-${i} effects`);
    let acc = 0;
    for (const row of rows) {
      acc += i * row.step;
      assert.equal(row.value, acc, `job-${i} step ${row.step}`);
    }
  }
}
