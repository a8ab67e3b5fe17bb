// wippy side of the workflow benchmark: boots an app in this process (dist/), whose
// workflow.host keeps its runs in SQLite (a file in a temp dir) or in PostgreSQL, and
// drives it from JS through the engine (start by id, wait for the stored result) — the
// same path `workflow.start` + `workflow.wait` take from Lua.
//
//   node bench/workflow/wippy.js --store sqlite|postgres [--port P --db NAME] [--durability batched|full] --n 1000 --tput 5000

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../dist/src/system/boot.js';
import { createLog } from '../../dist/src/system/log.js';
import { workflowEngines } from '../../dist/src/workflow/hosts.js';
import { arg, measure } from './measure.js';

const store = arg('--store', 'sqlite');
const root = mkdtempSync(join(tmpdir(), 'wippy-bench-wf-'));
mkdirSync(join(root, 'src'));
const storeYaml = store === 'postgres'
  ? `store: app:pg
  - name: pg
    kind: db.sql.postgres
    host: 127.0.0.1
    port: ${arg('--port')}
    database: ${arg('--db')}
    username: postgres`
  : 'store: .wippy/workflows.db';
const durability = arg('--durability', 'batched');
writeFileSync(join(root, 'src/_index.yaml'), `version: "1.0"
namespace: app
entries:
  - name: workflows
    kind: workflow.host
    durability: ${durability}
    ${storeYaml}
  - name: flow
    kind: workflow.lua
    source: file://flow.lua
    method: main
    modules: [funcs]
  - name: step
    kind: function.lua
    source: file://step.lua
    method: main
`);
writeFileSync(join(root, 'src/flow.lua'), `return { main = function(x, steps)
  for _ = 1, steps do x = funcs.call("app:step", x) end
  return x
end }`);
writeFileSync(join(root, 'src/step.lua'), 'return { main = function(x) return x + 1 end }');

const app = await startApp(root, createLog({ silent: true }));
const engine = workflowEngines(app.runtime).get('app:workflows');
let seq = 0;
const prefix = `wf-${process.pid}-${Date.now()}`;
let ckUs = 0;
let ckN = 0;
// checkpoint: from the step write to its commit (what a step waits for before the next
// activity may start)
const writeStep = engine.store.writeStep.bind(engine.store);
engine.store.writeStep = (step, signal, owner, done) => {
  const t0 = performance.now();
  writeStep(step, signal, owner, (err) => {
    ckUs += (performance.now() - t0) * 1000;
    ckN++;
    done(err);
  });
};
const sys = {
  run(steps, x) {
    return new Promise((resolve, reject) => {
      const r = engine.startRun('app:flow', `${prefix}-${++seq}`, [x, steps]);
      if ('kind' in r) return reject(new Error(r.message));
      engine.whenFinished(r.run.id, (run) => run.status === 'completed' ? resolve(JSON.parse(run.result)) : reject(new Error(`${run.status}: ${run.error}`)));
    });
  },
  resetCheckpoints() { ckUs = 0; ckN = 0; },
  checkpointUs: () => ckUs / ckN,
};
const m = await measure(sys, { n: Number(arg('--n', 1000)), tput: Number(arg('--tput', 5000)) });
await app.supervisor.stopAll();
process.stdout.write(JSON.stringify(m) + '\n');
process.exit(0);
