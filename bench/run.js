// Engine benchmarks: runs every workload in bench/lua/ (plus the compile-speed measurement)
// side by side on wippy (`node bin/wippy.js lua`), lua5.4 and luajit, and prints a Markdown
// report. Plain Node ESM, no dependencies; uses only node, lua5.4, luajit, luac5.4 and
// /usr/bin/time when they are installed.
//
//   npm run bench                       (builds first, then runs this)
//   node bench/run.js [options]
//     --runs N          measured runs per workload and engine (default 5), after one warm-up
//     --compile-runs N  measured runs of the load() compile workload (default 3, no warm-up: slow)
//     --compile-direct-runs N  runs of bench/compile/wippy_compile.js (default 2; each compiles
//                       twice: cold + warm, and the first also times the phases)
//     --only a,b        only these workloads (file names without .lua, or "compile")
//     --engines a,b     only these engines (wippy, lua5.4, luajit)
//     --compile-mb N    size of the generated source for the compile benchmark (default 4)
//     --json FILE       also write all raw measurements as JSON
//     --no-snapshot     run wippy from the working tree's dist/ instead of a private copy
//
// Every workload prints `checksum ...` and `time <seconds>` (its own hot section, measured with
// os.clock()), optionally `metric <name> <value>` lines. The runner records, per run: wall time
// of the whole process, the in-process `time`, user+sys CPU and peak RSS (from /usr/bin/time -v),
// the checksum and the metrics; it reports median and min and checks the checksums agree.
//
// wippy is run from a snapshot of dist/ taken at start-up (copied to a temporary directory),
// so that a rebuild of dist/ by someone else during the run cannot mix two builds.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSource } from './compile/gen.js';
import { markdownTable as table, median } from './common.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');

// ---- options --------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 5));
const COMPILE_RUNS = Number(opt('--compile-runs', 3));
const DIRECT_RUNS = Number(opt('--compile-direct-runs', 2));
const ONLY = opt('--only', '') ? opt('--only', '').split(',') : null;
const ENGINES_WANTED = opt('--engines', '') ? opt('--engines', '').split(',') : null;
const COMPILE_MB = Number(opt('--compile-mb', 4));
const JSON_OUT = opt('--json', null);
const SNAPSHOT = !argv.includes('--no-snapshot');
const TIMEOUT_MS = 180_000;

const log = (s) => process.stderr.write(s + '\n');

// ---- tools ----------------------------------------------------------------------------------

function probe(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  return (r.stdout + r.stderr).trim().split('\n')[0];
}

const TIME_BIN = fs.existsSync('/usr/bin/time') && probe('/usr/bin/time', ['-v', 'true']) !== null
  ? '/usr/bin/time' : null;

