// Bad input: every problem is reported once with file, line and entry, and nothing starts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeApp, HOSTS, luaEntry } from './testing.js';

const wippy = join(process.cwd(), 'bin/wippy.js');

function run(files: Record<string, string>, args = ['run']) {
  const root = writeApp(files);
  const r = spawnSync(process.execPath, [wippy, ...args], { cwd: root, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('a YAML syntax error names file, line and column; nothing starts', () => {
  const r = run({ 'src/_index.yaml': 'version: "1.0"\nnamespace: app\nentries:\n  - name: a\n    kind: [oops\n' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /src\/_index\.yaml:\d+:\d+: YAML syntax error/);
  assert.doesNotMatch(r.stderr, /is running/);
});

test('an unknown kind, a missing source file and a missing reference are each reported once', () => {
  const r = run({
    'src/_index.yaml': HOSTS + `  - name: a
    kind: proces.lua
  - name: b
    kind: process.lua
    source: file://missing.lua
    method: main
  - name: svc
    kind: process.service
    process: app:nothere
    host: app:processes
    lifecycle: { auto_start: true }
`,
  });
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n').slice(1).map((l) => l.trim());
  assert.deepEqual(lines.filter((l) => l.includes("unknown kind 'proces.lua'")).length, 1);
  assert.ok(lines.some((l) => /^src\/_index\.yaml:10: entry app:a: unknown kind 'proces\.lua'/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^src\/_index\.yaml:12: entry app:b: .*missing\.lua/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^src\/_index\.yaml:16: entry app:svc: .*'app:nothere'/.test(l)), lines.join('\n'));
  assert.equal(lines.length, 3, lines.join('\n'));
});

test('a Lua syntax error names the Lua file and line and the entry', () => {
  const r = run({
    'src/_index.yaml': HOSTS + luaEntry('broken', 'broken.lua'),
    'src/broken.lua': 'local function main()\n  return 1 +\nend\nreturn { main = main }\n',
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /entry app:broken: src\/broken\.lua:3: unexpected symbol near 'end'/);
});

test('a dependency cycle is reported with its path', () => {
  const r = run({
    'src/_index.yaml': HOSTS + `  - name: s1
    kind: process.service
    process: app:p
    host: app:processes
    lifecycle: { auto_start: true, depends_on: [app:s2] }
  - name: s2
    kind: process.service
    process: app:p
    host: app:processes
    lifecycle: { auto_start: true, depends_on: [app:s1] }
` + luaEntry('p', 'p.lua'),
    'src/p.lua': 'return { main = function() end }',
  });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cycle/i);
  assert.match(r.stderr, /app:s1/);
  assert.match(r.stderr, /app:s2/);
});

test('run -x of a process that fails exits 1 with the error on stderr', () => {
  const r = run({
    'src/_index.yaml': HOSTS + luaEntry('fails', 'fails.lua'),
    'src/fails.lua': 'return { main = function() local t = nil; return t.x end }',
  }, ['run', '-x', 'app:fails']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /app:fails failed: src\/fails\.lua:1: attempt to index a nil value \(local 't'\)/);
});

test('run -x returns the integer the process returns as exit code', () => {
  const r = run({
    'src/_index.yaml': HOSTS + luaEntry('seven', 'seven.lua'),
    'src/seven.lua': 'return { main = function() io.print("out") return 7 end }',
  }, ['run', '-x', 'app:seven']);
  assert.equal(r.code, 7);
  assert.equal(r.stdout, 'out\n');
});
