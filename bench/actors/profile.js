// Profile one actor workload on wippy and print where the time goes.
//
//   node bench/actors/profile.js APP [ARGS...] [--top 30] [--bin PATH/bin/wippy.js]
//   node bench/actors/profile.js --cpuprofile FILE.cpuprofile      (an existing profile)
//     APP: spawn | pingpong | ring | funcs (a folder of bench/actors/apps/)
//
// Runs `node --cpu-prof bin/wippy.js run -d bench/actors/apps/APP -x app:main ARGS` into a
// temporary directory, then prints self time per function, self time per file, and total
// (inclusive) time of the kernel / runtime / module functions on the hot path.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfTimes, shortUrl as shortUrlOf } from '../common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : d; };
const TOP = Number(opt('--top', 30));

let profFile = opt('--cpuprofile', null);
if (!profFile) {
  const pos = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
  const [app, ...args] = pos;
  if (!app) { console.error('usage: node bench/actors/profile.js APP [ARGS...] [--top N]'); process.exit(2); }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wippy-actors-prof-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200',
    opt('--bin', path.join(root, 'bin/wippy.js')), 'run', '-d', path.join(here, 'apps', app), '-x', 'app:main', ...args],
  { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exitCode = 1;
  const f = fs.readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
  if (!f) { console.error('no profile written'); process.exit(1); }
  profFile = path.join(dir, f);
  console.log(`profile: ${profFile}`);
}

const prof = JSON.parse(fs.readFileSync(profFile, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const { self: selfUs, total } = selfTimes(prof);
const shortUrl = (u) => shortUrlOf(root, u);
const keyOf = (id) => {
  const cf = byId.get(id).callFrame;
  const file = shortUrl(cf.url) || '(native)';
  return { fn: `${cf.functionName || '(anonymous)'}  ${file}${cf.url ? ':' + (cf.lineNumber + 1) : ''}`, file };
};

const byFn = new Map(), byFile = new Map(), incl = new Map();
for (const [id, us] of selfUs) {
  const { fn, file } = keyOf(id);
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  byFile.set(file, (byFile.get(file) ?? 0) + us);
  // inclusive: every distinct function on the stack of this sample gets its time once
  const seen = new Set();
  for (let p = id; p !== undefined; p = parent.get(p)) {
    const k = keyOf(p).fn;
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + us);
  }
}

const show = (title, m, n, filter = () => true) => {
  console.log(`\n${title} (total ${(total / 1e3).toFixed(0)} ms sampled)`);
  for (const [k, us] of [...m].filter(([k]) => filter(k)).sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / 1e3).toFixed(1).padStart(9)} ms ${(100 * us / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
show('self time by function', byFn, TOP);
show('self time by file', byFile, 15);
show('total (inclusive) time, wippy code only', incl, TOP, (k) => /dist\/src\/|lua:/.test(k));
