// Compile speed of the wippy engine measured directly: time compile(source, chunkname)
// (parse + resolve + codegen + line table + V8 script creation) on a large Lua file.
//
//   node bench/compile/wippy_compile.js FILE.lua [--phases]
//
// Prints `time` = the first (cold) compile in this process, as a freshly started wippy sees
// it, and metrics for the best of REPEAT further (warm) compiles. With --phases it also times
// parse / resolve / generate separately on warm runs (the rest is the line table + vm.Script).

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
const REPEAT = Number(process.env.BENCH_COMPILE_REPEAT ?? 2);

const source = readFileSync(file).toString('latin1');
const mb = source.length / 1048576;
const now = () => Number(process.hrtime.bigint()) / 1e9;

let t0 = now();
let chunk = compile(source, file);
const cold = now() - t0;
const jsBytes = chunk.js.length;
chunk = undefined;

let warm = Infinity;
for (let r = 0; r < REPEAT; r++) {
  t0 = now();
  compile(source, file);
  warm = Math.min(warm, now() - t0);
}

console.log('checksum -');
console.log(`time ${cold.toFixed(6)}`);
console.log(`metric source_mb ${mb.toFixed(3)}`);
console.log(`metric mb_per_s ${(mb / cold).toFixed(2)}`);
console.log(`metric generated_js_mb ${(jsBytes / 1048576).toFixed(3)}`);
if (REPEAT > 0) {
  console.log(`metric warm_s ${warm.toFixed(6)}`);
  console.log(`metric warm_mb_per_s ${(mb / warm).toFixed(2)}`);
}

if (phases) {
  const { parse } = await import(path.join(dist, 'parser.js'));
  const { resolve } = await import(path.join(dist, 'compiler/resolve.js'));
  const { generate } = await import(path.join(dist, 'compiler/codegen.js'));
  let a = now();
  const ast = parse(source, file);
  let b = now();
  const res = resolve(ast);
  let c = now();
  generate(ast, res);
  let d = now();
  console.log(`metric parse_s ${(b - a).toFixed(6)}`);
  console.log(`metric resolve_s ${(c - b).toFixed(6)}`);
  console.log(`metric generate_s ${(d - c).toFixed(6)}`);
  console.log(`metric rest_s ${(warm - (d - a)).toFixed(6)}`);
}
