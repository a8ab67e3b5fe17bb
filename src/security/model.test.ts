// Policies, conditions, expressions and scopes evaluated directly (services.md §7.2–§7.4).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Actor, Policy, Scope, compilePolicy } from './model.js';
import { SecurityService } from './service.js';

function policy(id: string, policyData: Record<string, unknown>, kind = 'security.policy', extra: Record<string, unknown> = {}): Policy {
  const p = compilePolicy({ id, kind, data: { policy: policyData, ...extra } });
  if (!(p instanceof Policy)) throw new Error(p.join('; '));
  return p;
}

const admin = new Actor('user:1', { role: 'admin', clearance: 2, team: { name: 'core' } });
const guest = new Actor('user:2', { role: 'guest' });

test('actions and resources match exactly, by * and by glob; other requests are undefined', () => {
  const p = policy('app:read', { actions: ['*.read', 'list'], resources: 'document:*', effect: 'allow' });
  assert.equal(p.evaluate(guest, 'doc.read', 'document:7'), 'allow');
  assert.equal(p.evaluate(guest, 'list', 'document:'), 'allow');
  assert.equal(p.evaluate(guest, 'doc.write', 'document:7'), 'undefined');
  assert.equal(p.evaluate(guest, 'doc.read', 'user:7'), 'undefined');
  // a dot in a pattern is literal, not "any character"
  const dot = policy('app:dot', { actions: 'registry.create.function.lua', resources: 'app.agent:*', effect: 'allow' });
  assert.equal(dot.evaluate(guest, 'registry.create.functionXlua', 'app.agent:x'), 'undefined');
  assert.equal(dot.evaluate(guest, 'registry.create.function.lua', 'app.agentX:x'), 'undefined');
  assert.equal(dot.evaluate(guest, 'registry.create.function.lua', 'app.agent:x'), 'allow');
});

test('conditions are ANDed over actor, action, resource and meta, with value_from', () => {
  const owner = policy('app:owner', { actions: '*', resources: '*', effect: 'allow', conditions: [
    { field: 'meta.owner', operator: 'eq', value_from: 'actor.id' },
    { field: 'actor.meta.clearance', operator: 'gte', value: 2 },
  ] });
  assert.equal(owner.evaluate(admin, 'read', 'doc:1', { owner: 'user:1' }), 'allow');
  assert.equal(owner.evaluate(admin, 'read', 'doc:1', { owner: 'user:9' }), 'undefined');
  assert.equal(owner.evaluate(guest, 'read', 'doc:1', { owner: 'user:2' }), 'undefined');
  const ops: [string, unknown, string, Record<string, unknown>, string][] = [
    ['actor.meta.role', ['admin', 'mod'], 'in', {}, 'allow'],
    ['actor.meta.role', ['admin', 'mod'], 'nin', {}, 'undefined'],
    ['actor.meta.team.name', 'core', 'eq', {}, 'allow'],
    ['meta.tag', true, 'exists', { tag: 'x' }, 'allow'],
    ['meta.tag', true, 'nexists', { tag: 'x' }, 'undefined'],
    ['resource', 'secret', 'contains', {}, 'allow'],
    ['resource', 'secret', 'ncontains', {}, 'undefined'],
    ['resource', '^doc:[0-9]+-secret$', 'matches', {}, 'allow'],
    ['action', '^registry\\.apply', 'nmatches', {}, 'allow'],
    ['actor.meta.clearance', 3, 'lt', {}, 'allow'],
    ['actor.meta.clearance', 2, 'gt', {}, 'undefined'],
    ['meta.size', 10, 'lte', { size: '10' }, 'allow'],
    ['meta.missing', 'x', 'ne', {}, 'allow'],
  ];
  for (const [field, value, operator, meta, want] of ops) {
    const p = policy('app:c', { actions: '*', resources: '*', effect: 'allow', conditions: [{ field, operator, value }] });
    assert.equal(p.evaluate(admin, 'read', 'doc:1-secret', meta), want, `${field} ${operator} ${JSON.stringify(value)}`);
  }
});

