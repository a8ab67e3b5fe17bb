// `.wippy.yaml`: files, env and vars interpolation, profiles and --set; the Override and
// Disable load stages; logmanager and shutdown settings; every problem with file and line.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { writeApp, HOSTS, luaEntry } from './testing.js';
import { startApp, loadApp, readConfig, BootError } from './boot.js';
import { createLog, type Log, type Level } from './log.js';
import { watchApp } from './watch.js';
import { segmentGlob } from './config-stages.js';

const APP = {
  'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']) + `  - name: settings
    kind: registry.entry
    meta: { owner: team-a }
    limit: 10
    nested: { depth: 1, keep: yes }
`,
  'src/main.lua': 'return { main = function() return 0 end }',
  'src/legacy/_index.yaml': `version: "1.0"
namespace: legacy.old
entries:
  - name: thing
    kind: registry.entry
`,
  'src/extra/_index.yaml': `version: "1.0"
namespace: extra
entries:
  - name: debug_dump
    kind: registry.entry
  - name: kept
    kind: registry.entry
`,
};

function bootError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof BootError) return e.problems.join('\n');
    throw e;
  }
  assert.fail('expected a BootError');
}

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  const log: Log = { log: (level: Level, msg: string) => { lines.push(`${level} ${msg}`); }, child() { return log; } };
  return { log, lines };
}

test('override sets data, nested data, meta and kind fields; disable drops namespaces and entries by pattern', () => {
  const root = writeApp({
    ...APP,
    '.wippy.yaml': `version: "1.0"
override:
  "app:settings:limit": 25
  "app:settings:data.nested.depth": 3
  "app:settings:meta.owner": team-b
  "extra:kept:kind": registry.entry
disable:
  namespaces: ["legacy.**"]
  entries: ["extra:debug_*"]
`,
  });
  const entries = loadApp(root);
  const settings = entries.find((e) => e.id === 'app:settings')!;
  assert.deepEqual(settings.data, { limit: 25, nested: { depth: 3, keep: 'yes' } });
  assert.deepEqual(settings.meta, { owner: 'team-b' });
  const ids = entries.map((e) => e.id);
  assert.ok(ids.includes('extra:kept'));
  assert.ok(!ids.includes('extra:debug_dump'));
  assert.ok(!ids.some((id) => id.startsWith('legacy.')));
});

test('${env:NAME} reads the OS environment, ${name} the vars; files merge left to right; profiles and --set come last', () => {
  const root = writeApp({
    ...APP,
    'base.yaml': `vars:
  lim: 7
override:
  "app:settings:limit": "\${lim}"
  "app:settings:meta.owner": "\${env:WIPPY_TEST_OWNER}"
shutdown: { timeout: 5s }
profiles:
  prod:
    override:
      "app:settings:nested.depth": 9
    disable:
      namespaces: { add: ["legacy.**"] }
`,
    'local.yaml': `vars:
  lim: 8
`,
  });
  const cfg = readConfig(root, { files: ['base.yaml', 'local.yaml'], profiles: ['prod'], set: ['shutdown.timeout=250ms', 'logmanager.min_level=1'], env: { WIPPY_TEST_OWNER: 'ops' } });
  assert.deepEqual(cfg.files, ['base.yaml', 'local.yaml']);
  assert.equal((cfg.values.shutdown as { timeout: string }).timeout, '250ms');
  assert.equal((cfg.values.logmanager as { min_level: number }).min_level, 1);
  assert.equal(cfg.values.profiles, undefined);
  const entries = loadApp(root, cfg);
  const settings = entries.find((e) => e.id === 'app:settings')!;
  assert.equal(settings.data.limit, 8);
  assert.equal(settings.meta.owner, 'ops');
  assert.deepEqual(settings.data.nested, { depth: 9, keep: 'yes' });
  assert.ok(!entries.some((e) => e.namespace === 'legacy.old'));
});

test('config problems name the file and line: missing env var, bad override key, bad shapes, unknown profile, missing file', () => {
  const root = writeApp({
    ...APP,
    '.wippy.yaml': `version: "1.0"
override:
  "app:settings:limit": "\${env:WIPPY_SURELY_UNSET_VAR}"
  "broken-key": 1
disable:
  namespaces: legacy
`,
  });
  const msg = bootError(() => readConfig(root, { env: {} }));
  assert.match(msg, /^\.wippy\.yaml:3: environment variable 'WIPPY_SURELY_UNSET_VAR' is not set$/m);
  assert.match(msg, /^\.wippy\.yaml:6: disable\.namespaces: expected a list of patterns$/m);
  const root2 = writeApp({ ...APP, '.wippy.yaml': 'override:\n  "x": 1\n  "app:settings:kind": ""\n' });
  const msg2 = bootError(() => loadApp(root2));
  assert.match(msg2, /^\.wippy\.yaml:2: override 'x': expected "namespace:entry:path"$/m);
  assert.match(msg2, /^\.wippy\.yaml:3: override 'app:settings:kind': kind must be a non-empty string$/m);
  assert.match(bootError(() => readConfig(root2, { profiles: ['nope'] })), /unknown profile 'nope'/);
  assert.match(bootError(() => readConfig(root2, { files: ['missing.yaml'] })), /^missing\.yaml: config file not found$/);
  assert.match(bootError(() => readConfig(writeApp({ '.wippy.yaml': 'a: [1,\n' }))), /^\.wippy\.yaml:\d+(:\d+)?: YAML syntax error/);
});

