// Actor benchmarks: the same programs on wippy (bench/actors/apps/, `wippy run -x`) and on
// Erlang/OTP (bench/actors/erlang/, `erl -noshell`), side by side in one run, with the goals.
// Plain Node ESM, no dependencies; needs node, erl and erlc.
//
//   npm run bench:actors                  (builds first, then runs this)
//   node bench/actors/run.js [options]
//     --runs N        measured runs of every job (default 5; the report shows the median)
//     --only a,b      only these workloads: spawn10k, spawn100k, pingpong, ring, funcs, memory,
//                     kernel (bench/actors/kernel.js: the kernel's floor with JS process bodies)
//     --no-erlang-s1  skip the second Erlang column (one scheduler thread: +S 1)
//     --json FILE     also write every raw measurement as JSON
//     --out FILE      also write the Markdown report to FILE
//     --no-snapshot   run wippy from the working tree's dist/ instead of a private copy
//
// Every program prints `metric <name> <value> <unit>` lines measured in-process around its
// hot section: wall time (time.now():unix_nano() in Lua, erlang:monotonic_time/1 in Erlang)
// and CPU time (*_cpu_us: os.clock() = the Node process's CPU time including its GC threads;
// for Erlang the scheduler threads' CPU time from /proc, see erlang/bench_util.erl). On a
// busy machine the wall time includes waiting for a core; the CPU rows do not.
// Runs are interleaved (run 1 of every job, then run 2, ...), so a change in machine load
// hits both systems alike. wippy memory per idle process comes from bench/actors/memory.js
// (JS heap growth in a Node process that boots the spawn app, with forced GC); Erlang's from
// erlang:memory(processes) growth inside bench_spawn.
//
// wippy is run from a snapshot of dist/ taken at start-up (copied to a temporary directory),
// so that a rebuild of dist/ by someone else during the run cannot mix two builds.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable as table, median } from '../common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 5));
const ONLY = opt('--only', '') ? opt('--only', '').split(',') : null;
const ERL_S1 = !argv.includes('--no-erlang-s1');
const JSON_OUT = opt('--json', null);
const OUT = opt('--out', null);
const SNAPSHOT = !argv.includes('--no-snapshot');
const TIMEOUT_MS = 300_000;

const log = (s) => process.stderr.write(s + '\n');

// ---- tools ----------------------------------------------------------------------------------

function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stdout + r.stderr).trim();
}

function snapshotBuild() {
  if (!fs.existsSync(path.join(root, 'dist/src/cli/main.js'))) {
    throw new Error('dist/ is missing: build first (npx tsc -p .)');
  }
  if (!SNAPSHOT) return { dir: root, cleanup() {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wippy-actors-'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, cleanup() { fs.rmSync(dir, { recursive: true, force: true }); } };
}

function machine() {
  const cpus = os.cpus();
  const erl = probe('erl', ['-noshell', '-eval',
    'io:format("~s|~s|~s", [erlang:system_info(otp_release), erlang:system_info(version), erlang:system_info(emu_flavor)]), halt().']);
  let otp = null;
  if (erl) {
    const rel = erl.split('|')[0];
    try { otp = fs.readFileSync(`/usr/lib/erlang/releases/${rel}/OTP_VERSION`, 'utf8').trim(); } catch { otp = rel; }
  }
  const [, erts, flavor] = erl ? erl.split('|') : [];
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    ramGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    erlang: erl ? `Erlang/OTP ${otp} (erts ${erts}, ${flavor})` : null,
    os: `${os.type()} ${os.release()}`,
    schedulers: erl ? probe('erl', ['-noshell', '-eval', 'io:format("~w", [erlang:system_info(schedulers_online)]), halt().']) : null,
  };
}

// ---- running one job ------------------------------------------------------------------------

function runOnce(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const out = { ok: true, wall, metrics: {}, error: null };
  if (r.error) {
    out.ok = false;
    out.error = r.error.code === 'ETIMEDOUT' ? `timeout after ${TIMEOUT_MS / 1000} s` : String(r.error.message);
    return out;
  }
  for (const line of r.stdout.toString('latin1').split('\n')) {
    const m = line.match(/^metric (\S+) ([\d.eE+-]+)(?: (\S+))?\s*$/);
    if (m) out.metrics[m[1]] = Number(m[2]);
  }
  if (r.status !== 0 || Object.keys(out.metrics).length === 0) {
    out.ok = false;
    const err = (r.stderr.toString('latin1') + r.stdout.toString('latin1')).trim().split('\n').slice(0, 4).join(' | ');
    out.error = `exit ${r.status ?? r.signal}${err ? ': ' + err : ''}`;
  }
  return out;
}

// ---- statistics and formatting --------------------------------------------------------------

const min = (xs) => {
  const v = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x));
  return v.length ? Math.min(...v) : null;
};
const fmt = (x) => x === null ? '–' : x >= 1000 ? x.toFixed(0) : x >= 100 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);


// ---- main -----------------------------------------------------------------------------------

