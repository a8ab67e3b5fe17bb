// Dependency modules on disk: vendored unpacked modules, workspace replacements, manifests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from './load.js';
import { makeProject, yaml } from './fixture.js';

const APP = yaml('namespace: app', 'entries:', '  - name: main', '    kind: registry.entry');
const MOD = (ns: string, extra: string[] = []) => yaml(`namespace: ${ns}`, 'entries:', '  - name: lib', '    kind: library.lua', '    source: file://lib.lua', ...extra);

function load(files: Record<string, string>, opts: Parameters<typeof loadProject>[1] = {}) {
  const p = makeProject(files);
  try {
    return loadProject(p.root, opts);
  } finally {
    p.cleanup();
  }
}

test('an unpacked vendored module loads after the app, with its file:// sources and its module name', () => {
  const r = load({
    'src/_index.yaml': APP,
    '.wippy/vendor/acme/tools/wippy.yaml': yaml('organization: acme', 'module: tools'),
    '.wippy/vendor/acme/tools/_index.yaml': MOD('acme.tools'),
    '.wippy/vendor/acme/tools/lib.lua': 'return {answer = 42}',
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.entries.map((e) => e.id), ['app:main', 'acme.tools:lib']);
  assert.equal(r.entries[1].sourceText, 'return {answer = 42}');
  assert.equal(r.moduleOf.get('acme.tools:lib'), 'acme/tools');
  assert.equal(r.moduleOf.has('app:main'), false);
});

test('a module manifest drops entries by exclude_meta and files by exclude globs', () => {
  const r = load({
    'src/_index.yaml': APP,
    '.wippy/vendor/acme/tools/wippy.yaml': yaml('organization: acme', 'module: tools', 'exclude_meta:', '  type: [test]', 'exclude:', '  - examples/**'),
    '.wippy/vendor/acme/tools/_index.yaml': MOD('acme.tools', ['  - name: lib_test', '    kind: registry.entry', '    meta: {type: test}']),
    '.wippy/vendor/acme/tools/lib.lua': 'return {}',
    '.wippy/vendor/acme/tools/examples/_index.yaml': MOD('acme.tools.examples'),
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.entries.map((e) => e.id), ['app:main', 'acme.tools:lib']);
});

test('exclude entry patterns (app:**) drop a flat package\'s own test app from the module', () => {
  const r = load({
    'src/_index.yaml': APP,
    '.wippy/vendor/acme/tools/wippy.yaml': yaml('organization: acme', 'module: tools', 'exclude:', '  - "app:**"'),
    '.wippy/vendor/acme/tools/_index.yaml': MOD('acme.tools'),
    '.wippy/vendor/acme/tools/lib.lua': 'return {}',
    '.wippy/vendor/acme/tools/test/_index.yaml': yaml('namespace: app', 'entries:', '  - name: main', '    kind: registry.entry', '  - name: other', '    kind: registry.entry'),
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.entries.map((e) => e.id), ['app:main', 'acme.tools:lib']);
});

test('a workspace replacement dir replaces the vendored copy of the same module', () => {
  const r = load({
    'src/_index.yaml': APP,
    'wippy.lock': yaml('directories:', '  src: ./src', 'replacements:', '  acme/tools: ./local/tools'),
    'local/tools/_index.yaml': MOD('acme.tools'),
    'local/tools/lib.lua': 'return "local copy"',
    '.wippy/vendor/acme/tools/_index.yaml': MOD('acme.tools'),
    '.wippy/vendor/acme/tools/lib.lua': 'return "vendored copy"',
  });
  assert.deepEqual(r.errors, []);
  assert.deepEqual(r.entries.map((e) => [e.id, e.sourceText]), [['app:main', undefined], ['acme.tools:lib', 'return "local copy"']]);
  assert.equal(r.moduleOf.get('acme.tools:lib'), 'acme/tools');
});

test('lock replacements may be a list of {from, to} pointing outside the project', () => {
  const p = makeProject({
    'app/src/_index.yaml': APP,
    'app/wippy.lock': yaml('directories:', '    src: ./src', 'replacements:', '    - from: acme/tools', '      to: ../tools'),
    'tools/_index.yaml': MOD('acme.tools'),
    'tools/lib.lua': 'return 2',
  });
  try {
    const r = loadProject(join(p.root, 'app'));
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.entries.map((e) => [e.id, e.sourceText]), [['app:main', undefined], ['acme.tools:lib', 'return 2']]);
    assert.equal(r.moduleOf.get('acme.tools:lib'), 'acme/tools');
  } finally {
    p.cleanup();
  }
});

test('runtime-config replacements win over the lock file and a missing replacement dir is reported', () => {
  const r = load({ 'src/_index.yaml': APP }, { replacements: { 'acme/tools': './nowhere' } });
  assert.deepEqual(r.errors.map((e) => e.code), ['missing-replacement-dir']);
  assert.match(r.errors[0].message, /acme\/tools.*'\.\/nowhere' not found/);
});

test('a .wapp pack is reported with how to load it instead of being ignored', () => {
  const r = load({ 'src/_index.yaml': APP, '.wippy/vendor/acme/tools-v1.2.0.wapp': 'PK' });
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0].code, 'unsupported-pack');
  assert.match(r.errors[0].message, /module acme\/tools: .*unpack_modules/);
});

test('a vendored module may be a symlink to a checkout outside the project', () => {
  const outside = mkdtempSync(join(tmpdir(), 'wippy-module-'));
  const p = makeProject({ 'src/_index.yaml': APP });
  try {
    writeFileSync(join(outside, '_index.yaml'), MOD('acme.tools'));
    writeFileSync(join(outside, 'lib.lua'), 'return 1');
    mkdirSync(join(p.root, '.wippy/vendor/acme'), { recursive: true });
    symlinkSync(outside, join(p.root, '.wippy/vendor/acme/tools'));
    const r = loadProject(p.root);
    assert.deepEqual(r.errors, []);
    assert.equal(r.entries[1].sourceText, 'return 1');
  } finally {
    p.cleanup();
    rmSync(outside, { recursive: true, force: true });
  }
});
