// Compile speed of the wippy engine measured directly: time compile(source, chunkname)
// (parse + resolve + codegen + line table + V8 script creation) on a large Lua file.
//
//   node bench/compile/wippy_compile.js FILE.lua [--phases]
//
// Prints `time` = CPU seconds of the first (cold) compile in this process, as a freshly started
// wippy sees it, and metrics for the best of BENCH_COMPILE_REPEAT (default 1) further (warm)
// compiles, CPU and wall. With --phases it also times parse / resolve / generate separately
// (CPU time, warm; the rest of the warm compile is the line table + vm.Script).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
// the runner points WIPPY_BENCH_DIST at its private copy of dist/src/lua
const dist = process.env.WIPPY_BENCH_DIST ?? path.resolve(here, '../../dist/src/lua');
const { compile } = await import(path.join(dist, 'compiler/compile.js'));

const file = process.argv[2];
if (!file) { console.error('usage: node bench/compile/wippy_compile.js FILE.lua [--phases]'); process.exit(2); }
const phases = process.argv.includes('--phases');
const REPEAT = Number(process.env.BENCH_COMPILE_REPEAT ?? 1);

const source = readFileSync(file).toString('latin1');
const mb = source.length / 1048576;
const now = () => Number(process.hrtime.bigint()) / 1e9;
// CPU time of the process, the same clock as os.clock() in wippy (it includes V8's helper
// threads); wall time is reported alongside as a metric
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

let w0 = now(), c0 = cpu();
let chunk = compile(source, file);
const coldCpu = cpu() - c0, coldWall = now() - w0;
const jsBytes = chunk.js.length;
chunk = undefined;

let warmCpu = Infinity, warmWall = Infinity;
for (let r = 0; r < REPEAT; r++) {
  w0 = now(); c0 = cpu();
  compile(source, file);
  warmCpu = Math.min(warmCpu, cpu() - c0);
  warmWall = Math.min(warmWall, now() - w0);
}

console.log('checksum -');
console.log(`time ${coldCpu.toFixed(6)}`);
console.log(`metric source_mb ${mb.toFixed(3)}`);
console.log(`metric mb_per_s ${(mb / coldCpu).toFixed(2)}`);
console.log(`metric cold_wall_s ${coldWall.toFixed(6)}`);
console.log(`metric generated_js_mb ${(jsBytes / 1048576).toFixed(3)}`);
if (REPEAT > 0) {
  console.log(`metric warm_s ${warmCpu.toFixed(6)}`);
  console.log(`metric warm_wall_s ${warmWall.toFixed(6)}`);
  console.log(`metric warm_mb_per_s ${(mb / warmCpu).toFixed(2)}`);
}

if (phases) {
  const { parse } = await import(path.join(dist, 'parser.js'));
  const { resolve } = await import(path.join(dist, 'compiler/resolve.js'));
  const { generate } = await import(path.join(dist, 'compiler/codegen.js'));
  const a = cpu();
  const ast = parse(source, file);
  const b = cpu();
  const res = resolve(ast);
  const c = cpu();
  generate(ast, res);
  const d = cpu();
  console.log(`metric parse_s ${(b - a).toFixed(6)}`);
  console.log(`metric resolve_s ${(c - b).toFixed(6)}`);
  console.log(`metric generate_s ${(d - c).toFixed(6)}`);
  console.log(`metric rest_s ${(warmCpu - (d - a)).toFixed(6)}`);
}
