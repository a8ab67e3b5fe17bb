// Helpers shared by the benchmark runners and profilers.

import { readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** A Markdown table; the first column left-aligned, the rest right-aligned. */
export function markdownTable(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  return lines.join('\n');
}

/** Self time (µs) per node id of a .cpuprofile, and the total. */
export function selfTimes(prof) {
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return { self, total };
}

/** `file:///…/dist/x.js` -> `dist/x.js`, relative to the repository root. */
export function shortUrl(root, u) {
  return u.replace(/^file:\/\//, '').replace(root + '/', '').replace(/^.*\/dist\//, 'dist/');
}

/** The median of the finite numbers in `xs` (mean of the middle two for an even count); null if none. */
export function median(xs) {
  const v = xs.filter((x) => x !== null && x !== undefined && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const h = v.length >> 1;
  return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

/** Wall and CPU milliseconds (this process, all threads) of `await fn()`. */
export async function cpuAndWall(fn) {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1e3 };
}

/** One warm-up call of `fn`, then `runs` measured ones: the median wall and CPU milliseconds.
 *  `between` runs after each measured call (to reset a fake server's request log, say). */
export async function warmMedians(fn, runs, between = () => {}) {
  await fn();
  const walls = [], cpus = [];
  for (let r = 0; r < runs; r++) {
    const m = await cpuAndWall(fn);
    walls.push(m.wall);
    cpus.push(m.cpu);
    between();
  }
  return { wall: median(walls), cpu: median(cpus) };
}

/** Resolves once something listens on 127.0.0.1:`port` (a server child process booted). */
export function waitPort(port, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tryOnce = () => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => { s.destroy(); resolve(); });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`port ${port} did not open`));
        else setTimeout(tryOnce, 100);
      });
    };
    tryOnce();
  });
}

/** utime + stime of a process, in seconds, and its RSS in MB (from /proc/PID/stat). */
export function procStat(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parts = f.slice(f.lastIndexOf(')') + 2).split(' ');
  const tick = 100;
  const rssPages = Number(parts[21]);
  return { cpu: (Number(parts[11]) + Number(parts[12])) / tick, rssMb: (rssPages * 4096) / 1e6 };
}
