// Why per-closure generator functions are expensive in V8 (see RESULTS.md, P1/P2): the first
// call of a new closure of a `function*` makes a fresh prototype object and a fresh initial map
// for its generator objects; one shared generator function makes them once.
//
//   node --expose-gc bench/actors/generators.js

const N = 100000;
const perClosure = (x) => function* g(a) { yield a + x; return 1; };
function* shared(x, a) { yield a + x; return 1; }

function run(label, f) {
  globalThis.gc();
  const m0 = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  const keep = f();
  const t1 = process.hrtime.bigint();
  globalThis.gc();
  const m1 = process.memoryUsage().heapUsed;
  console.log(`${label}  ${(Number(t1 - t0) / N).toFixed(0).padStart(6)} ns  ${((m1 - m0) / N).toFixed(0).padStart(4)} bytes kept each`);
  return keep;
}

if (typeof globalThis.gc !== 'function') { console.error('run with node --expose-gc'); process.exit(2); }
for (let r = 0; r < 3; r++) {
  run('new generator closure, called once', () => { const a = []; for (let i = 0; i < N; i++) { const g = perClosure(i)(1); g.next(); a.push(g); } return a; });
  run('one shared generator, called      ', () => { const a = []; for (let i = 0; i < N; i++) { const g = shared(i, 1); g.next(); a.push(g); } return a; });
  run('new closure, not called (baseline)', () => { const a = []; for (let i = 0; i < N; i++) a.push(perClosure(i)); return a; });
}
