// Memory per idle wippy process, measured from the JS heap (Lua code cannot see it).
//
//   node --expose-gc bench/actors/memory.js [--n 10000] [--root DIR] [--breakdown]
//
// Boots bench/actors/apps/spawn in this Node process (dist/src/system/boot.js), spawns a few
// idle processes as a warm-up (shared modules, compiled chunks, JIT), forces GC and takes the
// baseline; then spawns N more through runtime.spawn(), runs the scheduler until every one is
// parked on `process.inbox():receive()`, forces GC again and prints
//   metric bytes_per_process <(heapUsed after - before) / N> bytes
//   metric rss_per_process   <(rss after - before) / N> bytes
//   metric heap_total_mb / rss_total_mb (the deltas)
// --root: the wippy tree whose dist/ is used (default: this repository; bench/actors/run.js
//         passes its private snapshot of dist/)
// --breakdown: also diff two V8 heap snapshots (before/after) and print, per process, the
//         bytes and object counts by constructor: where an idle process's memory goes.

import path from 'node:path';
import v8 from 'node:v8';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const N = Number(opt('--n', 10000));
const ROOT = path.resolve(opt('--root', path.resolve(here, '../..')));
const BREAKDOWN = argv.includes('--breakdown');
const APP = path.join(here, 'apps/spawn');

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}

const load = (rel) => import(pathToFileURL(path.join(ROOT, 'dist/src', rel)).href);
const { startApp } = await load('system/boot.js');
const { createLog } = await load('system/log.js');
const { runnable } = await load('kernel/scheduler.js');
// what `process.spawn(id, host)` passes when there are no arguments (older builds: a new [])
const NO_ARGS = (await load('lua/runtime/types.js')).EMPTY ?? [];

const app = await startApp(APP, createLog({ silent: true }));
const rt = app.runtime;

function spawnIdle(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = rt.spawn(undefined, 'app:idle', 'app:processes', NO_ARGS, {});
    if ('kind' in p) throw new Error(p.message);
    out.push(p);
  }
  return out;
}

/** Let the scheduler run until nothing is runnable (every idle process parked). */
async function settle() {
  do await new Promise((r) => setImmediate(r));
  while (runnable() > 0);
  await new Promise((r) => setTimeout(r, 5));
}

function gc() {
  for (let i = 0; i < 4; i++) globalThis.gc();
}

function heapStats(snap) {
  const s = snap.snapshot.meta;
  const nf = s.node_fields;
  const width = nf.length;
  const iType = nf.indexOf('type'), iName = nf.indexOf('name'), iSize = nf.indexOf('self_size');
  const types = s.node_types[iType];
  const nodes = snap.nodes, strings = snap.strings;
  const by = new Map();
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + iType]];
    let name = strings[nodes[i + iName]];
    if (type !== 'object' && type !== 'closure') name = `(${type})`;
    else if (type === 'closure') name = `closure`;
    const e = by.get(name) ?? { count: 0, size: 0 };
    e.count++;
    e.size += nodes[i + iSize];
    by.set(name, e);
  }
  return by;
}

function snapshot() {
  gc();
  const chunks = [];
  const stream = v8.getHeapSnapshot();
  return new Promise((res, rej) => {
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => res(heapStats(JSON.parse(Buffer.concat(chunks).toString('utf8')))));
    stream.on('error', rej);
  });
}

const keep = spawnIdle(200); // warm-up, stays alive in both measurements
await settle();
gc();
const before = process.memoryUsage();
const snapBefore = BREAKDOWN ? await snapshot() : undefined;

const procs = spawnIdle(N);
await settle();
const parked = procs.filter((p) => !p.exited && [...p.tasks].every((t) => t.waiter !== undefined)).length;
if (parked !== N) throw new Error(`only ${parked} of ${N} processes are parked`);
gc();
const after = process.memoryUsage();

console.log(`metric bytes_per_process ${((after.heapUsed - before.heapUsed) / N).toFixed(1)} bytes`);
console.log(`metric rss_per_process ${((after.rss - before.rss) / N).toFixed(1)} bytes`);
console.log(`metric heap_total_mb ${((after.heapUsed - before.heapUsed) / 2 ** 20).toFixed(2)} MB`);
console.log(`metric rss_total_mb ${((after.rss - before.rss) / 2 ** 20).toFixed(2)} MB`);

if (BREAKDOWN) {
  const snapAfter = await snapshot();
  const rows = [];
  for (const [name, a] of snapAfter) {
    const b = snapBefore.get(name) ?? { count: 0, size: 0 };
    const dc = (a.count - b.count) / N, ds = (a.size - b.size) / N;
    if (Math.abs(ds) >= 1 || Math.abs(dc) >= 0.5) rows.push({ name, count: dc, size: ds });
  }
  rows.sort((x, y) => y.size - x.size);
  const total = rows.reduce((s, r) => s + r.size, 0);
  console.log(`\nper idle process, heap snapshot diff (self sizes; total ${total.toFixed(0)} bytes):`);
  console.log('bytes    objects  constructor / kind');
  for (const r of rows.slice(0, 40)) {
    console.log(`${r.size.toFixed(1).padStart(7)}  ${r.count.toFixed(2).padStart(7)}  ${r.name}`);
  }
}
void keep;
process.exit(0);
