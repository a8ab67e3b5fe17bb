// The scenario end to end: a Lua "agent" process writes a new function entry, calls
// it, updates it and rolls it back; with a persistent history the result survives a restart,
// and `wippy registry rollback` reaches both a running and a stopped app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startApp, type App } from './boot.js';
import { createLog } from './log.js';
import type { ExitResult } from '../kernel/process.js';

const wippy = join(process.cwd(), 'bin/wippy.js');
type CliResult = { stdout: string; stderr: string; code?: number };
const cli = (cwd: string, ...args: string[]): Promise<CliResult> =>
  promisify(execFile)(process.execPath, [wippy, ...args], { cwd, encoding: 'utf8' }).catch((e: CliResult) => e);

/** A fresh copy of examples/self-changing (its history lives in the copy's .wippy/). */
function copyExample(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-self-'));
  cpSync(join(process.cwd(), 'examples/self-changing'), dir, { recursive: true, filter: (src) => !src.includes('.wippy/') && !src.endsWith('.wippy') });
  return dir;
}

async function runAgent(app: App): Promise<{ out: string; exit: ExitResult }> {
  let out = '';
  app.runtime.terminal = { out: (s) => { out += s; }, err: (s) => { out += s; }, args: [] };
  const p = app.runtime.spawn(undefined, 'app:agent', 'app:terminal', [], {});
  assert.ok(!('kind' in p));
  const exit = await new Promise<ExitResult>((res) => p.onExit(res));
  return { out, exit };
}

const callTool = (app: App) => new Promise<unknown>((res) =>
  app.runtime.callFunction(undefined, 'app.generated:greet', ['world'], (r) => res(r.value ?? String(r.error))));

test('a Lua agent writes a function entry, calls it, updates it, rolls it back; the result survives a restart', async () => {
  const root = copyExample();
  const log = createLog({ silent: true });
  let app = await startApp(root, log);
  const { out, exit } = await runAgent(app);
  assert.equal(exit.error, undefined, out);
  const lines = out.split('\n');
  assert.equal(lines[0], 'revision 1 is version 2: Hello, world');
  assert.equal(lines[1], 'revision 2 is version 3: Hello, world! (greeting #1 from revision 2)');
  assert.equal(lines[2], '  and again: Hello, world! (greeting #2 from revision 2)', 'module state persists between calls');
  assert.match(lines[3], /^revision 3 rejected \(true\): .*app\.generated:greet.*'}' expected/);
  assert.equal(lines[4], '  still serving revision 2: Hello, world! (greeting #3 from revision 2)');
  assert.equal(lines[5], 'rolled back to version 2 (now version 4): Hello, world');
  assert.deepEqual(lines.slice(6, 11), [
    'history:', '  1 boot', '  2 code by app:agent: create app.generated:greet',
    '  3 code by app:agent: update app.generated:greet', '  4 rollback by app:agent: update app.generated:greet',
  ]);
  await app.supervisor.stopAll();

  app = await startApp(root, log);
  assert.equal(app.registry.version, 5);
  assert.equal(app.registry.get('app.generated:greet')?.meta.revision, 1);
  assert.equal(await callTool(app), 'Hello, world');
  const rows = app.live.store.versions();
  assert.match(String(rows[1].actor?.pid), /^\{app:terminal\|0x[0-9a-f]+\}$/);
  await app.supervisor.stopAll();
});

test('wippy registry rollback: a running app applies it at once, a stopped one at its next start', async () => {
  const root = copyExample();
  const log = createLog({ silent: true });
  let app = await startApp(root, log);
  await runAgent(app); // versions: 2 create (rev 1), 3 update (rev 2), 4 rollback to 2
  let r = await cli(root, 'registry', 'rollback', '3');
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^rolled back the running app \(pid \d+\) to version 3: now at version 5\n$/);
  assert.equal(app.registry.get('app.generated:greet')?.meta.revision, 2);
  assert.match(String(await callTool(app)), /^Hello, world! \(greeting #1 from revision 2\)$/);
  r = await cli(root, 'registry', 'rollback', '1');
  assert.match(r.stdout, /now at version 6/);
  // the running app holds the history: a second app on the same folder is refused
  r = await cli(root, 'run', '-x', 'app:agent');
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`registry\\.db is in use by the running app \\(pid ${process.pid}\\)`));
  assert.equal(app.registry.get('app.generated:greet'), undefined, 'version 1 had no run-time changes');
  await app.supervisor.stopAll();

  r = await cli(root, 'registry', 'rollback', '2');
  assert.match(r.stdout, /^recorded version 7 \(rollback to 2\); the app applies it at its next start:\n  create app\.generated:greet\n$/);
  r = await cli(root, 'registry', 'diff', '1', '3');
  assert.equal(r.stdout, 'create app.generated:greet (function.lua)\n');
  r = await cli(root, 'registry', 'diff', '2', '3');
  assert.match(r.stdout, /^update app\.generated:greet \(function\.lua\)\n  meta\.revision: 1 -> 2\n  data\.source: /);
  r = await cli(root, 'registry', 'list');
  assert.match(r.stdout, /\napp\.generated:greet +function\.lua {2}\(run-time\)\n/, 'list shows what the next boot will have');
  r = await cli(root, 'registry', 'show', 'app.generated:greet');
  assert.equal(JSON.parse(r.stdout).meta.revision, 1);
  r = await cli(root, 'registry', 'history');
  assert.match(r.stdout, /\n7 +\S+ +rollback +cli +create app\.generated:greet\n +rollback to version 2, recorded while the app was stopped/);
  const bad = await cli(root, 'registry', 'rollback', '42');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /no version 42/);

  app = await startApp(root, log);
  assert.equal(app.registry.version, 8);
  assert.equal(await callTool(app), 'Hello, world');
  await app.supervisor.stopAll();
});

test('a command created at run time and persisted is found by `wippy run NAME` after a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-cmd-'));
  const { writeFileSync, mkdirSync } = await import('node:fs');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, '.wippy.yaml'), 'registry:\n  history_type: sqlite\n');
  writeFileSync(join(dir, 'src/_index.yaml'), `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: setup
    kind: process.lua
    source: file://setup.lua
    method: main
    modules: [registry]
`);
  writeFileSync(join(dir, 'src/setup.lua'), `return { main = function()
    local changes = registry.snapshot():changes()
    changes:create({ id = "app:hello", kind = "process.lua",
      meta = { command = { name = "hello" } },
      data = { source = "return { main = function(who) io.print('hello ' .. who) end }", method = "main", modules = { "io" } } })
    local _, err = changes:apply()
    if err then error(err) end
  end }`);
  const first = await cli(dir, 'run', '-s', '-x', 'app:setup');
  assert.equal(first.code ?? 0, 0, first.stderr);
  const second = await cli(dir, 'run', '-s', 'hello', 'world');
  assert.equal(second.code ?? 0, 0, second.stderr);
  assert.equal(second.stdout, 'hello world\n');
});