test('an override or disable that breaks the app is rejected whole by validation', () => {
  const root = writeApp({
    ...APP,
    'src/extra/_index.yaml': `version: "1.0"
namespace: extra
entries:
  - name: svc
    kind: process.service
    process: app:main
    host: app:processes
`,
    '.wippy.yaml': 'disable:\n  entries: ["app:main"]\n',
  });
  assert.match(bootError(() => loadApp(root)), /src\/extra\/_index\.yaml:\d+: entry extra:svc: .*app:main/);
  writeFileSync(join(root, '.wippy.yaml'), 'override:\n  "app:main:kind": no.such.kind\n');
  assert.match(bootError(() => loadApp(root)), /entry app:main: .*no\.such\.kind/);
});

test('logmanager.min_level filters logs; an override of a missing entry is a warning; reloads keep the config', async () => {
  const root = writeApp({
    ...APP,
    '.wippy.yaml': `logmanager: { min_level: 1 }
override:
  "app:settings:limit": 99
  "vendor.mod:thing:field": 1
otel: { enabled: true, endpoint: "localhost:4318" }
`,
  });
  const { log, lines } = capture();
  const app = await startApp(root, log);
  assert.ok(lines.includes("warn .wippy.yaml:4: override 'vendor.mod:thing:field': no entry vendor.mod:thing; ignored"));
  assert.ok(!lines.some((l) => l.startsWith('info ') || l.startsWith('debug ')), lines.join('\n'));
  assert.equal(app.registry.get('app:settings')?.data.limit, 99);
  const w = watchApp(root, app.live, createLog({ silent: true }), undefined, app.config);
  writeFileSync(join(root, 'src/main.lua'), 'return { main = function() return 1 end }');
  assert.equal(w.reload().ok, true);
  assert.equal(app.registry.get('app:settings')?.data.limit, 99);
  w.close();
  await app.supervisor.stopAll();
});

test('shutdown.timeout bounds the whole shutdown', async () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + luaEntry('stubborn', 'stubborn.lua', ['time']) + `  - name: svc
    kind: process.service
    process: app:stubborn
    host: app:processes
    lifecycle: { auto_start: true, stop_timeout: 20s }
`,
    'src/stubborn.lua': 'return { main = function() while true do time.sleep("10ms") end end }',
    '.wippy.yaml': 'shutdown:\n  timeout: 150ms\n',
  });
  const app = await startApp(root, createLog({ silent: true }));
  await new Promise((r) => setTimeout(r, 30));
  const t0 = Date.now();
  await app.supervisor.stopAll();
  const took = Date.now() - t0;
  assert.ok(took >= 140 && took < 2000, `shutdown took ${took} ms`);
});

test('dot-segment globs: ** spans whole segments (none included), * stays inside one', () => {
  const m = segmentGlob('legacy.**', '.');
  assert.deepEqual(['legacy', 'legacy.a', 'legacy.a.b', 'legacyx', 'app.legacy'].map(m), [true, true, true, false, false]);
  const s = segmentGlob('app.*.v1', '.');
  assert.deepEqual(['app.api.v1', 'app.v1', 'app.a.b.v1'].map(s), [true, false, false]);
});

test('wippy run reads .wippy.yaml; --config replaces it; --profile, --set and -o layer on top', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']),
    'src/main.lua': `return {
      main = function() io.print("main") return 0 end,
      loud = function() io.print("LOUD") return 0 end,
      quiet = function() io.print("quiet") return 0 end,
    }`,
    '.wippy.yaml': 'override:\n  "app:main:method": quiet\n',
    'other.yaml': 'profiles:\n  loud:\n    override:\n      "app:main:method": loud\n',
  });
  const wippy = join(process.cwd(), 'bin/wippy.js');
  const run = (...args: string[]) => spawnSync(process.execPath, [wippy, 'run', '-x', 'app:main', ...args], { cwd: root, encoding: 'utf8' });
  assert.equal(run().stdout, 'quiet\n');
  // an explicit --config replaces the default file
  assert.equal(run('-c', 'other.yaml').stdout, 'main\n');
  assert.equal(run('-c', 'other.yaml', '--profile', 'loud').stdout, 'LOUD\n');
  assert.equal(run('-o', 'app:main:method=loud').stdout, 'LOUD\n');
  const bad = run('--set', 'nonsense');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--set 'nonsense': expected section\.path=value/);
});

test('logger.encoding chooses console lines or JSON lines for the logs; anything else stops the boot with file and line', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['logger']),
    'src/main.lua': 'return { main = function() logger:warn("disk low", { free = 3 }) return 0 end }',
  });
  const wippy = join(process.cwd(), 'bin/wippy.js');
  const run = (config: string | undefined) => {
    if (config !== undefined) writeFileSync(join(root, '.wippy.yaml'), config);
    return spawnSync(process.execPath, [wippy, 'run', '-x', 'app:main'], { cwd: root, encoding: 'utf8' });
  };
  // stderr is a pipe here: JSON lines unless the config says otherwise
  const json = run(undefined).stderr.trim().split('\n').map((l) => JSON.parse(l) as { msg: string; free: number });
  assert.deepEqual(json.map((r) => [r.msg, r.free]), [['disk low', 3]]);
  const consoleLines = run('logger:\n  encoding: console\n').stderr.trim().split('\n');
  assert.equal(consoleLines.length, 1);
  assert.match(consoleLines[0]!, /^\d\d:\d\d:\d\d\.\d{3} WARN  disk low  .*free=3/);
  assert.ok(!consoleLines[0]!.includes('\x1b['), 'no colours off a terminal');
  assert.equal(JSON.parse(run('logger:\n  encoding: json\n').stderr.trim()).msg, 'disk low');
  const bad = run('version: "1.0"\nlogger:\n  encoding: xml\n');
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /\.wippy\.yaml:2: logger\.encoding: expected console or json, got "xml"/);
});
