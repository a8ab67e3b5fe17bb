// HTTP benchmark (run by hand): the same two endpoints on plain Node `http`, on fastify and
// on a wippy-ts app, measured side by side in one run with autocannon.
//   GET /hello      a fixed JSON answer
//   GET /users/{id} calls a function (wippy: funcs.call into another function.lua process)
//                   and answers with its JSON result
//   GET /db/users/{id} calls a function that reads one row by primary key from SQLite (the
//                   same file and query on all three: servers/users-db.js; wippy: a
//                   db.sql.sqlite entry and sql.get(...):query in a second function process)
// Each server runs alone in its own process while it is measured; servers are measured in
// turn, round after round, and the median round is reported. Besides requests/s and p99
// latency the server's own CPU time per request is shown (from /proc), which is steadier
// than throughput on a shared machine.
//
// usage: npm run build && node bench/http/run.js [--duration 5] [--connections 32] [--rounds 3] [--only wippy]

import { spawn, execSync } from 'node:child_process';
import { cpus, totalmem, release, arch, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { markdownTable, median, procStat, waitPort } from '../common.js';
import { createUsersDb } from './servers/users-db.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const duration = Number(arg('duration', 5));
const connections = Number(arg('connections', 32));
const rounds = Number(arg('rounds', 3));
const only = arg('only', undefined);

const SERVERS = [
  { name: 'node http', port: 18081, cmd: [process.execPath, join(here, 'servers/node.js')], cwd: here },
  { name: 'fastify', port: 18082, cmd: [process.execPath, join(here, 'servers/fastify.js')], cwd: here },
  { name: 'wippy-ts', port: 18083, cmd: [process.execPath, join(root, 'bin/wippy.js'), '-s', 'run', '--no-watch'], cwd: join(here, 'app') },
].filter((s) => only === undefined || s.name.startsWith(only));
const ENDPOINTS = ['/hello', '/users/42', '/db/users/42'];

function cannon(url, seconds) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections, duration: seconds, pipelining: 1 }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

async function measure(server) {
  const child = spawn(server.cmd[0], server.cmd.slice(1), { cwd: server.cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await waitPort(server.port);
    const out = {};
    for (const ep of ENDPOINTS) {
      const url = `http://127.0.0.1:${server.port}${ep}`;
      const probe = await fetch(url);
      if (probe.status !== 200) throw new Error(`${server.name} ${ep}: status ${probe.status}`);
      await cannon(url, 1); // warm-up: JIT and connection pools
      const before = procStat(child.pid);
      const r = await cannon(url, duration);
      const after = procStat(child.pid);
      const total = r.requests.total;
      out[ep] = {
        rps: r.requests.average,
        p99: r.latency.p99,
        cpuUs: total > 0 ? ((after.cpu - before.cpu) / total) * 1e6 : NaN,
        errors: r.errors + r.non2xx,
        rssMb: after.rssMb,
      };
    }
    return out;
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => child.once('exit', res));
  }
}


createUsersDb();
const results = new Map(SERVERS.map((s) => [s.name, []]));
const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
for (let round = 0; round < rounds; round++) {
  for (const s of SERVERS) {
    process.stderr.write(`round ${round + 1}/${rounds}: ${s.name}\n`);
    results.get(s.name).push(await measure(s));
  }
}
const loadAfter = loadavg().map((x) => x.toFixed(2)).join(' ');

let git = '';
try { git = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim(); } catch { /* not a checkout */ }
console.log(`- date: ${new Date().toISOString()}`);
console.log(`- command: \`node bench/http/run.js --duration ${duration} --connections ${connections} --rounds ${rounds}\``);
console.log(`- machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, Linux ${release()} ${arch()}`);
console.log(`- node ${process.version}, autocannon ${connections} connections, ${duration}s per endpoint after a 1s warm-up; wippy build: git ${git}`);
console.log(`- load average before / after: ${loadBefore} / ${loadAfter}`);
console.log('- cells: median of the rounds (requests/s is autocannon\'s per-second average)\n');
for (const ep of ENDPOINTS) {
  const fast = median(results.get('fastify')?.map((r) => r[ep].rps) ?? [NaN]);
  const fastCpu = median(results.get('fastify')?.map((r) => r[ep].cpuUs) ?? [NaN]);
  const rows = SERVERS.map((s) => {
    const rs = results.get(s.name).map((r) => r[ep]);
    const rps = median(rs.map((r) => r.rps));
    const cpu = median(rs.map((r) => r.cpuUs));
    return [s.name, rps.toFixed(0), `${median(rs.map((r) => r.p99))} ms`, `${cpu.toFixed(1)} µs`,
      `${median(rs.map((r) => r.rssMb)).toFixed(0)} MB`, String(rs.reduce((a, r) => a + r.errors, 0)),
      Number.isNaN(fast) ? '' : `${((rps / fast) * 100).toFixed(0)} %`,
      // requests per CPU-second relative to fastify's: what the throughput ratio would be if
      // each server had a core to itself, and steadier than requests/s on a loaded machine
      Number.isNaN(fastCpu) ? '' : `${((fastCpu / cpu) * 100).toFixed(0)} %`];
  });
  console.log(`### GET ${ep}\n`);
  console.log(markdownTable(['server', 'requests/s', 'p99', 'server CPU / request', 'RSS', 'errors', 'vs fastify', 'vs fastify, by CPU'], rows));
  console.log('');
}
