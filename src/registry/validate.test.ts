// Whole-set validation: every problem once, with file, line and entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry, type Entry, type EntryInput } from './entry.js';
import { formatError } from './errors.js';
import { loadProject } from './load.js';
import { validateEntries, validateLoad } from './validate.js';
import { makeProject, yaml } from './fixture.js';

function entry(id: string, kind: string, data: Record<string, unknown> = {}, extra: Partial<EntryInput> = {}): Entry {
  return makeEntry({ id, kind, data, ...extra });
}

function loadAndValidate(files: Record<string, string>) {
  const p = makeProject(files);
  try {
    return validateLoad(loadProject(p.root)).map(formatError);
  } finally {
    p.cleanup();
  }
}

test('a valid project has no problems, bare references resolve in the own namespace', () => {
  const problems = loadAndValidate({
    'src/_index.yaml': yaml(
      'namespace: app',
      'entries:',
      '  - {name: gateway, kind: http.service, addr: ":8080", lifecycle: {auto_start: true}}',
      '  - {name: api, kind: http.router, meta: {server: gateway}, prefix: /api}',
      '  - {name: hello, kind: function.lua, source: "return {}", method: handler, imports: {reg: ":registry", util: app.lib:util}}',
      '  - {name: hello.ep, kind: http.endpoint, meta: {router: app:api}, method: GET, path: /hello, func: hello}',
      '  - {name: db, kind: db.sql.postgres, host: localhost, database: main}',
    ),
    'src/lib/_index.yaml': yaml('namespace: app.lib', 'entries:', '  - {name: util, kind: library.lua, source: "return {}"}'),
  });
  assert.deepEqual(problems, []);
});

test('every problem is reported with file, line and entry', () => {
  const problems = loadAndValidate({
    'src/_index.yaml': yaml(
      'namespace: app',
      'entries:',
      '  - name: worker',
      '    kind: proces.lua',
      '  - name: nokind',
      '  - name: svc',
      '    kind: process.service',
      '    process: worker2',
      '    host: app:host',
      '  - name: lib',
      '    kind: library.lua',
      '    source: "return {}"',
      '    imports:',
      '      llm: wippy.llm:llm',
      '      reg: :registry',
      '      bad: 12',
      '  - name: worker',
      '    kind: process.lua',
      '    source: file://missing.lua',
    ),
    'src/other.yaml': yaml('namespace: app', 'entries:', '  - {name: svc, kind: registry.entry}'),
  });
  assert.deepEqual(problems, [
    `src/_index.yaml:3: entry app:worker: unknown kind 'proces.lua'`,
    `src/_index.yaml:5: entry app:nokind: missing 'kind'`,
    `src/_index.yaml:6: entry app:svc: reference 'process' points to missing entry 'app:worker2'`,
    `src/_index.yaml:6: entry app:svc: reference 'host' points to missing entry 'app:host'`,
    `src/_index.yaml:10: entry app:lib: reference 'imports.llm' points to 'wippy.llm:llm' but namespace 'wippy.llm' has no entries (module not installed?)`,
    `src/_index.yaml:10: entry app:lib: reference 'imports.bad' is not an entry id: 12`,
    `src/_index.yaml:17: entry app:worker: source file 'file://missing.lua' not found (src/missing.lua)`,
    `src/_index.yaml:17: entry app:worker: duplicate entry id (first declared at src/_index.yaml:3)`,
    `src/other.yaml:3: entry app:svc: duplicate entry id (first declared at src/_index.yaml:6)`,
  ]);
});

test('error codes tell typos from modules that are not installed', () => {
  const errors = validateEntries([
    entry('app:ep', 'http.endpoint', { func: 'nope' }, { meta: { router: 'wippy.views:router' } }),
  ]);
  assert.deepEqual(
    errors.map((e) => [e.code, e.entry]),
    [
      ['unresolved-module-reference', 'app:ep'],
      ['unresolved-reference', 'app:ep'],
    ],
  );
  // entries from a changeset have no file: the message still names the entry
  assert.equal(formatError(errors[1]), `entry app:ep: reference 'func' points to missing entry 'app:nope'`);
});

test('reference fields are per kind: a hostname is not an entry reference', () => {
  const errors = validateEntries([
    entry('app:pg', 'db.sql.postgres', { host: 'localhost', database: 'main' }),
    entry('app:docker', 'exec.docker', { host: 'unix:///var/run/docker.sock', image: 'x' }),
    entry('app:store', 'store.sql', { database: 'pg', table_name: 't' }),
  ]);
  assert.deepEqual(errors, []);
});

test('lifecycle depends_on and requires are both checked', () => {
  const errors = validateEntries([
    entry('app:a', 'process.host', { lifecycle: { depends_on: ['b'], requires: 'app:c' } }),
    entry('app:b', 'process.host'),
  ]);
  assert.deepEqual(errors.map(formatError), [`entry app:a: reference 'lifecycle.requires' points to missing entry 'app:c'`]);
});

test('fields an ns.requirement overwrites are not checked', () => {
  // from an example app: endpoints point at graph:router, which the consumer injects
  const errors = validateEntries([
    entry('graph:router_req', 'ns.requirement', { targets: [{ entry: 'page.endpoint', path: '.meta.router' }, { entry: 'graph:gone', path: '.host' }] }),
    entry('graph:page', 'function.lua', { source: 'return {}' }),
    entry('graph:page.endpoint', 'http.endpoint', { func: 'page' }, { meta: { router: 'graph:router' } }),
  ]);
  assert.deepEqual(errors.map(formatError), [`entry graph:router_req: reference 'targets[1].entry' points to missing entry 'graph:gone'`]);
});

test('dependency cycles are reported once with their path', () => {
  const problems = loadAndValidate({
    'src/_index.yaml': yaml(
      'namespace: app',
      'entries:',
      '  - {name: a, kind: library.lua, source: "", imports: {b: b}}',
      '  - {name: b, kind: library.lua, source: "", imports: {c: c}}',
      '  - {name: c, kind: library.lua, source: "", imports: {a: a}}',
      '  - {name: self, kind: process.host, lifecycle: {depends_on: [self]}}',
      '  - {name: fine, kind: library.lua, source: "", imports: {a: a}}',
    ),
  });
  assert.deepEqual(problems, [
    'src/_index.yaml:3: entry app:a: dependency cycle: app:a -> app:b -> app:c -> app:a',
    'src/_index.yaml:6: entry app:self: dependency cycle: app:self -> app:self',
  ]);
});

test('known kinds come from the caller; patterns are allowed', () => {
  const entries = [entry('app:a', 'function.lua', { source: '' }), entry('app:b', 'custom.thing'), entry('app:c', 'http.service')];
  assert.deepEqual(validateEntries(entries, { knownKinds: ['function.**', 'custom.*'] }).map(formatError), [`entry app:c: unknown kind 'http.service'`]);
  assert.deepEqual(validateEntries(entries).map(formatError), [`entry app:b: unknown kind 'custom.thing'`]);
});