function main() {
  const started = new Date();
  const load0 = os.loadavg();
  const m = machine();
  if (m.erlang === null) log('erl not found: the Erlang columns stay empty');
  const snap = snapshotBuild();
  const beam = fs.mkdtempSync(path.join(os.tmpdir(), 'wippy-actors-beam-'));
  try {
    if (m.erlang !== null) {
      const erlFiles = fs.readdirSync(path.join(here, 'erlang')).filter((f) => f.endsWith('.erl')).map((f) => path.join(here, 'erlang', f));
      const r = spawnSync('erlc', ['-o', beam, ...erlFiles], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`erlc failed: ${r.stdout}${r.stderr}`);
    }
    return runAll(snap.dir, beam, m, started, load0);
  } finally {
    snap.cleanup();
    fs.rmSync(beam, { recursive: true, force: true });
  }
}

function runAll(buildDir, beam, m, started, load0) {
  const wippy = (app, ...args) => ({
    cmd: process.execPath,
    args: ['--max-old-space-size=4096', path.join(buildDir, 'bin/wippy.js'), 'run', '-d', path.join(here, 'apps', app), '-x', 'app:main', ...args.map(String)],
  });
  const memory = (n) => ({
    cmd: process.execPath,
    args: ['--expose-gc', '--max-old-space-size=4096', path.join(here, 'memory.js'), '--n', String(n), '--root', buildDir],
  });
  const erl = (flags) => (mod, ...args) => ({
    cmd: 'erl', args: [...flags, '-noshell', '-pa', beam, '-run', mod, 'main', ...args.map(String), '-s', 'init', 'stop'],
  });
  const systems = [
    { name: 'wippy', label: 'wippy' },
    ...(m.erlang ? [{ name: 'erlang', label: `Erlang (${m.schedulers} schedulers)`, erl: erl([]) }] : []),
    ...(m.erlang && ERL_S1 ? [{ name: 'erlang_s1', label: 'Erlang +S 1', erl: erl(['+S', '1']) }] : []),
  ];

  // jobs: per workload, the command of every system
  const workloads = [
    { name: 'spawn10k', wippy: wippy('spawn', 10000), erl: ['bench_spawn', 10000] },
    { name: 'spawn100k', wippy: wippy('spawn', 100000), erl: ['bench_spawn', 100000] },
    { name: 'memory10k', only: 'memory', wippy: memory(10000) },
    { name: 'memory100k', only: 'memory', wippy: memory(100000) },
    { name: 'pingpong', wippy: wippy('pingpong', 100000), erl: ['bench_pingpong', 100000] },
    { name: 'ring', wippy: wippy('ring', 1000, 1000), erl: ['bench_ring', 1000, 1000] },
    { name: 'funcs', wippy: wippy('funcs', 10000), erl: ['bench_funcs', 10000] },
    { name: 'kernel', wippy: { cmd: process.execPath, args: [path.join(here, 'kernel.js'), '--root', buildDir] } },
  ].filter((w) => !ONLY || ONLY.includes(w.name) || (w.only && ONLY.includes(w.only)));

  const jobs = [];
  for (const w of workloads) {
    for (const s of systems) {
      if (s.name === 'wippy') jobs.push({ workload: w.name, system: s.name, ...w.wippy, runs: [] });
      else if (w.erl) jobs.push({ workload: w.name, system: s.name, ...s.erl(...w.erl), runs: [] });
    }
  }

  for (let run = 1; run <= RUNS; run++) {
    for (const j of jobs) {
      log(`run ${run}/${RUNS}: ${j.workload} on ${j.system} ...`);
      const r = runOnce(j.cmd, j.args);
      j.runs.push(r);
      if (!r.ok) log(`  FAILED: ${r.error}`);
      else log(`  ${Object.entries(r.metrics).map(([k, v]) => `${k}=${v}`).join(' ')}  (${r.wall.toFixed(1)} s)`);
    }
  }
  const load1 = os.loadavg();

  const stat = (workload, system, metric) => {
    const j = jobs.find((x) => x.workload === workload && x.system === system);
    if (!j) return { med: null, min: null, n: 0 };
    const xs = j.runs.filter((r) => r.ok).map((r) => r.metrics[metric]);
    return { med: median(xs), min: min(xs), n: xs.filter((x) => x !== undefined).length };
  };

  // rows: label, unit, the metric per system (workload, metric name), goal
  const rows = [
    ['spawn 10 000 idle: spawn call', 'µs', { any: ['spawn10k', 'spawn_call_us'] }, 3],
    ['spawn 10 000 idle: until all running (each acks)', 'µs', { any: ['spawn10k', 'spawn_ready_us'] }, null],
    ['spawn 10 000 idle: memory per process', 'bytes', { wippy: ['memory10k', 'bytes_per_process'], erl: ['spawn10k', 'bytes_per_process'] }, 2048],
    ['spawn 100 000 idle: spawn call', 'µs', { any: ['spawn100k', 'spawn_call_us'] }, 3],
    ['spawn 100 000 idle: until all running (each acks)', 'µs', { any: ['spawn100k', 'spawn_ready_us'] }, null],
    ['spawn 100 000 idle: memory per process', 'bytes', { wippy: ['memory100k', 'bytes_per_process'], erl: ['spawn100k', 'bytes_per_process'] }, 2048],
    ['idle process: RSS growth (wippy) / process_info memory (Erlang)', 'bytes', { wippy: ['memory100k', 'rss_per_process'], erl: ['spawn100k', 'process_info_memory'] }, null],
    ['ping-pong round trip (100 000)', 'µs', { any: ['pingpong', 'roundtrip_us'] }, 1],
    ['ring 1 000 × 1 000 laps: per hop', 'µs', { any: ['ring', 'ring_hop_us'] }, 0.5],
    ['ring: set-up (spawn 999 + first lap)', 'ms', { any: ['ring', 'ring_setup_ms'] }, null],
    ['funcs.call × 10 000 (Erlang: spawn_monitor + wait)', 'µs', { any: ['funcs', 'funcs_call_us'] }, null],
    ['plain function call (floor)', 'µs', { any: ['funcs', 'local_call_us'] }, null],
    ['kernel only, JS process bodies: round trip', 'µs', { wippy: ['kernel', 'kernel_roundtrip_us'] }, 1],
    ['kernel only, JS process bodies: ring hop (1 000)', 'µs', { wippy: ['kernel', 'kernel_ring_hop_us'] }, 0.5],
    // the same spans in CPU time: robust to a busy machine (wall time includes waiting for a core)
    ['CPU: spawn 10 000, spawn call', 'µs', { any: ['spawn10k', 'spawn_call_cpu_us'] }, 3],
    ['CPU: spawn 10 000, until all running', 'µs', { any: ['spawn10k', 'spawn_ready_cpu_us'] }, null],
    ['CPU: spawn 100 000, spawn call', 'µs', { any: ['spawn100k', 'spawn_call_cpu_us'] }, 3],
    ['CPU: spawn 100 000, until all running', 'µs', { any: ['spawn100k', 'spawn_ready_cpu_us'] }, null],
    ['CPU: ping-pong round trip', 'µs', { any: ['pingpong', 'roundtrip_cpu_us'] }, 1],
    ['CPU: ring hop', 'µs', { any: ['ring', 'ring_hop_cpu_us'] }, 0.5],
    ['CPU: funcs.call', 'µs', { any: ['funcs', 'funcs_call_cpu_us'] }, null],
    ['CPU: kernel only, round trip', 'µs', { wippy: ['kernel', 'kernel_roundtrip_cpu_us'] }, 1],
    ['CPU: kernel only, ring hop', 'µs', { wippy: ['kernel', 'kernel_ring_hop_cpu_us'] }, 0.5],
  ];

  const header = ['workload', 'unit', ...systems.map((s) => s.label), 'goal (wippy)', 'met?'];
  const body = [];
  const raw = [];
  for (const [label, unit, src, goal] of rows) {
    const cells = [];
    let wippyMed = null;
    let any = false;
    for (const s of systems) {
      const key = src.any ?? (s.name === 'wippy' ? src.wippy : src.erl);
      const st = key ? stat(key[0], s.name, key[1]) : { med: null, min: null, n: 0 };
      if (st.n > 0) any = true;
      if (s.name === 'wippy') wippyMed = st.med;
      cells.push(st.med === null ? '–' : `${fmt(st.med)} (min ${fmt(st.min)})`);
      raw.push({ row: label, system: s.name, median: st.med, min: st.min, runs: st.n });
    }
    if (!any) continue;
    let met = '';
    if (goal !== null && wippyMed !== null) {
      met = wippyMed <= goal ? 'yes' : `no (${(wippyMed / goal).toFixed(1)}× the goal)`;
    }
    body.push([label, unit, ...cells, goal === null ? '–' : `≤ ${goal}`, met]);
  }

  const lines = [];
  lines.push(`## Actor benchmarks: wippy vs Erlang/OTP`);
  lines.push('');
  lines.push(`- date: ${started.toISOString()} (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`);
  lines.push(`- machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}`);
  lines.push(`- wippy: wippy-ts on Node ${m.node} (one JS thread)`);
  lines.push(`- Erlang: ${m.erlang ?? 'not installed'}`);
  lines.push(`- load average at start / end: ${load0.map((x) => x.toFixed(2)).join(' ')} / ${load1.map((x) => x.toFixed(2)).join(' ')}`);
  lines.push(`- command: \`node bench/actors/run.js ${argv.join(' ')}\`, ${RUNS} runs of each job, interleaved; cells: median (min)`);
  lines.push('');
  lines.push(table(header, body));
  const failed = jobs.flatMap((j) => j.runs.filter((r) => !r.ok).map((r) => `${j.workload}/${j.system}: ${r.error}`));
  if (failed.length) {
    lines.push('');
    lines.push('Failed runs:');
    for (const f of failed) lines.push(`- ${f}`);
  }
  const report = lines.join('\n') + '\n';
  process.stdout.write(report);
  if (OUT) fs.writeFileSync(OUT, report);
  if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ machine: m, started, load0, load1, rows: raw, jobs }, null, 2));
  return failed.length ? 1 : 0;
}

process.exitCode = main();
