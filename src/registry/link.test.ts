// The Link stage: ns.requirement values (dependency parameters or defaults) written into targets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry, type Entry } from './entry.js';
import { linkRequirements } from './link.js';

const requirement = (id: string, targets: { entry: string; path: string }[], extra: Record<string, unknown> = {}) =>
  makeEntry({ id, kind: 'ns.requirement', data: { targets, ...extra } });
const dependency = (id: string, component: string, parameters: { name: string; value: unknown }[]) =>
  makeEntry({ id, kind: 'ns.dependency', data: { component, version: '*', parameters } });
const byId = (entries: Entry[], id: string) => entries.find((e) => e.id === id)!;

test('a dependency parameter fills data and meta targets of the component, bare names in the requirement namespace', () => {
  const entries = [
    dependency('app:dep', 'acme/tools', [{ name: 'storage', value: 'app:env' }]),
    requirement('acme.tools:storage', [{ entry: 'key', path: '.storage' }, { entry: 'acme.tools.sub:svc', path: '.meta.default_host' }], { default: 'acme.tools:envs' }),
    makeEntry({ id: 'acme.tools:key', kind: 'env.variable', data: { variable: 'KEY' } }),
    makeEntry({ id: 'acme.tools.sub:svc', kind: 'registry.entry', meta: { type: 'x' } }),
  ];
  const report = linkRequirements(entries, new Map([['acme.tools:storage', 'acme/tools']]));
  assert.deepEqual(report, { errors: [], warnings: [] });
  assert.deepEqual(byId(entries, 'acme.tools:key').data, { variable: 'KEY', storage: 'app:env' });
  assert.deepEqual(byId(entries, 'acme.tools.sub:svc').meta, { type: 'x', default_host: 'app:env' });
});

test('without a parameter the default applies, keeping its type; `+=` appends to a list', () => {
  const entries = [
    requirement('acme.tools:limit', [{ entry: 'cfg', path: '.limits.max' }], { default: 5 }),
    requirement('acme.tools:router', [{ entry: 'cfg', path: '.routers +=' }], { default: 'app:api' }),
    makeEntry({ id: 'acme.tools:cfg', kind: 'registry.entry', data: { routers: ['app:admin'] } }),
  ];
  assert.deepEqual(linkRequirements(entries, new Map()).errors, []);
  assert.deepEqual(byId(entries, 'acme.tools:cfg').data, { routers: ['app:admin', 'app:api'], limits: { max: 5 } });
});

test('a qualified parameter name targets that exact requirement; a parameter for another component does not apply', () => {
  const entries = [
    dependency('app:dep', 'acme/other', [{ name: 'acme.tools:host', value: 'app:host' }, { name: 'storage', value: 'app:wrong' }]),
    requirement('acme.tools:host', [{ entry: 'svc', path: '.host' }], { default: 'acme.tools:default_host' }),
    requirement('acme.tools:storage', [{ entry: 'svc', path: '.storage' }], { default: 'acme.tools:envs' }),
    makeEntry({ id: 'acme.tools:svc', kind: 'registry.entry' }),
  ];
  linkRequirements(entries, new Map([['acme.tools:host', 'acme/tools'], ['acme.tools:storage', 'acme/tools']]));
  assert.deepEqual(byId(entries, 'acme.tools:svc').data, { host: 'app:host', storage: 'acme.tools:envs' });
});

test('two dependencies giving different values conflict; a mandatory requirement without a value warns', () => {
  const entries = [
    dependency('app:a', 'acme/tools', [{ name: 'host', value: 'app:h1' }]),
    dependency('app:b', 'acme/tools', [{ name: 'host', value: 'app:h2' }]),
    requirement('acme.tools:host', [{ entry: 'svc', path: '.host' }]),
    requirement('acme.tools:router', [{ entry: 'svc', path: '.meta.router' }]),
    makeEntry({ id: 'acme.tools:svc', kind: 'registry.entry' }),
  ];
  const report = linkRequirements(entries, new Map());
  assert.equal(report.errors.length, 1);
  assert.equal(report.errors[0].code, 'requirement-conflict');
  assert.match(report.errors[0].message, /acme.tools:host: app:b supplies "app:h2" but app:a supplies "app:h1"/);
  assert.equal(report.warnings.length, 1);
  assert.match(report.warnings[0], /requirement acme.tools:router has no value/);
});
