// `wippy registry list | show`, `wippy init`, `wippy version` on a real app folder.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeApp, HOSTS, luaEntry } from '../system/testing.js';

const wippy = join(process.cwd(), 'bin/wippy.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [wippy, ...args], { cwd, encoding: 'utf8' });

const root = writeApp({
  'src/_index.yaml': HOSTS + luaEntry('worker', 'worker.lua', ['time']) + `  - name: config
    kind: registry.entry
    meta: { type: settings }
    limit: 10
`,
  'src/worker.lua': 'return { main = function() end }',
});

test('registry list shows every entry with its kind', () => {
  const r = run(root, 'registry', 'list');
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^ID\s+KIND$/);
  assert.ok(lines.some((l) => /^app:worker\s+process\.lua$/.test(l)));
  assert.ok(lines.some((l) => /^app:config\s+registry\.entry$/.test(l)));
  assert.equal(lines[lines.length - 1], '4 entries');
});

test('registry show prints the entry with meta, data and where it was declared', () => {
  const r = run(root, 'registry', 'show', 'app:config');
  assert.equal(r.status, 0, r.stderr);
  const v = JSON.parse(r.stdout);
  assert.deepEqual({ id: v.id, kind: v.kind, meta: v.meta, data: v.data }, { id: 'app:config', kind: 'registry.entry', meta: { type: 'settings' }, data: { limit: 10 } });
  assert.equal(v.declared.file, 'src/_index.yaml');
  assert.equal(run(root, 'registry', 'show', 'app:nope').status, 1);
});

test('init writes wippy.lock once; version prints the version', () => {
  const dir = writeApp({ 'src/_index.yaml': HOSTS });
  assert.equal(run(dir, 'init').status, 0);
  assert.match(readFileSync(join(dir, 'wippy.lock'), 'utf8'), /src: \.\/src/);
  assert.ok(existsSync(join(dir, 'wippy.lock')));
  assert.match(run(dir, 'init').stdout, /already exists/);
  assert.match(run(dir, 'version').stdout, /^wippy-ts \d+\.\d+\.\d+\n$/);
});
