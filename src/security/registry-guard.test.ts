// The per-operation registry write checks and the escalation guard, decided directly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { authorizeChanges, type GuardEntry, type GuardOp } from './registry-guard.js';
import { hostLimitProblems } from './host-limits.js';

const existing: GuardEntry[] = [
  { id: 'app.agent:old', kind: 'function.lua', meta: {}, data: { source: 'return 1', modules: ['json'] } },
  { id: 'app:core', kind: 'function.lua', meta: {}, data: { source: 'return 1' } },
];
const lookup = (id: string) => existing.find((e) => e.id === id);

/** A decider that allows exactly the listed "action resource" pairs and records what it was asked. */
function allowing(...allowed: string[]) {
  const asked: string[] = [];
  return {
    asked,
    decide: (action: string, resource: string) => {
      asked.push(`${action} ${resource}`.trim());
      return { allowed: allowed.includes(`${action} ${resource}`.trim()), decision: 'undefined' as const };
    },
  };
}

const fn = (id: string, modules: string[] = [], extra: Record<string, unknown> = {}): GuardOp =>
  ({ op: 'create', entry: { id, kind: 'function.lua', data: { source: 'return 1', modules, ...extra } } });

test('each operation is checked as registry.<op>.<kind> on the entry id, after registry.apply', () => {
  const d = allowing('registry.apply', 'registry.create.function.lua app.agent:a', 'registry.update.function.lua app.agent:old');
  const r = authorizeChanges([fn('app.agent:a'), { op: 'update', entry: { id: 'app.agent:old', kind: 'function.lua', data: { source: 'x', modules: ['json'] } } }],
    lookup, d.decide);
  assert.equal(r.allowed, true);
  assert.deepEqual(d.asked, ['registry.apply', 'registry.create.function.lua app.agent:a', 'registry.update.function.lua app.agent:old']);
});

test('one refused operation refuses the changeset and names what was refused', () => {
  const d = allowing('registry.apply', 'registry.create.function.lua app.agent:a');
  const r = authorizeChanges([fn('app.agent:a'), { op: 'delete', entry: { id: 'app:core' } }], lookup, d.decide);
  assert.equal(r.allowed, false);
  assert.equal(r.denial, 'registry.delete.function.lua on app:core');
  assert.deepEqual(r.ops.map((o) => o.allowed), [true, false]);
});

test('without registry.apply nothing passes', () => {
  const r = authorizeChanges([fn('app.agent:a')], lookup, allowing('registry.create.function.lua app.agent:a').decide);
  assert.equal(r.allowed, false);
  assert.equal(r.denial, 'registry.apply');
});

test('escalation: new modules, new imports, security entries and security blocks need their own permission', () => {
  const base = ['registry.apply', 'registry.create.function.lua app.agent:a', 'registry.update.function.lua app.agent:old'];
  const cases: [GuardOp, string][] = [
    [fn('app.agent:a', ['json', 'process']), 'registry.grant.module on json'],
    [fn('app.agent:a', [], { imports: { lib: 'app:secret_lib' } }), 'registry.grant.import on app:secret_lib'],
    [fn('app.agent:a', [], { security: { actor: { id: 'root' } } }), 'registry.security on app.agent:a'],
    [{ op: 'create', entry: { id: 'app.agent:p', kind: 'security.policy', data: { policy: {} } } }, 'registry.create.security.policy on app.agent:p'],
    // widening an existing entry: only the added module is asked for
    [{ op: 'update', entry: { id: 'app.agent:old', kind: 'function.lua', data: { source: 'x', modules: ['json', 'process'] } } },
      'registry.grant.module on process'],
  ];
  for (const [op, denial] of cases) {
    const r = authorizeChanges([op], lookup, allowing(...base).decide);
    assert.equal(r.denial, denial);
  }
  // the same update that keeps its modules needs nothing more
  const same = authorizeChanges([{ op: 'update', entry: { id: 'app.agent:old', kind: 'function.lua', data: { source: 'y', modules: ['json'] } } }],
    lookup, allowing(...base).decide);
  assert.equal(same.allowed, true);
  // a policy entry needs registry.security even when its kind is allowed
  const pol = authorizeChanges([{ op: 'create', entry: { id: 'app.agent:p', kind: 'security.policy', data: {} } }], lookup,
    allowing('registry.apply', 'registry.create.security.policy app.agent:p').decide);
  assert.equal(pol.denial, 'registry.security on app.agent:p');
});

test('host limits: a service may not run a process with modules its host does not allow', () => {
  const entries: GuardEntry[] = [
    { id: 'app:sandbox', kind: 'process.host', meta: {}, data: { host: { allowed_modules: ['json'] } } },
    { id: 'app:open', kind: 'process.host', meta: {}, data: {} },
    { id: 'app:worker', kind: 'process.lua', meta: {}, data: { modules: ['json', 'funcs'] } },
    { id: 'app:svc', kind: 'process.service', meta: {}, data: { host: 'sandbox', process: 'worker' } },
    { id: 'app:svc2', kind: 'process.service', meta: {}, data: { host: 'open', process: 'worker' } },
  ];
  const problems = hostLimitProblems(entries);
  assert.equal(problems.length, 1);
  assert.equal(problems[0].entry, 'app:svc');
  assert.match(problems[0].message, /app:worker is granted funcs, which host app:sandbox does not allow/);
  assert.deepEqual(hostLimitProblems(entries, new Set(['app:svc2'])), []);
});
