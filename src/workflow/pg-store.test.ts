// The PostgreSQL workflow store on a real server: the same run/step/inbox semantics as the
// SQLite store, leases between nodes, and fencing (a node that lost its lease cannot write).

import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startPostgres, type PostgresServer } from '../system/testing-postgres.js';
import { PgStore } from './pg-store.js';
import { LeaseLostError } from './store.js';
import { pgConfigOf } from './pg-config.js';
import { storeSpecOf, StoreConfigError } from './store-config.js';

let server: PostgresServer;
let dbs = 0;

before(async () => { server = await startPostgres(); });
after(() => server?.stop());

function freshStore(): { store: PgStore; url: string } {
  const url = server.createDatabase(`store_${++dbs}`);
  return { store: new PgStore({ connectionString: url }), url };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('runs, steps and signals: idempotent create, one step per seq, a signal consumed with its step', () => {
  const { store, url } = freshStore();
  try {
    const a = store.createRun({ id: 'r1', entry: 'app:wf', host: 'app:h', args: '[1]', owner: 'n1' });
    assert.equal(a.created, true);
    assert.equal(a.run.status, 'running');
    const b = store.createRun({ id: 'r1', entry: 'app:other', host: 'app:h', args: '[2]', owner: 'n2' });
    assert.equal(b.created, false);
    assert.equal(b.run.entry, 'app:wf');
    assert.equal(b.run.owner, 'n1');

    const sid = store.addSignal('r1', 'go', 'cli', '["x"]');
    assert.deepEqual(store.pendingSignalsOf(['r1', 'nope']).map((s) => s.id), [sid]);
    store.recordStep({ runId: 'r1', seq: 1, kind: 'call', name: 'app:f', output: '{"v":2}', createdAt: 5 }, undefined, 'n1');
    store.recordStep({ runId: 'r1', seq: 2, kind: 'recv', name: 'go', output: '{}', createdAt: 6 }, sid, 'n1');
    assert.throws(() => store.recordStep({ runId: 'r1', seq: 2, kind: 'call', name: 'x', output: null, createdAt: 7 }, undefined, 'n1'),
      /duplicate key/);
    assert.deepEqual(store.steps('r1').map((s) => [s.seq, s.kind, s.output, s.createdAt]), [[1, 'call', '{"v":2}', 5], [2, 'recv', '{}', 6]]);
    assert.deepEqual(store.pendingSignals('r1'), []);
    assert.equal(store.allSignals('r1')[0]!.consumedSeq, 2);

    assert.equal(store.requestCancel('r1', 'stop'), true);
    assert.equal(store.requestCancel('r1', 'again'), false);
    assert.equal(store.finishRun('r1', 'completed', '3', null, 'n1'), true);
    assert.equal(store.finishRun('r1', 'failed', null, '{}', 'n1'), false);
    const r = store.getRun('r1')!;
    assert.equal(r.status, 'completed');
    assert.equal(r.cancelRequested, true);
    assert.ok(r.finishedAt !== null && r.finishedAt > 0);
    assert.deepEqual(store.listRuns({ status: ['completed'] }).map((x) => x.id), ['r1']);
    assert.deepEqual(store.listRuns({ status: ['running'] }), []);
    // a second store on the same database sees it: the schema is created only once
    const other = new PgStore({ connectionString: url });
    assert.equal(other.getRun('r1')!.result, '3');
    other.close();
  } finally {
    store.close();
  }
});

test('leases: a live node keeps its runs; once its lease expires another node takes them and the old owner is fenced off', async () => {
  const { store: a, url } = freshStore();
  const b = new PgStore({ connectionString: url });
  try {
    a.heartbeat('A', 400);
    b.heartbeat('B', 60_000);
    a.createRun({ id: 'r', entry: 'app:wf', host: 'app:h', args: '[]', owner: 'A' });
    a.createRun({ id: 'free', entry: 'app:wf', host: 'app:h', args: '[]' });
    a.recordStep({ runId: 'r', seq: 1, kind: 'call', name: 'f', output: '{}', createdAt: 1 }, undefined, 'A');

    // A is alive: B may take only the run nobody owns
    assert.equal(b.claim('r', 'B'), false);
    assert.deepEqual(b.takeOver('app:h', 'B').map((r) => r.id), ['free']);
    assert.deepEqual(b.takeOver('app:other', 'B'), []);
    assert.throws(() => b.recordStep({ runId: 'r', seq: 2, kind: 'call', name: 'f', output: '{}', createdAt: 2 }, undefined, 'B'), LeaseLostError);

    await sleep(600); // A stops renewing: its lease runs out
    assert.deepEqual(b.takeOver('app:h', 'B').map((r) => r.id), ['r']);
    assert.deepEqual(b.steps('r').map((s) => s.seq), [1]);
    // A comes back: it learns it lost the run, and none of its writes land
    a.heartbeat('A', 60_000);
    assert.deepEqual(a.lostRuns('A', ['r']), ['r']);
    assert.throws(() => a.recordStep({ runId: 'r', seq: 2, kind: 'call', name: 'f', output: '"A"', createdAt: 3 }, undefined, 'A'), LeaseLostError);
    assert.equal(a.finishRun('r', 'completed', '"A"', null, 'A'), false);
    assert.equal(a.claim('r', 'A'), false);
    assert.equal(a.continueAsNew('r', '[9]', 'A'), false);
    assert.deepEqual(b.steps('r').map((x) => x.seq), [1]);
    // the same through the grouped writes: every write of the batch gets its own outcome
    const outcome = (f: (done: (e: Error | undefined) => void) => void) => new Promise<Error | undefined>((res) => f(res));
    const [lostA, dupB, okB] = await Promise.all([
      outcome((d) => a.writeStep({ runId: 'r', seq: 2, kind: 'call', name: 'f', output: '"A"', createdAt: 3 }, undefined, 'A', d)),
      outcome((d) => b.writeStep({ runId: 'r', seq: 1, kind: 'call', name: 'f', output: '"B"', createdAt: 3 }, undefined, 'B', d)),
      outcome((d) => b.writeStep({ runId: 'free', seq: 1, kind: 'call', name: 'f', output: '"B"', createdAt: 3 }, undefined, 'B', d)),
    ]);
    assert.ok(lostA instanceof LeaseLostError);
    assert.match(String(dupB), /step 1 of r is already recorded/);
    assert.equal(okB, undefined);
    assert.deepEqual(b.steps('free').map((x) => x.output), ['"B"']);
    const afterDone = await new Promise<boolean>((res) => b.afterWrites('free', () => res(true)));
    assert.equal(afterDone, true);
    // the new owner continues
    b.recordStep({ runId: 'r', seq: 2, kind: 'call', name: 'f', output: '"B"', createdAt: 4 }, undefined, 'B');
    assert.equal(b.finishRun('r', 'completed', '"B"', null, 'B'), true);
    assert.equal(a.getRun('r')!.result, '"B"');

    // continue-as-new by the owner: new arguments, history cleared, signals kept
    b.createRun({ id: 'c', entry: 'app:wf', host: 'app:h', args: '[1]', owner: 'B' });
    b.recordStep({ runId: 'c', seq: 1, kind: 'call', name: 'f', output: '{}', createdAt: 5 }, undefined, 'B');
    b.addSignal('c', 'go', 'x', '[]');
    assert.equal(b.continueAsNew('c', '[2]', 'B'), true);
    assert.deepEqual(b.steps('c'), []);
    assert.equal(b.getRun('c')!.args, '[2]');
    assert.equal(b.pendingSignals('c').length, 1);
    b.finishRun('c', 'completed', '1', null, 'B');

    // a clean stop hands runs back at once
    b.createRun({ id: 'r2', entry: 'app:wf', host: 'app:h', args: '[]', owner: 'B' });
    assert.deepEqual(a.takeOver('app:h', 'A'), []);
    b.leave('B');
    assert.deepEqual(a.takeOver('app:h', 'A').map((r) => r.id), ['free', 'r2']);
  } finally {
    a.close();
    b.close();
  }
});

test('a db.sql.postgres entry gives the connection: ${env:NAME} fields resolved, bad references named', () => {
  process.env.WF_TEST_PG_PASS = 's3cret';
  const c = pgConfigOf('app:db', { host: '${env:WF_TEST_PG_HOST_UNSET_OK}', port: 5433 }, { WF_TEST_PG_HOST_UNSET_OK: 'db.local' });
  assert.equal(c.host, 'db.local');
  assert.equal(c.port, 5433);
  const d = pgConfigOf('app:db', { database: 'wf', username: 'u', password: '${env:WF_TEST_PG_PASS}', options: { sslmode: 'disable', application_name: 'n1' } });
  assert.deepEqual([d.database, d.user, d.password, d.ssl, d.application_name], ['wf', 'u', 's3cret', undefined, 'n1']);
  assert.equal(pgConfigOf('app:db', { password_env: 'WF_TEST_PG_PASS' }).password, 's3cret');
  assert.throws(() => pgConfigOf('app:db', { password: '${env:WF_TEST_NOPE}' }), /app:db: field password uses \$\{env:WF_TEST_NOPE\}, which is not set/);
  assert.throws(() => pgConfigOf('app:db', { port: 'eighty' }), /app:db: port 'eighty' is not a TCP port/);

  const entries = new Map([
    ['app:pg', { id: 'app:pg', kind: 'db.sql.postgres', data: { host: 'h', database: 'd' } }],
    ['app:lite', { id: 'app:lite', kind: 'db.sql.sqlite', data: { file: 'x.db' } }],
    ['app:fn', { id: 'app:fn', kind: 'function.lua', data: {} }],
  ]);
  const spec = (store: unknown) => storeSpecOf({ id: 'app:wf', kind: 'workflow.host', data: { store } }, '/app', (id) => entries.get(id));
  assert.deepEqual(spec('pg'), { type: 'postgres', entry: 'app:pg', config: pgConfigOf('app:pg', { host: 'h', database: 'd' }), durability: 'batched' });
  assert.equal((spec({ type: 'postgres', database: 'app:pg' }) as { entry: string }).entry, 'app:pg');
  assert.deepEqual(spec('app:lite'), { type: 'sqlite', file: '/app/x.db', durability: 'batched', syncIntervalMs: 20 });
  assert.deepEqual(spec(undefined), { type: 'sqlite', file: '/app/.wippy/workflows.db', durability: 'batched', syncIntervalMs: 20 });
  assert.deepEqual(spec('data/wf.db'), { type: 'sqlite', file: '/app/data/wf.db', durability: 'batched', syncIntervalMs: 20 });
  const host = (data: Record<string, unknown>) => storeSpecOf({ id: 'app:wf', kind: 'workflow.host', data }, '/app', () => undefined);
  assert.deepEqual(host({ durability: 'full' }), { type: 'sqlite', file: '/app/.wippy/workflows.db', durability: 'full' });
  assert.equal((host({ sync_interval: '5ms' }) as { syncIntervalMs: number }).syncIntervalMs, 5);
  assert.throws(() => host({ durability: 'sometimes' }), /app:wf: durability must be batched or full, not 'sometimes'/);
  assert.throws(() => host({ sync_interval: '0s' }), /app:wf: sync_interval must be a positive duration/);
  assert.throws(() => spec('app:fn'), (e: Error) => e instanceof StoreConfigError && /app:wf: store 'app:fn' is a function.lua/.test(e.message));
  assert.throws(() => spec({ type: 'postgres', database: 'app:lite' }), /app:wf: store database 'app:lite' is a db.sql.sqlite, not a db.sql.postgres/);
  assert.throws(() => spec({ type: 'mongo' }), /store type 'mongo' is not supported/);
});
