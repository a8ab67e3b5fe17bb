// References, dependency edges, start order, cycles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry, parseId, resolveRef, type Entry, type EntryInput } from './entry.js';
import { dependencyGraph, findCycles, startLevels, startOrder } from './graph.js';
import { references } from './refs.js';

function entry(id: string, kind: string, data: Record<string, unknown> = {}, extra: Partial<EntryInput> = {}): Entry {
  return makeEntry({ id, kind, data, ...extra });
}

test('ids: parse, resolve bare names in the referring namespace, built-ins keep their colon', () => {
  assert.deepEqual(parseId('app.api:list_orders.endpoint.get'), { ns: 'app.api', name: 'list_orders.endpoint.get' });
  assert.deepEqual(parseId(':registry'), { ns: '', name: 'registry' });
  assert.equal(parseId('nocolon'), undefined);
  assert.equal(parseId('a:b:c'), undefined);
  assert.equal(parseId('app:'), undefined);
  assert.equal(resolveRef('hello', 'app'), 'app:hello');
  assert.equal(resolveRef('other:hello', 'app'), 'other:hello');
  assert.equal(resolveRef(':registry', 'app'), ':registry');
});

test('references list path, raw value and resolved id', () => {
  const fn = entry('app:f', 'function.lua', {
    source: 'return {}',
    imports: { utils: 'lib:utils', reg: ':registry', local: 'helper' },
    lifecycle: { depends_on: ['db'], requires: ['app:cache'] },
  });
  assert.deepEqual(references(fn), [
    { path: 'imports.utils', raw: 'lib:utils', id: 'lib:utils' },
    { path: 'imports.reg', raw: ':registry', id: ':registry' },
    { path: 'imports.local', raw: 'helper', id: 'app:helper' },
    { path: 'lifecycle.depends_on[0]', raw: 'db', id: 'app:db' },
    { path: 'lifecycle.requires[0]', raw: 'app:cache', id: 'app:cache' },
  ]);
  const binding = entry('app:b', 'contract.binding', { contracts: [{ contract: 'c', methods: { get: 'get_fn' } }] });
  assert.deepEqual(
    references(binding).map((r) => [r.path, r.id]),
    [
      ['contracts[0].contract', 'app:c'],
      ['contracts[0].methods.get', 'app:get_fn'],
    ],
  );
});

test('edges: references, imports, lifecycle and env placeholders; only to entries in the set', () => {
  const entries = [
    entry('app:svc', 'process.service', { process: 'worker', host: 'app:host', lifecycle: { depends_on: ['db'], requires: ['db', 'cache'] } }),
    entry('app:worker', 'process.lua', { source: '', imports: { lib: 'lib', reg: ':registry', llm: 'wippy.llm:llm' } }),
    entry('app:host', 'process.host'),
    entry('app:db', 'db.sql.postgres', { password: '${env:DB_PASS}', user: '${USER_NAME|admin}', literal: '$${env:NOT_ME}' }),
    entry('app:cache', 'store.memory'),
    entry('app:lib', 'library.lua', { source: '' }),
    entry('app.env:pass', 'env.variable', { variable: 'DB_PASS', storage: 'app.env:os' }),
    entry('app.env:user', 'env.variable', { variable: 'USER_NAME', storage: 'os' }),
    entry('app.env:os', 'env.storage.os'),
  ];
  const graph = dependencyGraph(entries);
  assert.deepEqual(graph.get('app:svc'), ['app:worker', 'app:host', 'app:db', 'app:cache']);
  assert.deepEqual(graph.get('app:worker'), ['app:lib']);
  assert.deepEqual(graph.get('app:db'), ['app.env:pass', 'app.env:user']);
  assert.deepEqual(graph.get('app.env:pass'), ['app.env:os']);
});

test('start order puts dependencies first and otherwise keeps entry order', () => {
  const entries = [
    entry('app:ep', 'http.endpoint', { func: 'handler' }, { meta: { router: 'api' } }),
    entry('app:api', 'http.router', {}, { meta: { server: 'gateway' } }),
    entry('app:gateway', 'http.service', { addr: ':8080' }),
    entry('app:handler', 'function.lua', { source: '' }),
    entry('app:lonely', 'registry.entry'),
  ];
  assert.deepEqual(
    startOrder(entries).map((e) => e.name),
    ['gateway', 'api', 'handler', 'ep', 'lonely'],
  );
  assert.deepEqual(
    startLevels(entries).map((level) => level.map((e) => e.name)),
    [['gateway', 'handler', 'lonely'], ['api'], ['ep']],
  );
});

test('cycles are found once each, starting at their earliest entry', () => {
  const entries = [
    entry('app:x', 'registry.entry'),
    entry('app:a', 'library.lua', { source: '', imports: { b: 'b' } }),
    entry('app:b', 'library.lua', { source: '', imports: { a: 'a', c: 'c' } }),
    entry('app:c', 'library.lua', { source: '', imports: { b: 'b' } }),
    entry('app:s', 'process.host', { lifecycle: { depends_on: 's' } }),
  ];
  assert.deepEqual(findCycles(dependencyGraph(entries)), [
    ['app:a', 'app:b', 'app:a'],
    ['app:s', 'app:s'],
  ]);
  // members of a cycle are still ordered (the cycle is the validator's business)
  assert.equal(startOrder(entries).length, 5);
});

test('long dependency chains do not overflow the stack', () => {
  const n = 20000;
  const entries = Array.from({ length: n }, (_, i) => entry(`app:e${i}`, 'process.host', { lifecycle: { depends_on: i + 1 < n ? [`e${i + 1}`] : [] } }));
  const order = startOrder(entries);
  assert.equal(order[0].id, `app:e${n - 1}`);
  assert.equal(order[n - 1].id, 'app:e0');
  assert.deepEqual(findCycles(dependencyGraph(entries)), []);
});

test('an ns.requirement naming itself is not a cycle', () => {
  const entries = [entry('m:url', 'ns.requirement', { targets: [{ entry: 'm:url', path: '.default' }], default: 'x' })];
  assert.deepEqual(findCycles(dependencyGraph(entries)), []);
});
