// Durable workflow benchmark: the same 3-step workflow on wippy (SQLite store, PostgreSQL
// store) and on DBOS Transact (PostgreSQL), side by side in one run, on one throwaway
// PostgreSQL server started here with the server's default durability (fsync on).
//
//   npx tsc -p . && node bench/workflow/run.js [--n 1000] [--tput 3000] [--runs 3] [--out FILE]
//   node bench/workflow/run.js --render LOG     the report again from a run's stderr log
//
// Each system runs in its own Node process (wippy.js, dbos.js) with the workloads of
// measure.js, once per durability mode:
//   full     every step's commit is flushed to disk before the workflow goes on
//            (wippy `durability: full`; PostgreSQL synchronous_commit=on: DBOS's default)
//   batched  a commit survives a crash of the node process at once and reaches the disk
//            within a bounded delay (wippy's default `durability: batched`; for PostgreSQL,
//            wippy and DBOS both with synchronous_commit=off)
// On a shared machine the wall-clock rate depends on what else runs; the CPU time the
// process used per workflow (all its threads) does not, and 1 / that is the rate one core
// would sustain: "workflows / CPU-s".
// Runs are interleaved (run 1 of every job, then run 2, ...) so a change in machine load
// hits every system alike; the report shows medians over runs.

import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, median } from '../common.js';
import { startBenchPostgres } from './postgres.js';
import { arg } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const n = arg('--n', '1000');
const tput = arg('--tput', '3000');
const runs = Number(arg('--runs', '3'));

const jobs = [];
for (const durability of ['full', 'batched']) {
  for (const system of ['wippy, SQLite', 'wippy, PostgreSQL', 'DBOS Transact, PostgreSQL']) jobs.push({ system, durability });
}

const render = arg('--render');
const results = new Map();
let pgVersion = '';
if (render !== undefined) {
  // "run R/N SYSTEM (DURABILITY): {json}" lines, as printed below
  for (const line of readFileSync(render, 'utf8').split('\n')) {
    const m = /^run \d+\/\d+ (.+) \((full|batched)\): (\{.*\})$/.exec(line);
    if (m === null) continue;
    const key = `${m[1]}|${m[2]}`;
    results.set(key, [...(results.get(key) ?? []), JSON.parse(m[3])]);
  }
  pgVersion = arg('--pg-version', '?');
} else {
  const pg = await startBenchPostgres();
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => { pg.stop(); process.exit(130); });
  let dbs = 0;
  const fresh = () => {
    const db = `b${++dbs}`;
    pg.createDatabase(db);
    return db;
  };

  const argsOf = {
    'wippy, SQLite': (d) => ['wippy.js', '--store', 'sqlite', '--durability', d],
    'wippy, PostgreSQL': (d) => ['wippy.js', '--store', 'postgres', '--durability', d, '--port', String(pg.port), '--db', fresh()],
    'DBOS Transact, PostgreSQL': (d) => ['dbos.js', '--durability', d, '--port', String(pg.port), '--db', fresh()],
  };
  for (const j of jobs) j.args = () => argsOf[j.system](j.durability);

  for (let r = 0; r < runs; r++) {
    for (const j of jobs) {
      const p = spawnSync(process.execPath, [...j.args().map((a, i) => (i === 0 ? path.join(here, a) : a)), '--n', n, '--tput', tput],
        { encoding: 'utf8', timeout: 600_000 });
      const line = p.stdout.trim().split('\n').pop();
      if (p.status !== 0 || !line?.startsWith('{')) {
        process.stderr.write(`${j.system} (${j.durability}) failed:\n${p.stderr}\n`);
        continue;
      }
      const key = `${j.system}|${j.durability}`;
      results.set(key, [...(results.get(key) ?? []), JSON.parse(line)]);
      process.stderr.write(`run ${r + 1}/${runs} ${j.system} (${j.durability}): ${line}\n`);
    }
  }
  pg.stop();
  pgVersion = pg.version;
}

const f = (x, d = 2) => (x === undefined ? '-' : x.toFixed(d));
const rows = [];
for (const j of jobs) {
  const ms = results.get(`${j.system}|${j.durability}`);
  if (ms === undefined) continue;
  const m = (k) => median(ms.map((x) => x[k]).filter((x) => x !== undefined && x !== null));
  rows.push([`${j.system}, ${j.durability}`, f(m('p50')), f(m('p99')), f(m('perStep'), 3), j.system.startsWith('wippy') ? f(m('checkpointUs') / 1000, 3) : '-',
    f(m('perSec'), 0), f(m('cpuUsPerWf') / 1000, 3), f(1e6 / m('cpuUsPerWf'), 0)]);
}
const report = `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pgVersion};
${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; median of ${runs} runs;
${n} sequential workflows for latency, ${tput} at once for throughput.

${markdownTable(['system, durability', 'p50 ms (3 steps)', 'p99 ms', 'per extra step ms', 'checkpoint ms', 'workflows/s', 'CPU ms / workflow', 'workflows / CPU-s'], rows)}
`;
process.stdout.write(report);
const out = arg('--out');
if (out !== undefined) writeFileSync(out, report);