test('expression policies evaluate expr-lang over actor, action, resource and meta', () => {
  const p = policy('app:expr', {
    actions: ['read', 'write'], resources: 'file:*', effect: 'allow',
    expression: '(actor.meta.role == "editor" && action == "write") || (action == "read" && meta.public == true) || actor.id == meta.owner',
  }, 'security.policy.expr');
  const editor = new Actor('u:e', { role: 'editor' });
  assert.equal(p.evaluate(editor, 'write', 'file:a'), 'allow');
  assert.equal(p.evaluate(guest, 'write', 'file:a'), 'undefined');
  assert.equal(p.evaluate(guest, 'read', 'file:a', { public: true }), 'allow');
  assert.equal(p.evaluate(guest, 'read', 'file:a', { public: false }), 'undefined');
  assert.equal(p.evaluate(guest, 'write', 'file:a', { owner: 'user:2' }), 'allow');
  const words = policy('app:w', { actions: '*', resources: '*', effect: 'deny',
    expression: 'not (actor.meta.role in ["admin", "root"]) and resource startsWith "sys:"' }, 'security.policy.expr');
  assert.equal(words.evaluate(guest, 'x', 'sys:1'), 'deny');
  assert.equal(words.evaluate(admin, 'x', 'sys:1'), 'undefined');
  assert.equal(words.evaluate(guest, 'x', 'app:1'), 'undefined');
});

test('broken policy entries are rejected with what is wrong', () => {
  const problems = (data: Record<string, unknown>, kind = 'security.policy') => {
    const r = compilePolicy({ id: 'app:p', kind, data });
    return r instanceof Policy ? [] : r;
  };
  assert.match(problems({ policy: { actions: '*', resources: '*', effect: 'permit' } }).join(), /effect must be allow or deny/);
  assert.match(problems({ policy: { actions: '*', resources: '*', effect: 'allow', conditions: [{ field: 'x', operator: 'like' }] } }).join(),
    /operator 'like' is not one of/);
  assert.match(problems({ policy: { actions: '*', resources: '*', effect: 'allow', conditions: [{ field: 'x', operator: 'matches', value: '(' }] } }).join(),
    /invalid regular expression/);
  assert.match(problems({ policy: { actions: '*', resources: '*', effect: 'allow', expression: 'actor.id ==' } }, 'security.policy.expr').join(),
    /policy.expression: unexpected 'end of expression'/);
  assert.match(problems({ policy: { resources: '*', effect: 'allow' } }).join(), /policy.actions must be/);
});

test('a scope: any deny wins, else any allow, else undefined; with/without are immutable', () => {
  const allowAll = policy('app:all', { actions: '*', resources: '*', effect: 'allow' });
  const noWrite = policy('app:no_write', { actions: '*', resources: '*', effect: 'deny',
    conditions: [{ field: 'action', operator: 'matches', value: '^registry\\.apply.*$' }] });
  const s = new Scope([allowAll]);
  const s2 = s.with(noWrite);
  assert.equal(s.evaluate(guest, 'registry.apply', ''), 'allow');
  assert.equal(s2.evaluate(guest, 'registry.apply', ''), 'deny');
  assert.equal(s2.evaluate(guest, 'registry.get', 'app:x'), 'allow');
  assert.equal(s2.without('app:all').evaluate(guest, 'registry.get', 'app:x'), 'undefined');
  assert.equal(s.contains('app:no_write'), false);
  assert.equal(s2.contains('app:no_write'), true);
  assert.throws(() => (s2.policies as Policy[]).push(allowAll));
});

test('decisions: with actor and scope only allow passes; without, strict mode decides; a scope deny always holds', () => {
  const view = { all: () => [], get: () => undefined };
  const normal = new SecurityService(() => view, false);
  const strict = new SecurityService(() => view, true);
  const deny = new Scope([policy('app:d', { actions: 'x', resources: '*', effect: 'deny' })]);
  const allow = new Scope([policy('app:a', { actions: 'y', resources: '*', effect: 'allow' })]);
  assert.equal(normal.decide(undefined, 'x', 'r').allowed, true);
  assert.equal(strict.decide(undefined, 'x', 'r').allowed, false);
  assert.equal(normal.decide({ actor: guest, scope: allow }, 'y', 'r').allowed, true);
  assert.equal(normal.decide({ actor: guest, scope: allow }, 'z', 'r').allowed, false, 'undefined counts as deny');
  assert.equal(normal.decide({ actor: guest }, 'z', 'r').allowed, true, 'no scope: incomplete context');
  assert.equal(normal.decide({ scope: deny }, 'x', 'r').allowed, false, 'no actor, but the scope denies');
  assert.equal(strict.decide({ actor: guest }, 'z', 'r').allowed, false);
});
