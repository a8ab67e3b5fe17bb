// The workloads, the same for every system. `sys.run(steps, x)` starts one workflow of
// `steps` steps (each step returns its input + 1) and resolves with its result.
//
//   latency:    sequential start -> result of 3-step workflows: p50, p99
//   checkpoint: (wippy) mean time from a step's write to its commit, in the latency run
//   per step:   (p50 of 10 steps - p50 of 1 step) / 9: what one more step costs end to end
//   throughput: `tput` 3-step workflows started at once, until the last result: workflows/s,
//               and the process's CPU time per workflow

function pct(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function sequential(sys, steps, n) {
  const ms = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = await sys.run(steps, i);
    ms.push(performance.now() - t0);
    if (r !== i + steps) throw new Error(`workflow of ${steps} steps on ${i} returned ${r}`);
  }
  ms.sort((a, b) => a - b);
  return { p50: pct(ms, 0.5), p99: pct(ms, 0.99), mean: ms.reduce((a, b) => a + b, 0) / n };
}

async function throughput(sys, n) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const all = [];
  for (let i = 0; i < n; i++) all.push(sys.run(3, i));
  const rs = await Promise.all(all);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  rs.forEach((r, i) => { if (r !== i + 3) throw new Error(`workflow ${i} returned ${r}`); });
  return { perSec: n / (wall / 1000), cpuUsPerWf: (cpu.user + cpu.system) / n };
}

export async function measure(sys, { n, tput }) {
  await sequential(sys, 3, Math.min(200, n)); // warm-up: JIT, pools, caches
  sys.resetCheckpoints?.();
  const lat = await sequential(sys, 3, n);
  const checkpointUs = sys.checkpointUs?.();
  const one = await sequential(sys, 1, Math.ceil(n / 2));
  const ten = await sequential(sys, 10, Math.ceil(n / 2));
  const tp = await throughput(sys, tput);
  return {
    p50: lat.p50, p99: lat.p99, mean: lat.mean,
    perStep: (ten.p50 - one.p50) / 9,
    checkpointUs,
    perSec: tp.perSec, cpuUsPerWf: tp.cpuUsPerWf,
  };
}

export function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
}
