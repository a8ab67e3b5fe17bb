// Registry benchmarks (run by hand: `npm run build && node bench/registry/run.js`).
//
// 1. save -> serving: a function's Lua file is saved while `wippy run` watches src/; the time
//    until calls return the new code. Side by side with the way without live reload: a cold
//    `wippy run -x` of a process that calls the function (whole process, node start included).
// 2. applying a 1 000-entry changeset: in memory, with the SQLite history, as one changeset
//    vs 1 000 single-entry ones, and the boot replay of 1 000 persisted run-time changes.
//
// Options: --runs N (default 15 for 1., 5 for 2.), --sizes 10,500 (functions in the app for 1.)

import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg, release, platform, arch } from 'node:os';
import { join, dirname } from 'node:path';
import { spawnSync, execSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { markdownTable, median } from '../common.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (p) => join(repo, 'dist/src', p);
const { startApp, checkEntries, luaProblem } = await import(dist('system/boot.js'));
const { createLog } = await import(dist('system/log.js'));
const { Registry } = await import(dist('registry/registry.js'));
const { LiveRegistry } = await import(dist('registry/live.js'));
const { MemoryHistoryStore, SqliteHistoryStore } = await import(dist('registry/store.js'));
const { makeEntry } = await import(dist('registry/entry.js'));

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : process.argv[i + 1];
};
const RUNS = Number(arg('runs', 15));
const SIZES = String(arg('sizes', '10,500')).split(',').map(Number);
const fmt = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)})`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- 1. save -> serving ---------------------------------------------------------------------

function writeAppFolder(n) {
  const root = mkdtempSync(join(tmpdir(), 'wippy-bench-reg-'));
  let yaml = `version: "1.0"\nnamespace: app\nentries:\n  - name: terminal\n    kind: terminal.host\n    lifecycle: { auto_start: true }\n`;
  yaml += `  - name: caller\n    kind: process.lua\n    source: file://caller.lua\n    method: main\n    modules: [io, funcs]\n`;
  for (let i = 0; i < n; i++) yaml += `  - name: f${i}\n    kind: function.lua\n    source: file://f${i}.lua\n    method: handler\n`;
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src/_index.yaml'), yaml);
  for (let i = 0; i < n; i++) writeFileSync(join(root, `src/f${i}.lua`), fnSource(i, 'v0'));
  writeFileSync(join(root, 'src/caller.lua'), 'return { main = function() io.print(funcs.call("app:f0")) end }');
  return root;
}

function fnSource(i, tag) {
  return `local calls = 0\nreturn { handler = function()\n  calls = calls + 1\n  return "${tag}:${i}:" .. calls\nend }\n`;
}

const call = (app, id) => new Promise((res) => app.runtime.callFunction(undefined, id, [], (r) => res(r.value)));

async function saveToServing(n) {
  const root = writeAppFolder(n);
  const app = await startApp(root, createLog({ silent: true }), { watch: true });
  const latencies = [];
  const reloads = [];
  for (let k = 1; k <= RUNS + 2; k++) {
    const tag = `v${k}`;
    const t0 = performance.now();
    writeFileSync(join(root, 'src/f0.lua'), fnSource(0, tag));
    for (;;) {
      const v = await call(app, 'app:f0');
      if (typeof v === 'string' && v.startsWith(`${tag}:`)) break;
      await sleep(1);
    }
    const t = performance.now() - t0;
    if (k > 2) latencies.push(t); // two warm-ups
    await sleep(120); // let any trailing file events settle
    // the reload's own work for one changed function (load + check + apply), timed in CPU so
    // that a busy machine does not inflate it: save, then reload at once, before the watcher
    writeFileSync(join(root, 'src/f0.lua'), fnSource(0, `${tag}b`));
    const c0 = process.cpuUsage();
    const r = app.watcher.reload();
    const c = process.cpuUsage(c0);
    if (!r.ok || r.version === undefined) throw new Error('reload failed');
    if (k > 2) reloads.push((c.user + c.system) / 1000);
    await sleep(120);
  }
  app.watcher.close();
  await app.supervisor.stopAll();
  // the anchor: a cold start of the whole process that calls the function once
  const cold = [];
  for (let k = 0; k < Math.min(RUNS, 7); k++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(repo, 'bin/wippy.js'), 'run', '-x', 'app:caller'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    cold.push(performance.now() - t0);
  }
  rmSync(root, { recursive: true, force: true });
  return { n, latencies, reloads, cold };
}

// ---- 2. a 1 000-entry changeset ---------------------------------------------------------------

const N = 1000;
const fileBase = () => [makeEntry({ id: 'app:host', kind: 'process.host' })];
const fnEntry = (i, tag) => ({ id: `gen:f${i}`, kind: 'function.lua', meta: { type: 'tool' },
  data: { source: `return { handler = function(x) return "${tag}" .. x .. ${i} end }`, method: 'handler' } });
const dataEntry = (i, tag) => ({ id: `gen:d${i}`, kind: 'registry.entry', meta: { type: 'item', n: i }, data: { tag, list: [i, i + 1] } });
let salt = 0; // fresh Lua sources every run, so no run reuses another's compiled chunks
const scratch = []; // temp folders of the SQLite cases, removed at the end
const dbPath = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-bench-db-'));
  scratch.push(dir);
  return join(dir, 'registry.db');
};

