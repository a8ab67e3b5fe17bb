// The command line: `wippy registry audit` after `wippy run -x` changed the registry, and
// commands running as the identity their meta.command.security declares.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeApp, HOSTS } from '../system/testing.js';

const wippy = join(process.cwd(), 'bin/wippy.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [wippy, ...args], { cwd, encoding: 'utf8' });

test('registry audit lists the registry writes code made, newest first, filtered or as JSON', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + `
  - name: writer
    kind: process.lua
    source: file://writer.lua
    method: main
    modules: [registry]
`,
    'src/writer.lua': `return { main = function()
      for _, name in ipairs({ "one", "two" }) do
        local c = registry.snapshot():changes()
        c:create({ id = "app.gen:" .. name, kind = "registry.entry", data = { n = name } })
        assert(c:apply())
      end
    end }`,
  });
  assert.equal(run(root, 'registry', 'audit').stdout, 'no registry writes recorded\n');
  const r = run(root, 'run', '--no-watch', '-x', 'app:writer');
  assert.equal(r.status, 0, r.stderr);
  const all = run(root, 'registry', 'audit');
  assert.equal(all.status, 0, all.stderr);
  const lines = all.stdout.trim().split('\n');
  assert.match(lines[0], /^\S+Z\s+allow\s+create app\.gen:two \(registry\.entry\)\s+actor=- caller=app:writer$/);
  assert.match(lines[1], /^\s+checked: registry\.apply registry\.create\.registry\.entry; committed as version 3$/);
  assert.match(lines[2], /create app\.gen:one/);
  assert.equal(lines[lines.length - 1], '2 records');
  assert.equal(run(root, 'registry', 'audit', '--denied').stdout, '0 records\n');
  const json = run(root, 'registry', 'audit', '--json', '-n', '1').stdout.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(json.length, 1);
  assert.equal(json[0].entry, 'app.gen:two');
  assert.equal(json[0].decision, 'allow');
});

test('a command runs as the identity in its meta.command.security', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + `
  - name: readers
    kind: security.policy
    policy: { actions: "doc.read", resources: "*", effect: allow }
  - name: whoami
    kind: process.lua
    source: file://whoami.lua
    method: main
    modules: [io, security]
    meta:
      command:
        name: whoami
        security: { actor: { id: "cli:operator" }, policies: [readers] }
`,
    'src/whoami.lua': `return { main = function()
      io.print(security.actor():id(), security.can("doc.read", "x"), security.can("doc.write", "x"))
    end }`,
  });
  const r = run(root, 'run', '--no-watch', 'whoami');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'cli:operator\ttrue\tfalse\n');
});
