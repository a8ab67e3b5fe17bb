// DBOS Transact side of the workflow benchmark: the same workflow (a loop of steps, each
// returning its input + 1), registered with DBOS, its system database on the same local
// PostgreSQL server. Started with DBOS.startWorkflow under an explicit id, awaited with
// handle.getResult().
//
//   node bench/workflow/dbos.js --port P --db NAME [--durability full|batched] --n 1000 --tput 5000

import { DBOS } from '@dbos-inc/dbos-sdk';
import { arg, measure } from './measure.js';

const step = async (x) => x + 1;
const flow = DBOS.registerWorkflow(async (x, steps) => {
  for (let i = 0; i < steps; i++) x = await DBOS.runStep(() => step(x), { name: 'step' });
  return x;
}, { name: 'flow' });

DBOS.setConfig({
  name: 'wfbench',
  // batched: the same relaxed commit as wippy's batched PostgreSQL store
  systemDatabaseUrl: `postgres://postgres@127.0.0.1:${arg('--port')}/${arg('--db')}` +
    (arg('--durability', 'full') === 'batched' ? '?options=-c%20synchronous_commit%3Doff' : ''),
  logLevel: 'error',
  runAdminServer: false,
});
await DBOS.launch();
let seq = 0;
const prefix = `wf-${process.pid}-${Date.now()}`;
const sys = {
  async run(steps, x) {
    const h = await DBOS.startWorkflow(flow, { workflowID: `${prefix}-${++seq}` })(x, steps);
    return h.getResult();
  },
};
const m = await measure(sys, { n: Number(arg('--n', 1000)), tput: Number(arg('--tput', 5000)) });
await DBOS.shutdown();
process.stdout.write(JSON.stringify(m) + '\n');
process.exit(0);
