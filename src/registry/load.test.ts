// Loading projects: lock file, discovery, the entry model, file:// sources.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from './load.js';
import { formatError } from './errors.js';
import { sourceOf } from './entry.js';
import { makeProject, yaml } from './fixture.js';

function load(files: Record<string, string | Buffer>) {
  const p = makeProject(files);
  try {
    return { ...loadProject(p.root), root: p.root };
  } finally {
    p.cleanup();
  }
}

test('name, kind and meta are identity; every other key is data', () => {
  const r = load({
    'src/_index.yaml': yaml(
      'version: "1.0"',
      'namespace: app',
      'entries:',
      '  # the HTTP endpoint',
      '  - name: hello.endpoint',
      '    kind: http.endpoint',
      '    meta:',
      '      router: api',
      '    method: GET',
      '    path: /hello',
      '    func: hello',
    ),
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.files, ['src/_index.yaml']);
  assert.deepEqual(r.entries, [
    {
      id: 'app:hello.endpoint',
      namespace: 'app',
      name: 'hello.endpoint',
      kind: 'http.endpoint',
      meta: { router: 'api' },
      data: { method: 'GET', path: '/hello', func: 'hello' },
      source: { file: 'src/_index.yaml', line: 5 },
    },
  ]);
});

test('an explicit data: map is merged into the payload, root-level keys win', () => {
  const r = load({
    'src/_index.yaml': yaml(
      'namespace: app',
      'entries:',
      '  - name: item',
      '    kind: registry.entry',
      '    sku: root',
      '    data:',
      '      sku: nested',
      '      price: 10',
      '  - name: scalar',
      '    kind: registry.entry',
      '    data: [1, 2]',
    ),
  });
  assert.deepEqual(r.entries[0].data, { sku: 'root', price: 10 });
  assert.deepEqual(r.entries[1].data, { data: [1, 2] });
});

test('YAML values: leading-zero integers are octal, unquoted :8080 is a string, merges work', () => {
  const r = load({
    'src/_index.yaml': yaml(
      'namespace: app',
      'defaults: &d {auto_start: true}',
      'entries:',
      '  - name: env',
      '    kind: env.storage.file',
      '    file_mode: 0600',
      '    count: 10',
      '  - name: gateway',
      '    kind: http.service',
      '    addr: :8080',
      '    lifecycle:',
      '      <<: *d',
    ),
  });
  assert.deepEqual(r.errors, []);
  assert.equal(r.entries[0].data.file_mode, 0o600);
  assert.equal(r.entries[0].data.count, 10);
  assert.equal(r.entries[1].data.addr, ':8080');
  assert.deepEqual(r.entries[1].data.lifecycle, { auto_start: true });
});

test('discovery: nested dirs, .yml, single-entry files, other YAML ignored, files before subdirectories', () => {
  const r = load({
    'src/_index.yaml': yaml('namespace: app', 'entries:', '  - {name: root, kind: registry.entry}'),
    'src/b.yml': yaml('namespace: app', 'name: single', 'kind: registry.entry', 'meta: {type: x}', 'rule: r'),
    'src/api/_index.yaml': yaml('namespace: app.api', 'entries:', '  - {name: inner, kind: registry.entry}'),
    'src/api/openapi.yaml': yaml('openapi: 3.0.0', 'info: {title: x}'),
    'src/config.yaml': yaml('name: not-an-entry'),
    'src/notes.txt': 'namespace: app',
    'src/.hidden/_index.yaml': yaml('namespace: hidden', 'entries:', '  - {name: h, kind: registry.entry}'),
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.files, ['src/_index.yaml', 'src/b.yml', 'src/api/_index.yaml']);
  assert.deepEqual(r.entries.map((e) => e.id), ['app:root', 'app:single', 'app.api:inner']);
  const single = r.entries[1];
  assert.deepEqual(single.meta, { type: 'x' });
  assert.deepEqual(single.data, { rule: 'r' });
  assert.deepEqual(single.source, { file: 'src/b.yml', line: 1 });
});

test('wippy.lock chooses the source directory (any indentation); no lock means ./src', () => {
  const withLock = load({
    'wippy.lock': yaml('directories:', '    modules: .wippy', '    src: ./app'),
    'app/_index.yaml': yaml('namespace: app', 'entries:', '  - {name: a, kind: registry.entry}'),
    'src/_index.yaml': yaml('namespace: ignored', 'entries:', '  - {name: b, kind: registry.entry}'),
  });
  assert.equal(withLock.lock.src, './app');
  assert.equal(withLock.lock.found, true);
  assert.deepEqual(withLock.entries.map((e) => e.id), ['app:a']);

  const noLock = load({ 'src/_index.yaml': yaml('namespace: app', 'entries: []') });
  assert.deepEqual(noLock.lock, { src: './src', modules: '.wippy', dependencies: [], replacements: {}, found: false });
  assert.deepEqual(noLock.errors, []);

  const noSrc = load({});
  assert.deepEqual(noSrc.errors.map(formatError), [`source directory './src' not found`]);
});

test('file:// sources load relative to the definition file, as byte strings, with a chunk name', () => {
  const r = load({
    'src/_index.yaml': yaml('namespace: app', 'entries: []'),
    'src/workers/_index.yaml': yaml(
      'namespace: app.workers',
      'entries:',
      '  - name: worker',
      '    kind: process.lua',
      '    source: file://handlers/worker.lua',
      '    method: main',
      '  - name: inline',
      '    kind: function.lua',
      '    source: "return function() return 1 end"',
      '  - name: page',
      '    kind: template.jet',
      '    set: templates',
      '    source: file://../page.jet',
    ),
    'src/workers/handlers/worker.lua': Buffer.from('print("é")\n', 'utf8'),
    'src/page.jet': '<p>{{ x }}</p>',
  });
  assert.deepEqual(r.errors, []);
  const [worker, inline, page] = r.entries;
  assert.equal(worker.data.source, 'file://handlers/worker.lua');
  assert.equal(worker.sourceFile, 'src/workers/handlers/worker.lua');
  // UTF-8 é is two bytes, each one char of the Lua byte string
  assert.equal(worker.sourceText, 'print("\u00c3\u00a9")\n');
  assert.deepEqual(sourceOf(worker), { text: worker.sourceText, chunkname: 'src/workers/handlers/worker.lua' });
  assert.equal(inline.sourceText, undefined);
  assert.deepEqual(sourceOf(inline), { text: 'return function() return 1 end', chunkname: 'app.workers:inline' });
  assert.equal(page.sourceText, '<p>{{ x }}</p>');
  assert.equal(page.sourceFile, 'src/page.jet');
});

test('file:// sources that are missing or escape the project root are reported', () => {
  const p = makeProject({
    'src/_index.yaml': yaml(
      'namespace: app',
      'entries:',
      '  - name: missing',
      '    kind: function.lua',
      '    source: file://nope.lua',
      '  - name: escape',
      '    kind: function.lua',
      '    source: file://../../secret.lua',
      '  - name: absolute',
      '    kind: library.lua',
      '    source: file:///etc/passwd',
      '  - name: linked',
      '    kind: library.lua',
      '    source: file://link.lua',
      '  - name: not-a-source-kind',
      '    kind: registry.entry',
      '    source: file://whatever.txt',
    ),
  });
  try {
    symlinkSync('/etc/hostname', join(p.root, 'src/link.lua'));
    const r = loadProject(p.root);
    assert.deepEqual(r.errors.map(formatError), [
      `src/_index.yaml:3: entry app:missing: source file 'file://nope.lua' not found (src/nope.lua)`,
      `src/_index.yaml:6: entry app:escape: source 'file://../../secret.lua' escapes the project root`,
      `src/_index.yaml:9: entry app:absolute: source 'file:///etc/passwd' escapes the project root`,
      `src/_index.yaml:12: entry app:linked: source 'file://link.lua' escapes the project root`,
    ]);
    // the entries still exist, without loaded text
    assert.equal(r.entries.length, 5);
    assert.ok(r.entries.every((e) => e.sourceText === undefined));
  } finally {
    p.cleanup();
  }
});

test('structural problems: YAML syntax, missing namespace, name, bad meta', () => {
  const r = load({
    'src/a.yaml': yaml('namespace: app', 'entries:', '  - name: [oops', '    kind: x'),
    'src/b.yaml': yaml('entries:', '  - {name: a, kind: registry.entry}'),
    'src/c.yaml': yaml(
      'namespace: app',
      'entries:',
      '  - kind: registry.entry',
      '  - name: ""',
      '    kind: registry.entry',
      '  - just a string',
      '  - name: badmeta',
      '    kind: registry.entry',
      '    meta: [1]',
      '  - name: a:b',
      '    kind: registry.entry',
    ),
    'src/d.yaml': yaml('namespace: 12', 'entries: []'),
    'src/e.yaml': yaml('namespace: app', 'entries: {a: 1}'),
  });
  assert.deepEqual(r.errors.map(formatError), [
    'src/a.yaml:4:5: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    `src/b.yaml:1: definition file has 'entries' but no 'namespace'`,
    `src/c.yaml:3: entries[0]: missing 'name'`,
    `src/c.yaml:4: entries[1]: 'name' must be a non-empty string`,
    'src/c.yaml:6: entries[2]: entry must be a map',
    `src/c.yaml:7: entry app:badmeta: 'meta' must be a map`,
    `src/c.yaml:10: entries[4]: name 'a:b' must not contain ':'`,
    `src/d.yaml:1: 'namespace' must be a non-empty string without ':'`,
    `src/e.yaml:1: 'entries' must be a list`,
  ]);
  assert.deepEqual(r.errors.map((e) => e.code), [
    'yaml-syntax',
    'missing-namespace',
    'missing-name',
    'missing-name',
    'invalid-entry',
    'invalid-entry',
    'invalid-name',
    'invalid-namespace',
    'invalid-definition',
  ]);
  // the entry with a bad meta is kept with an empty meta
  assert.deepEqual(r.entries.map((e) => [e.id, e.meta]), [['app:badmeta', {}]]);
});

test('a broken wippy.lock is reported and defaults apply', () => {
  const r = load({ 'wippy.lock': 'directories: [\n', 'src/_index.yaml': yaml('namespace: app', 'entries: []') });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, 'yaml-syntax');
  assert.equal(r.errors[0].file, 'wippy.lock');
  assert.equal(r.lock.src, './src');
});

test('a load cache reuses unchanged definition files, re-reads Lua sources, and hands out fresh copies', () => {
  const p = makeProject({
    'src/a.yaml': yaml('namespace: app', 'entries:', '  - name: f', '    kind: function.lua', '    source: file://f.lua', '    cfg: { n: 1 }'),
    'src/b.yaml': yaml('namespace: app', 'entries:', '  - name: c', '    kind: registry.entry', '    v: 1'),
    'src/f.lua': 'return 1',
  });
  try {
    const cache = new Map();
    const first = loadProject(p.root, { cache });
    const parsedA = cache.get(join(p.root, 'src/a.yaml'));
    const parsedB = cache.get(join(p.root, 'src/b.yaml'));
    (first.entries[0].data.cfg as { n: number }).n = 99; // a caller changing what it got
    writeFileSync(join(p.root, 'src/f.lua'), 'return 2');
    writeFileSync(join(p.root, 'src/b.yaml'), yaml('namespace: app', 'entries:', '  - name: c', '    kind: registry.entry', '    v: 2'));
    const second = loadProject(p.root, { cache });
    assert.equal(cache.get(join(p.root, 'src/a.yaml')), parsedA, 'unchanged file: the parse is reused');
    assert.notEqual(cache.get(join(p.root, 'src/b.yaml')), parsedB, 'edited file: parsed again');
    assert.deepEqual(second.entries.map((e) => [e.id, e.data.cfg ?? e.data.v, e.sourceText]), [['app:f', { n: 1 }, 'return 2'], ['app:c', 2, undefined]]);
    // the result equals an uncached load
    assert.deepEqual(second, loadProject(p.root));
    rmSync(join(p.root, 'src/b.yaml'));
    loadProject(p.root, { cache });
    assert.equal(cache.has(join(p.root, 'src/b.yaml')), false, 'a removed file leaves the cache');
  } finally {
    p.cleanup();
  }
});