// a private copy of the build, so a concurrent `tsc` cannot change it under us
function snapshotBuild() {
  if (!fs.existsSync(path.join(root, 'dist/src/cli/main.js'))) {
    throw new Error('dist/ is missing: build first (npx tsc -p .)');
  }
  if (!SNAPSHOT) return { dir: root, cleanup() {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wippy-bench-'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.cpSync(path.join(root, 'bin'), path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return { dir, cleanup() { fs.rmSync(dir, { recursive: true, force: true }); } };
}

// ---- running one process --------------------------------------------------------------------

/** Run cmd/args once; returns { ok, wall, time, cpu, rss, checksum, metrics, error }. */
function runOnce(cmd, args, stdinFile, env, needChecksum = true) {
  let timeFile = null;
  let argv0 = cmd, argv1 = args;
  if (TIME_BIN) {
    timeFile = path.join(os.tmpdir(), `wippy-bench-time-${process.pid}.txt`);
    argv0 = TIME_BIN;
    argv1 = ['-v', '-o', timeFile, cmd, ...args];
  }
  const stdinFd = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const t0 = process.hrtime.bigint();
  const r = spawnSync(argv0, argv1, {
    cwd: root, stdio: [stdinFd, 'pipe', 'pipe'], env: env ? { ...process.env, ...env } : process.env, timeout: TIMEOUT_MS, maxBuffer: 64 << 20,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (typeof stdinFd === 'number') fs.closeSync(stdinFd);
  const out = { ok: true, wall, time: null, cpu: null, rss: null, checksum: null, metrics: {}, error: null };
  if (timeFile && fs.existsSync(timeFile)) {
    const tv = fs.readFileSync(timeFile, 'utf8');
    fs.rmSync(timeFile, { force: true });
    const num = (re) => { const m = tv.match(re); return m ? Number(m[1]) : null; };
    const u = num(/User time \(seconds\): ([\d.]+)/), s = num(/System time \(seconds\): ([\d.]+)/);
    out.cpu = u !== null && s !== null ? u + s : null;
    const kb = num(/Maximum resident set size \(kbytes\): (\d+)/);
    out.rss = kb !== null ? kb / 1024 : null;
  }
  if (r.error) {
    out.ok = false;
    out.error = r.error.code === 'ETIMEDOUT' ? `timeout after ${TIMEOUT_MS / 1000} s` : String(r.error.message);
    return out;
  }
  const stdout = r.stdout.toString('latin1');
  for (const line of stdout.split('\n')) {
    let m;
    if ((m = line.match(/^checksum (.*)$/))) out.checksum = m[1].trim();
    else if ((m = line.match(/^time ([\d.eE+-]+)\s*$/))) out.time = Number(m[1]);
    else if ((m = line.match(/^metric (\S+) ([\d.eE+-]+)\s*$/))) out.metrics[m[1]] = Number(m[2]);
  }
  if (r.status !== 0 || (needChecksum && out.checksum === null)) {
    out.ok = false;
    const err = r.stderr.toString('latin1').trim().split('\n').slice(0, 3).join(' | ');
    out.error = `exit ${r.status ?? r.signal}${err ? ': ' + err : ''}`;
  }
  return out;
}

// ---- statistics and formatting ----------------------------------------------------------------

const min = (xs) => {
  const v = xs.filter((x) => x !== null && Number.isFinite(x));
  return v.length ? Math.min(...v) : null;
};
const fmtS = (x) => x === null ? '–' : x >= 10 ? x.toFixed(2) : x >= 1 ? x.toFixed(3) : x.toFixed(3);
const fmtN = (x) => x === null ? '–' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
const ratio = (a, b) => a === null || b === null || b === 0 ? '–' : `${(a / b).toFixed(2)}x`;


// ---- main -------------------------------------------------------------------------------------

function main() {
  const started = new Date();
  const load0 = os.loadavg();
  const snap = snapshotBuild();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wippy-bench-src-'));
  try {
    return runAll(snap.dir, tmp, started, load0);
  } finally {
    snap.cleanup();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function runAll(buildDir, tmp, started, load0) {
  // engines
  const allEngines = [
    { name: 'wippy', cmd: process.execPath, pre: [path.join(buildDir, 'bin/wippy.js'), 'lua'],
      version: `wippy-ts (node ${process.version})` },
    { name: 'lua5.4', cmd: 'lua5.4', pre: [], version: probe('lua5.4', ['-v']) },
    { name: 'luajit', cmd: 'luajit', pre: [], version: probe('luajit', ['-v']) },
  ];
  const skipped = [];
  const engines = [];
  for (const e of allEngines) {
    if (ENGINES_WANTED && !ENGINES_WANTED.includes(e.name)) continue;
    if (e.version === null) { skipped.push(`${e.name} (not installed)`); log(`skipping ${e.name}: not installed`); continue; }
    engines.push(e);
  }
  const luac = probe('luac5.4', ['-v']);
  if (!TIME_BIN) log('/usr/bin/time not found: peak RSS and CPU time are not measured');

  // workloads
  const order = ['startup', 'fib', 'table', 'strings', 'patterns', 'methods', 'closures', 'coroutines', 'in_coroutine'];
  const files = fs.readdirSync(path.join(benchDir, 'lua')).filter((f) => f.endsWith('.lua'))
    .map((f) => f.slice(0, -4))
    .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b));
  const workloads = files.filter((w) => !ONLY || ONLY.includes(w))
    .map((w) => ({ name: w, kind: 'lua', file: path.join(benchDir, 'lua', `${w}.lua`) }));

  let bigFile = null;
  let bigBytes = 0;
  if (!ONLY || ONLY.includes('compile')) {
    bigFile = path.join(tmp, 'generated.lua');
    const src = generateSource(Math.round(COMPILE_MB * 1048576));
    fs.writeFileSync(bigFile, src, 'latin1');
    bigBytes = src.length;
    workloads.push({ name: 'compile', kind: 'load', file: path.join(benchDir, 'compile/load.lua'), stdin: bigFile });
  }

  const results = {}; // results[workload][engine] = [run...]
  for (const w of workloads) {
    results[w.name] = {};
    const runs = w.kind === 'load' ? COMPILE_RUNS : RUNS;
    const warm = w.kind === 'load' ? 0 : 1;
    for (const e of engines) results[w.name][e.name] = [];
    for (let r = -warm; r < runs; r++) {
      for (const e of engines) {
        const res = runOnce(e.cmd, [...e.pre, w.file], w.stdin);
        const tag = r < 0 ? 'warm-up' : `run ${r + 1}/${runs}`;
        log(`${w.name.padEnd(11)} ${e.name.padEnd(7)} ${tag.padEnd(9)} ` +
          (res.ok ? `wall ${res.wall.toFixed(3)} s  time ${res.time?.toFixed(3)} s  ${res.rss !== null ? res.rss.toFixed(0) + ' MB' : ''}`
            : `FAILED: ${res.error}`));
        if (r >= 0) results[w.name][e.name].push(res);
      }
    }
  }

  // compile speed, measured directly on the compiler (and luac5.4 -p as the native reference)
  const compileRows = {};
  if (bigFile) {
    const direct = [];
    const luacRuns = [];
    const dc = path.join(benchDir, 'compile/wippy_compile.js');
    if (engines.some((e) => e.name === 'wippy')) {
      for (let r = 0; r < DIRECT_RUNS; r++) {
        const res = runOnce(process.execPath, [dc, bigFile, ...(r === 0 ? ['--phases'] : [])], null,
          { WIPPY_BENCH_DIST: path.join(buildDir, 'dist/src/lua'), BENCH_COMPILE_REPEAT: '1' });
        log(`compile()   wippy   run ${r + 1}/${DIRECT_RUNS} ` + (res.ok ? `cold ${res.time?.toFixed(3)} s cpu  warm ${res.metrics.warm_s?.toFixed(3)} s cpu` : `FAILED: ${res.error}`));
        direct.push(res);
      }
    }
    if (luac) {
      for (let r = 0; r < COMPILE_RUNS; r++) {
        const res = runOnce('luac5.4', ['-p', bigFile], null, null, false);
        log(`luac5.4 -p  run ${r + 1}/${COMPILE_RUNS} wall ${res.wall.toFixed(3)} s`);
        luacRuns.push(res);
      }
    }
    compileRows.direct = direct;
    compileRows.luac = luacRuns;
  }

  const report = renderReport({ engines, skipped, workloads, results, compileRows, bigBytes, luac,
    started, load0, load1: os.loadavg() });
  process.stdout.write(report);
  if (JSON_OUT) {
    fs.writeFileSync(JSON_OUT, JSON.stringify({ started, engines: engines.map((e) => e.name), results, compileRows }, null, 1));
  }
  const mismatches = report.includes('MISMATCH') || report.includes('FAILED');
  return mismatches ? 1 : 0;
}

// ---- the report -------------------------------------------------------------------------------

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m);
    if (m) cpu = m[1].trim();
  } catch { /* not Linux */ }
  return { cpu, cores: os.cpus().length, ramGB: (os.totalmem() / 2 ** 30).toFixed(1), os: `${os.type()} ${os.release()} ${os.arch()}` };
}

function gitInfo() {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown';
  const n = dirty.stdout.trim() ? dirty.stdout.trim().split('\n').length : 0;
  return `${head.stdout.trim()}${n ? ` + ${n} uncommitted change(s) under src/` : ''}`;
}

function renderReport({ engines, skipped, workloads, results, compileRows, bigBytes, luac, started, load0, load1 }) {
  const m = machine();
  const names = engines.map((e) => e.name);
  const hasWippy = names.includes('wippy'), hasLua = names.includes('lua5.4');
  const out = [];
  out.push(`# wippy engine benchmarks\n`);
  out.push(`- date: ${started.toISOString()}`);
  out.push(`- command: \`node bench/run.js ${argv.join(' ')}\`${argv.length ? '' : ' (what `npm run bench` runs after building)'}`);
  out.push(`- machine: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, ${m.os}`);
  out.push(`- load average before / after: ${load0.map((x) => x.toFixed(2)).join(' ')} / ${load1.map((x) => x.toFixed(2)).join(' ')}`);
  for (const e of engines) out.push(`- ${e.name}: ${e.version}`);
  if (luac) out.push(`- luac: ${luac}`);
  for (const s of skipped) out.push(`- skipped: ${s}`);
  out.push(`- wippy build: git ${gitInfo()}`);
  out.push(`- runs: ${RUNS} measured after 1 warm-up (compile: ${COMPILE_RUNS} load() runs and ${DIRECT_RUNS} compile() runs, no warm-up); cells are median (min)`);
  out.push(`- peak RSS / CPU: ${TIME_BIN ? '/usr/bin/time -v' : 'not measured (/usr/bin/time missing)'}`);
  out.push('');

  // checksums
  const check = {};
  for (const w of workloads) {
    const per = results[w.name];
    const failed = names.filter((n) => per[n].length === 0 || per[n].some((r) => !r.ok));
    const sums = {};
    for (const n of names) for (const r of per[n]) if (r.ok) (sums[n] ??= new Set()).add(r.checksum);
    const ref = sums['lua5.4'] ?? sums[names[0]];
    const refVal = ref ? [...ref][0] : null;
    const bad = names.filter((n) => sums[n] && (sums[n].size > 1 || [...sums[n]][0] !== refVal));
    check[w.name] = failed.length ? `FAILED: ${failed.join(', ')}` : bad.length ? `MISMATCH: ${bad.join(', ')}` : 'agree';
  }

  const cell = (w, e, f) => {
    const rs = results[w][e].filter((r) => r.ok);
    if (rs.length === 0) return results[w][e].length ? 'failed' : '–';
    return `${fmtS(median(rs.map(f)))} (${fmtS(min(rs.map(f)))})`;
  };
  const med = (w, e, f) => median(results[w][e].filter((r) => r.ok).map(f));

  out.push(`## In-process time, seconds (os.clock() around the hot section)\n`);
  out.push('os.clock() is CPU time of the process in all three engines (in wippy: process.cpuUsage(), which includes V8 helper threads such as the concurrent GC).\n');
  out.push(table(['workload', ...names, ...(hasWippy && hasLua ? ['wippy/lua5.4'] : []), 'checksums'],
    workloads.filter((w) => w.name !== 'startup').map((w) => [w.name, ...names.map((e) => cell(w.name, e, (r) => r.time)),
      ...(hasWippy && hasLua ? [ratio(med(w.name, 'wippy', (r) => r.time), med(w.name, 'lua5.4', (r) => r.time))] : []),
      check[w.name]])));
  out.push(results.compile ? '\n`compile` is load() of the generated source, timed inside Lua (see the compile section).\n' : '');

  out.push(`## Whole-process wall time, seconds\n`);
  out.push(table(['workload', ...names, ...(hasWippy && hasLua ? ['wippy/lua5.4'] : [])],
    workloads.map((w) => [w.name, ...names.map((e) => cell(w.name, e, (r) => r.wall)),
      ...(hasWippy && hasLua ? [ratio(med(w.name, 'wippy', (r) => r.wall), med(w.name, 'lua5.4', (r) => r.wall))] : [])])));
  out.push('');

  if (TIME_BIN) {
    out.push(`## Whole-process CPU time (user+sys), seconds, median\n`);
    out.push('Node runs the garbage collector and the optimising compiler on helper threads, so its CPU time can exceed its wall time.\n');
    out.push(table(['workload', ...names, ...(hasWippy && hasLua ? ['wippy/lua5.4'] : [])],
      workloads.map((w) => [w.name, ...names.map((e) => fmtS(med(w.name, e, (r) => r.cpu))),
        ...(hasWippy && hasLua ? [ratio(med(w.name, 'wippy', (r) => r.cpu), med(w.name, 'lua5.4', (r) => r.cpu))] : [])])));
    out.push('');
    out.push(`## Peak RSS, MB, median\n`);
    out.push(table(['workload', ...names],
      workloads.map((w) => [w.name, ...names.map((e) => fmtN(med(w.name, e, (r) => r.rss)))])));
    out.push('');
  }

  // metrics
  const metricRows = [];
  for (const w of workloads) {
    const keys = new Set();
    for (const e of names) for (const r of results[w.name][e]) for (const k of Object.keys(r.metrics)) if (k !== 'source_mb') keys.add(k);
    for (const k of keys) {
      metricRows.push([`${w.name}: ${k}`, ...names.map((e) => fmtN(med(w.name, e, (r) => r.metrics[k] ?? null))),
        ...(hasWippy && hasLua ? [ratio(med(w.name, 'wippy', (r) => r.metrics[k] ?? null), med(w.name, 'lua5.4', (r) => r.metrics[k] ?? null))] : [])]);
    }
  }
  if (metricRows.length) {
    out.push(`## Metrics reported by the workloads, median\n`);
    out.push('`*_ns`: nanoseconds per operation (a pair = one resume + the matching yield); `mb_per_s`: source megabytes compiled per second.\n');
    out.push(table(['metric', ...names, ...(hasWippy && hasLua ? ['wippy/lua5.4'] : [])], metricRows));
    out.push('');
  }

  // compile detail
  if (compileRows.direct || compileRows.luac) {
    const mb = bigBytes / 1048576;
    out.push(`## Compile speed, ${mb.toFixed(2)} MB of generated Lua\n`);
    const rows = [];
    const d = (compileRows.direct ?? []).filter((r) => r.ok);
    const mm = (rs, f) => `${fmtS(median(rs.map(f)))} (${fmtS(min(rs.map(f)))})`;
    const rate = (rs, f) => fmtN(mb / median(rs.map(f)));
    if (d.length) {
      rows.push(['wippy compile(), first call in a fresh process', mm(d, (r) => r.time), mm(d, (r) => r.metrics.cold_wall_s ?? null), rate(d, (r) => r.time)]);
      if (d[0].metrics.warm_s !== undefined) {
        rows.push(['wippy compile(), again in the same process', mm(d, (r) => r.metrics.warm_s ?? null), mm(d, (r) => r.metrics.warm_wall_s ?? null), rate(d, (r) => r.metrics.warm_s ?? null)]);
      }
    } else if (compileRows.direct?.length) rows.push(['wippy compile()', 'failed', '–', '–']);
    for (const e of names) {
      const rs = results.compile?.[e]?.filter((r) => r.ok) ?? [];
      if (rs.length) rows.push([`${e}: load() inside Lua (os.clock)`, mm(rs, (r) => r.time), '–', rate(rs, (r) => r.time)]);
    }
    const l = (compileRows.luac ?? []).filter((r) => r.ok);
    if (l.length) rows.push(['luac5.4 -p (whole process, parse only)', mm(l, (r) => r.cpu), mm(l, (r) => r.wall), rate(l, (r) => r.wall)]);
    out.push('CPU and wall seconds are median (min); MB/s is from the median CPU time (for luac: wall time, whole process).\n');
    out.push(table(['measurement', 'CPU s', 'wall s', 'MB/s'], rows));
    if (d.length && d[0].metrics.parse_s !== undefined) {
      const p = d[0].metrics;
      out.push(`\nwippy phases (one warm run): parse ${fmtS(p.parse_s)} s, resolve ${fmtS(p.resolve_s)} s, ` +
        `generate ${fmtS(p.generate_s)} s, line table + V8 script ${fmtS(p.rest_s)} s; ` +
        `generated JavaScript ${fmtN(p.generated_js_mb)} MB for ${fmtN(p.source_mb)} MB of Lua.`);
    }
    out.push('');
  }

  // goals
  if (hasWippy && hasLua) {
    out.push(`## Goals\n`);
    const t = (w, e) => results[w] ? med(w, e, (r) => r.time) : null;
    const goal = (label, a, b, better) => {
      if (a === null || b === null) return `- ${label}: not measured`;
      return `- ${label}: ${better(a, b) ? 'MET' : 'MISSED'} (wippy ${fmtN(a)}, lua5.4 ${fmtN(b)}, ratio ${(a / b).toFixed(2)}x)`;
    };
    out.push(goal('fib at least as fast as lua5.4 (in-process s)', t('fib', 'wippy'), t('fib', 'lua5.4'), (a, b) => a <= b));
    out.push(goal('table loop at least as fast as lua5.4 (in-process s)', t('table', 'wippy'), t('table', 'lua5.4'), (a, b) => a <= b));
    const cw = results.coroutines ? med('coroutines', 'wippy', (r) => r.metrics.resume_yield_pair_ns ?? null) : null;
    const cl = results.coroutines ? med('coroutines', 'lua5.4', (r) => r.metrics.resume_yield_pair_ns ?? null) : null;
    out.push(goal('resume/yield pair faster than lua5.4 (ns per pair)', cw, cl, (a, b) => a < b));
    const d = (compileRows.direct ?? []).filter((r) => r.ok);
    if (d.length) {
      const rate = bigBytes / 1048576 / median(d.map((r) => r.time));
      out.push(`- compile >= 2 MB/s (first compile() of ${(bigBytes / 1048576).toFixed(1)} MB in a fresh process, CPU time): ${rate >= 2 ? 'MET' : 'MISSED'} (${rate.toFixed(2)} MB/s)`);
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}

process.exitCode = main();
