// Durable workflow benchmark: the same 3-step workflow on wippy (SQLite store, PostgreSQL
// store) and on DBOS Transact (PostgreSQL), side by side in one run, on one throwaway
// PostgreSQL server started here with the server's default durability (fsync on).
//
//   npx tsc -p . && node bench/workflow/run.js [--n 1000] [--tput 3000] [--runs 3] [--out FILE]
//
// Each system runs in its own Node process (wippy.js, dbos.js) with the workloads of
// measure.js, once per durability mode:
//   full     every step's commit is flushed to disk before the workflow goes on
//            (wippy `durability: full`; PostgreSQL synchronous_commit=on: DBOS's default)
//   batched  a commit survives a crash of the node process at once and reaches the disk
//            within a bounded delay (wippy's default `durability: batched`; for PostgreSQL,
//            wippy and DBOS both with synchronous_commit=off)
// Runs are interleaved (run 1 of every job, then run 2, ...) so a change in machine load
// hits every system alike; the report shows medians over runs.

import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable } from '../common.js';
import { startBenchPostgres } from './postgres.js';
import { arg } from './measure.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const n = arg('--n', '1000');
const tput = arg('--tput', '3000');
const runs = Number(arg('--runs', '3'));

const pg = await startBenchPostgres();
let dbs = 0;
const fresh = () => {
  const db = `b${++dbs}`;
  pg.createDatabase(db);
  return db;
};

const jobs = [];
for (const durability of ['full', 'batched']) {
  jobs.push({ system: 'wippy, SQLite', durability, args: () => ['wippy.js', '--store', 'sqlite', '--durability', durability] });
  jobs.push({ system: 'wippy, PostgreSQL', durability, args: () => ['wippy.js', '--store', 'postgres', '--durability', durability, '--port', String(pg.port), '--db', fresh()] });
  jobs.push({ system: 'DBOS Transact, PostgreSQL', durability, args: () => ['dbos.js', '--durability', durability, '--port', String(pg.port), '--db', fresh()] });
}

const results = new Map();
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

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const f = (x, d = 2) => (x === undefined ? '-' : x.toFixed(d));
const rows = [];
for (const j of jobs) {
  const ms = results.get(`${j.system}|${j.durability}`);
  if (ms === undefined) continue;
  const m = (k) => median(ms.map((x) => x[k]).filter((x) => x !== undefined && x !== null));
  rows.push([`${j.system}, ${j.durability}`, f(m('p50')), f(m('p99')), f(m('perStep'), 3), j.system.startsWith('wippy') ? f(m('checkpointUs') / 1000, 3) : '-',
    f(m('perSec'), 0), f(m('cpuUsPerWf') / 1000, 3)]);
}
const report = `Machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; PostgreSQL ${pg.version};
${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; median of ${runs} runs;
${n} sequential workflows for latency, ${tput} at once for throughput.

${markdownTable(['system, durability', 'p50 ms (3 steps)', 'p99 ms', 'per extra step ms', 'checkpoint ms', 'workflows/s', 'CPU ms / workflow'], rows)}
`;
process.stdout.write(report);
const out = arg('--out');
if (out !== undefined) writeFileSync(out, report);