function cpuMs(f) {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  const out = f();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, wall: performance.now() - w0, out };
}

function changesetCases() {
  const runs = Number(arg('runs', 5));
  const cases = {
    'Registry.apply, 1 000 registry.entry creates (no history store)': () => {
      const reg = new Registry(fileBase());
      const ops = Array.from({ length: N }, (_, i) => ({ op: 'create', entry: dataEntry(i, `t${salt}`) }));
      return () => reg.apply(ops);
    },
    'live, memory history: 1 000 function.lua creates (each compiled)': () => {
      const { live } = LiveRegistry.boot(fileBase(), new MemoryHistoryStore(), checkEntries, { checkEntry: luaProblem });
      const ops = Array.from({ length: N }, (_, i) => ({ op: 'create', entry: fnEntry(i, `t${salt}`) }));
      return () => live.applyCode(ops);
    },
    'live, SQLite history: 1 000 function.lua creates (each compiled)': () => {
      const store = new SqliteHistoryStore(dbPath());
      const { live } = LiveRegistry.boot(fileBase(), store, checkEntries, { checkEntry: luaProblem });
      const ops = Array.from({ length: N }, (_, i) => ({ op: 'create', entry: fnEntry(i, `t${salt}`) }));
      return () => live.applyCode(ops);
    },
    'live, SQLite history: 1 000 updates on a registry of 1 000': () => {
      const store = new SqliteHistoryStore(dbPath());
      const { live } = LiveRegistry.boot(fileBase(), store, checkEntries, { checkEntry: luaProblem });
      live.applyCode(Array.from({ length: N }, (_, i) => ({ op: 'create', entry: fnEntry(i, `a${salt}`) })));
      const ops = Array.from({ length: N }, (_, i) => ({ op: 'update', entry: fnEntry(i, `b${salt}`) }));
      return () => live.applyCode(ops);
    },
    'anchor: the same 1 000 creates as 1 000 one-entry changesets (SQLite)': () => {
      const store = new SqliteHistoryStore(dbPath());
      const { live } = LiveRegistry.boot(fileBase(), store, checkEntries, { checkEntry: luaProblem });
      const ops = Array.from({ length: N }, (_, i) => ({ op: 'create', entry: fnEntry(i, `t${salt}`) }));
      return () => { for (const op of ops) live.applyCode([op]); return { ok: true }; };
    },
    'boot: replay 1 000 persisted run-time changes (SQLite)': () => {
      const file = dbPath();
      const first = LiveRegistry.boot(fileBase(), new SqliteHistoryStore(file), checkEntries, { checkEntry: luaProblem });
      first.live.applyCode(Array.from({ length: N }, (_, i) => ({ op: 'create', entry: fnEntry(i, `t${salt}`) })));
      first.live.store.close();
      return () => {
        const store = new SqliteHistoryStore(file);
        const { live } = LiveRegistry.boot(fileBase(), store, checkEntries, { checkEntry: luaProblem });
        store.close();
        return { ok: live.registry.all().length === N + 1 };
      };
    },
  };
  const rows = [];
  for (const [name, setup] of Object.entries(cases)) {
    const cpu = [];
    const wall = [];
    for (let r = 0; r < runs + 1; r++) {
      salt++;
      const run = setup();
      const m = cpuMs(run);
      if (!m.out.ok) throw new Error(`${name}: ${JSON.stringify(m.out.errors)}`);
      if (r > 0) { cpu.push(m.cpu); wall.push(m.wall); } // first run warms up
    }
    rows.push([name, fmt(cpu), fmt(wall)]);
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  return { runs, rows };
}

// ---- report ------------------------------------------------------------------------------------

const before = loadavg().map((x) => x.toFixed(2)).join(' ');
const watchRows = [];
for (const n of SIZES) {
  const r = await saveToServing(n);
  watchRows.push([`${n} functions`, fmt(r.latencies), fmt(r.reloads), fmt(r.cold)]);
}
const cs = changesetCases();
const after = loadavg().map((x) => x.toFixed(2)).join(' ');
let git = '?';
try { git = execSync('git rev-parse --short HEAD', { cwd: repo, encoding: 'utf8' }).trim(); } catch { /* not a checkout */ }

console.log(`- date: ${new Date().toISOString()}
- command: \`node bench/registry/run.js${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\`
- machine: ${cpus()[0].model.trim()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB RAM, ${platform()} ${release()} ${arch()}
- node ${process.version}, wippy build: git ${git}
- load average before / after: ${before} / ${after}
- cells: median (min), milliseconds

### Save -> serving (${RUNS} saves after 2 warm-ups)

${markdownTable(['app', 'save -> new code serving (watch)', 'its reload: load+check+apply, CPU ms', 'anchor: cold `wippy run -x` calling it'], watchRows)}

### A 1 000-entry changeset (${cs.runs} runs after 1 warm-up)

${markdownTable(['case', 'CPU ms', 'wall ms'], cs.rows)}
`);
