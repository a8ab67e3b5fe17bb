// Metrics benchmark (run by hand): what recording a metric costs, side by side with its anchor.
//   1. collector, from JS: a two-label counter increment and histogram observation, against
//      the floor of a plain Map increment keyed by the same two label values
//   2. from Lua: metrics.counter_inc / metrics.histogram with a fresh two-label table per
//      call, against the same loop building the table and calling a builtin (`type`)
//   3. HTTP: one handler behind two routers on one server, with and without the `metrics`
//      middleware; server CPU per request (from /proc) and requests/s with autocannon
// Rounds interleave the variants; cells are medians of the rounds.
//
// usage: npm run build && node bench/metrics/run.js [--rounds 5] [--duration 3]

import { spawn, execSync } from 'node:child_process';
import { cpus, totalmem, release, arch, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { markdownTable, median, procStat, waitPort } from '../common.js';
import { Collector } from '../../dist/src/metrics/collector.js';
import { startApp } from '../../dist/src/system/boot.js';
import { createLog } from '../../dist/src/system/log.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const appDir = join(here, 'app');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const rounds = arg('rounds', 5);
const duration = arg('duration', 3);
const PORT = 18093;
const ROUTES = ['/a', '/b', '/c', '/d'];

// ---- 1. the collector from JS -------------------------------------------------------------

function jsRound(n) {
  const c = new Collector();
  const floor = new Map();
  const time = (fn) => {
    const t0 = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t0);
    return ((d.user + d.system) * 1000) / n; // ns per op
  };
  return {
    'Map increment (floor)': time(() => {
      for (let i = 0; i < n; i++) {
        const labels = { route: ROUTES[i & 3], status: '200' };
        const k = labels.route + '\u0000' + labels.status;
        floor.set(k, (floor.get(k) ?? 0) + 1);
      }
    }),
    'collector.counterAdd': time(() => {
      for (let i = 0; i < n; i++) c.counterAdd('bench_total', 1, { route: ROUTES[i & 3], status: '200' });
    }),
    'collector.observe': time(() => {
      for (let i = 0; i < n; i++) c.observe('bench_seconds', (i % 100) / 1000, { route: ROUTES[i & 3], status: '200' });
    }),
  };
}

// ---- 2. from Lua --------------------------------------------------------------------------

async function luaRounds(n) {
  const app = await startApp(appDir, createLog({ silent: true }), { config: { set: ['prometheus.enabled=false'] } });
  const call = (what) => new Promise((res, rej) => app.runtime.callFunction(undefined, 'bench:loop', [what, n],
    (r) => (r.error !== undefined ? rej(new Error(String(r.error))) : res((r.value * 1e9) / n))));
  const out = [];
  try {
    await call('counter'); // warm-up
    await call('baseline');
    for (let r = 0; r < rounds; r++) {
      out.push({
        'table + type() (anchor)': await call('baseline'),
        'table + metrics.counter_inc': await call('counter'),
        'table + metrics.histogram': await call('histogram'),
      });
    }
  } finally {
    await app.supervisor.stopAll();
  }
  return out;
}

// ---- 3. HTTP ------------------------------------------------------------------------------

function cannon(url, seconds) {
  return new Promise((resolve, reject) => {
    // ids vary per request, so the route label (the pattern) is what keeps series bounded
    let i = 0;
    autocannon({ url, connections: 16, duration: seconds, requests: [{ setupRequest: (req) => ({ ...req, path: `${new URL(url).pathname}/${i++}` }) }] },
      (err, r) => (err ? reject(err) : resolve(r)));
  });
}

async function httpRounds() {
  const child = spawn(process.execPath, [join(root, 'bin/wippy.js'), '-s', 'run', '--no-watch'], { cwd: appDir, stdio: ['ignore', 'ignore', 'inherit'] });
  const out = [];
  try {
    await waitPort(PORT);
    for (const p of ['plain', 'measured']) {
      const probe = await fetch(`http://127.0.0.1:${PORT}/${p}/hello/1`);
      if (probe.status !== 200) throw new Error(`${p}: status ${probe.status}`);
      await cannon(`http://127.0.0.1:${PORT}/${p}/hello`, 1);
    }
    for (let r = 0; r < rounds; r++) {
      const row = {};
      for (const p of ['plain', 'measured']) {
        const before = procStat(child.pid).cpu;
        const res = await cannon(`http://127.0.0.1:${PORT}/${p}/hello`, duration);
        const cpu = procStat(child.pid).cpu - before;
        row[p] = { rps: res.requests.average, cpuUs: (cpu / res.requests.total) * 1e6, errors: res.errors + res.non2xx };
      }
      out.push(row);
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => child.once('exit', res));
  }
  return out;
}

// ---- run and report -----------------------------------------------------------------------

const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
const N = 1_000_000;
jsRound(N / 10); // warm-up
const js = [];
for (let r = 0; r < rounds; r++) js.push(jsRound(N));
const lua = await luaRounds(200_000);
const http = await httpRounds();
const loadAfter = loadavg().map((x) => x.toFixed(2)).join(' ');

let git = '';
try { git = execSync('git rev-parse --short HEAD', { cwd: root }).toString().trim(); } catch { /* not a checkout */ }
console.log(`- date: ${new Date().toISOString()}`);
console.log(`- command: \`node bench/metrics/run.js --rounds ${rounds} --duration ${duration}\``);
console.log(`- machine: ${cpus()[0]?.model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, Linux ${release()} ${arch()}`);
console.log(`- node ${process.version}; wippy build: git ${git}`);
console.log(`- load average before / after: ${loadBefore} / ${loadAfter}`);
console.log(`- cells: median of ${rounds} interleaved rounds; CPU time, not wall time\n`);

const rowsOf = (rs) => Object.keys(rs[0]).map((k) => [k, `${median(rs.map((r) => r[k])).toFixed(0)} ns`]);
console.log(`### Collector from JS (${N} writes, two labels, 4 series)\n`);
console.log(markdownTable(['operation', 'CPU / write'], rowsOf(js)));
console.log(`\n### From Lua (200000 calls, a new two-label table each)\n`);
console.log(markdownTable(['loop body', 'CPU / iteration'], rowsOf(lua)));
console.log(`\n### HTTP: GET /{router}/hello/{id}, 16 connections, ${duration}s per variant per round\n`);
console.log(markdownTable(['router', 'requests/s', 'server CPU / request', 'errors'], ['plain', 'measured'].map((p) => [
  p === 'plain' ? 'no middleware (anchor)' : 'middleware: [metrics]',
  median(http.map((r) => r[p].rps)).toFixed(0),
  `${median(http.map((r) => r[p].cpuUs)).toFixed(1)} µs`,
  String(http.reduce((a, r) => a + r[p].errors, 0)),
])));
