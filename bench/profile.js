// Profile one workload on wippy and print the functions with the most self time.
//
//   node bench/profile.js bench/lua/coroutines.lua [--top 25] [--stdin FILE]
//   node bench/profile.js --cpuprofile FILE.cpuprofile        (aggregate an existing profile)
//   --bin PATH/bin/wippy.js   profile another build of wippy
//
// Runs `node --cpu-prof bin/wippy.js lua FILE` into a temporary directory, then sums the
// sampled self time per function (name + file:line) and also per source file. Generated Lua
// code shows up under `lua:<chunk id>`; everything else is the engine (dist/...) or Node.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { selfTimes, shortUrl as shortUrlOf } from './common.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (n, d) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : d; };
const TOP = Number(opt('--top', 25));

let profFile = opt('--cpuprofile', null);
if (!profFile) {
  const script = argv.find((a) => a.endsWith('.lua'));
  if (!script) { console.error('usage: node bench/profile.js FILE.lua [--top N] [--stdin FILE]'); process.exit(2); }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wippy-prof-'));
  const stdinFile = opt('--stdin', null);
  const stdin = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, opt('--bin', path.join(root, 'bin/wippy.js')), 'lua', script],
    { stdio: [stdin, 'inherit', 'inherit'] });
  if (r.status !== 0) process.exitCode = 1;
  const f = fs.readdirSync(dir).find((x) => x.endsWith('.cpuprofile'));
  if (!f) { console.error('no profile written'); process.exit(1); }
  profFile = path.join(dir, f);
  console.log(`profile: ${profFile}`);
}

const prof = JSON.parse(fs.readFileSync(profFile, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const { self, total } = selfTimes(prof);
const shortUrl = (u) => shortUrlOf(root, u);
const byFn = new Map(), byFile = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const file = shortUrl(cf.url) || '(native)';
  const key = `${cf.functionName || '(anonymous)'}  ${file}${cf.url ? ':' + (cf.lineNumber + 1) : ''}`;
  byFn.set(key, (byFn.get(key) ?? 0) + us);
  byFile.set(file, (byFile.get(file) ?? 0) + us);
}
const show = (title, m, n) => {
  console.log(`\n${title} (total ${(total / 1e3).toFixed(0)} ms sampled)`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${(us / 1e3).toFixed(1).padStart(9)} ms ${(100 * us / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
show('self time by function', byFn, TOP);
show('self time by file', byFile, 12);
