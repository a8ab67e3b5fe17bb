// The env module and kinds, through real apps: storages (memory, file, os, static, router),
// variables (public/private names, defaults, read-only), file write-back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, statSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, HOSTS, luaEntry, writeApp } from '../system/testing.js';
import { loadApp, BootError } from '../system/boot.js';
import { parseDotenv, formatValue, fileMode, FileStorage } from '../kinds/env.js';
import { tmpdir } from 'node:os';

const STORAGES = `  - name: mem
    kind: env.storage.memory
  - name: file
    kind: env.storage.file
    file_path: ./config/app.env
    auto_create: true
    file_mode: 0600
  - name: os
    kind: env.storage.os
  - name: fixed
    kind: env.storage.static
    values: { REGION: eu-west, ZONE: b }
  - name: chain
    kind: env.storage.router
    storages: [mem, file, os]
  - name: app_name
    kind: env.variable
    variable: APP_NAME
    storage: file
  - name: port
    kind: env.variable
    variable: PORT
    storage: os
    default: "8080"
  - name: level
    kind: env.variable
    variable: LOG_LEVEL
    storage: chain
    default: info
  - name: version
    kind: env.variable
    variable: APP_VERSION
    storage: file
    default: "1.0.0"
    read_only: true
  - name: version2
    kind: env.variable
    variable: APP_VERSION2
    storage: mem
    readonly: true
  - name: region
    kind: env.variable
    variable: REGION
    storage: fixed
  - name: secret
    kind: env.variable
    storage: mem
    default: s3cr3t
  - name: missing
    kind: env.variable
    variable: API_KEY
    storage: file
  - name: home
    kind: env.variable
    variable: WIPPY_TEST_HOME
    storage: os
`;

async function runEnv(lua: string, envFile?: string) {
  const files: Record<string, string> = {
    'src/_index.yaml': HOSTS + STORAGES + luaEntry('main', 'main.lua', ['io', 'env']),
    'src/main.lua': `local function main()\n${lua}\nend\nreturn { main = main }\n`,
  };
  if (envFile !== undefined) files['config/app.env'] = envFile;
  const t = await bootApp(files);
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  return { out: t.output(), root: t.app.runtime.env === undefined ? '' : rootOf(t) };
}

function rootOf(t: Awaited<ReturnType<typeof bootApp>>): string {
  const s = t.app.runtime.env!.storages.get('app:file') as FileStorage;
  return s.path;
}

test('env.get: storage value, default, NOT_FOUND, public name or entry id', async () => {
  const { out } = await runEnv(`
    io.print(env.get("APP_NAME"))
    io.print(env.get("app:app_name"))
    io.print(env.get("PORT"))
    io.print(env.get("LOG_LEVEL"))
    io.print(env.get("REGION"))
    local v, err = env.get("API_KEY")
    io.print(tostring(v), err:kind(), err:kind() == errors.NOT_FOUND)
    local v2, err2 = env.get("NOPE")
    io.print(tostring(v2), err2:kind())
    local v3, err3 = env.get("")
    io.print(tostring(v3), err3:kind())
    io.print(env.get("app:secret"), tostring(env.get("secret")))
    io.print(env.get("API_KEY") or "fallback")
  `, '# comment\nAPP_NAME="Demo App"\nLOG_LEVEL=warn\n');
  assert.equal(out, [
    'Demo App', 'Demo App', '8080', 'warn', 'eu-west',
    'nil\tNotFound\ttrue', 'nil\tNotFound', 'nil\tInvalid', 's3cr3t\tnil', 'fallback', '',
  ].join('\n'));
});

test('env.get: the OS storage reads process.env', async () => {
  process.env.WIPPY_TEST_HOME = '/home/wippy ü';
  try {
    const { out } = await runEnv(`io.print(env.get("WIPPY_TEST_HOME"))`);
    assert.equal(Buffer.from(out, 'latin1').toString('utf8'), '/home/wippy ü\n');
  } finally {
    delete process.env.WIPPY_TEST_HOME;
  }
});

test('env.set: memory, router (first storage), read-only variables and storages', async () => {
  const { out } = await runEnv(`
    io.print(env.set("LOG_LEVEL", "debug"), env.get("LOG_LEVEL"))
    io.print(env.set("app:secret", "new"), env.get("app:secret"))
    local ok, err = env.set("APP_VERSION", "2.0.0")
    io.print(tostring(ok), err:kind(), env.get("APP_VERSION"))
    ok, err = env.set("APP_VERSION2", "x")
    io.print(tostring(ok), err:kind())
    ok, err = env.set("PORT", "9000")
    io.print(tostring(ok), err:kind(), env.get("PORT"))
    ok, err = env.set("REGION", "us")
    io.print(tostring(ok), err:kind())
    ok, err = env.set("NOPE", "1")
    io.print(tostring(ok), err:kind())
    ok, err = env.set("LOG_LEVEL", {})
    io.print(tostring(ok), err:kind())
    io.print(env.set("LOG_LEVEL", 42), env.get("LOG_LEVEL"))
  `);
  assert.equal(out, [
    'true\tdebug', 'true\tnew', 'nil\tPermissionDenied\t1.0.0', 'nil\tPermissionDenied',
    'nil\tPermissionDenied\t8080', 'nil\tPermissionDenied', 'nil\tNotFound', 'nil\tInvalid', 'true\t42', '',
  ].join('\n'));
});

test('env.storage.file: auto_create, write-back keeps comments and order, file_mode', async () => {
  const { out, root: path } = await runEnv(`
    io.print(env.set("APP_NAME", "New Name"))
    io.print(env.set("API_KEY", "sk-1 # not a comment"))
    io.print(env.get("APP_NAME"), env.get("API_KEY"))
  `, '# settings\nAPP_NAME=Old\n\n# end\n');
  assert.equal(out, 'true\ntrue\nNew Name\tsk-1 # not a comment\n');
  const text = readFileSync(path, 'utf8');
  assert.equal(text, '# settings\nAPP_NAME=New Name\n\n# end\nAPI_KEY="sk-1 # not a comment"\n');
  assert.equal(parseDotenv(text).get('API_KEY'), 'sk-1 # not a comment');

  // a missing file is created at boot with the configured mode
  const { root: created } = await runEnv(`io.print(env.set("APP_NAME", "x"))`);
  assert.ok(existsSync(created));
  assert.equal(readFileSync(created, 'utf8'), 'APP_NAME=x\n');
  if (process.platform !== 'win32') assert.equal(statSync(created).mode & 0o777, 0o600);
});

test('env.storage.file: changes on disk are seen by the next read', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-env-'));
  const s = new FileStorage('app:f', join(dir, 'x.env'), { autoCreate: true, fileMode: 0o644, dirMode: 0o755 });
  assert.equal(s.get('A'), undefined);
  assert.equal(s.set('A', '1'), undefined);
  assert.equal(s.get('A'), '1');
  const again = new FileStorage('app:g', join(dir, 'x.env'), { autoCreate: false, fileMode: 0o644, dirMode: 0o755 });
  assert.equal(again.get('A'), '1');
  const none = new FileStorage('app:h', join(dir, 'none.env'), { autoCreate: false, fileMode: 0o644, dirMode: 0o755 });
  assert.equal(none.get('A'), undefined);
  assert.equal(none.set('A', '1')?.kind, 'NotFound');
});

test('env.get_all: public variables that have a value', async () => {
  const { out } = await runEnv(`
    env.set("LOG_LEVEL", "debug")
    local all = env.get_all()
    local keys = {}
    for k, v in pairs(all) do keys[#keys + 1] = k .. "=" .. v end
    table.sort(keys)
    io.print(table.concat(keys, ","))
  `, 'APP_NAME=Demo\n');
  assert.equal(out, 'APP_NAME=Demo,APP_VERSION=1.0.0,LOG_LEVEL=debug,PORT=8080,REGION=eu-west\n');
});

test('env: a function.lua entry reads variables too', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + STORAGES + luaEntry('main', 'main.lua', ['io', 'funcs']) + `  - name: greet
    kind: function.lua
    source: file://greet.lua
    method: call
    modules: [env]
`,
    'src/main.lua': `local function main() io.print(funcs.call("app:greet", "Ann")) end\nreturn { main = main }\n`,
    'src/greet.lua': `local function call(n) return "Hello " .. n .. " from " .. (env.get("APP_NAME") or "?") end\nreturn { call = call }\n`,
    'config/app.env': 'APP_NAME=Demo\n',
  });
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined);
  assert.equal(t.output(), 'Hello Ann from Demo\n');
});

test('dotenv parsing: comments, export, quotes, escapes, inline comments', () => {
  const m = parseDotenv([
    '# comment', '', 'A=1', 'export B=two words', "C='single # kept'", 'D="line\\nbreak \\"q\\""',
    'E=value # comment', 'F=', '  G = spaced  ', 'not a line', 'H="multi', 'line"', 'A=last',
  ].join('\r\n'));
  assert.deepEqual(Object.fromEntries(m), {
    A: 'last', B: 'two words', C: 'single # kept', D: 'line\nbreak "q"', E: 'value', F: '', G: 'spaced', H: 'multi\nline',
  });
  for (const v of ['plain', 'two words', ' lead', 'a # b', '"q"', 'x\ny', 'back\\slash', '']) {
    assert.equal(parseDotenv(`K=${formatValue(v)}\n`).get('K'), v, v);
  }
});

test('file modes: YAML 1.1 octal, YAML 1.2 decimal digits, strings', () => {
  assert.equal(fileMode(0o600, 0o644), 0o600);
  assert.equal(fileMode(600, 0o644), 0o600);
  assert.equal(fileMode('0600', 0o644), 0o600);
  assert.equal(fileMode('0o755', 0o644), 0o755);
  assert.equal(fileMode(undefined, 0o644), 0o644);
});

test('env.get / env.set: a name that is neither a valid public name nor an entry id is INVALID', async () => {
  const { out } = await runEnv(`
    local v, err = env.get("LOG-LEVEL")
    io.print(tostring(v), err:kind())
    local ok, serr = env.set("a b", "x")
    io.print(tostring(ok), serr:kind())
    io.print(env.get("app:secret"), env.get("LOG_LEVEL"))
  `);
  assert.equal(out, 'nil\tInvalid\nnil\tInvalid\ns3cr3t\tinfo\n');
});

test('env entries follow the registry: new and changed variables and storages apply without restart; memory values survive', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + STORAGES + luaEntry('main', 'main.lua', ['io', 'env', 'registry']),
    'src/main.lua': `return { main = function()
      env.set("app:secret", "kept")
      io.print(env.get("REGION"), tostring(env.get("FEATURE")))
      local fixed = registry.get("app:fixed")
      fixed.data.values = { REGION = "ap-south" }
      local v, err = registry.snapshot():changes():update(fixed)
        :create({ id = "app:feature", kind = "env.variable", data = { variable = "FEATURE", storage = "fixed", default = "on" } })
        :apply()
      io.print(v ~= nil, err)
      io.print(env.get("REGION"), env.get("FEATURE"), env.get("app:secret"))
    end }`,
  });
  const res = await t.exec('app:main');
  await t.stop();
  assert.equal(res.error, undefined, String(res.error));
  assert.equal(t.output(), 'eu-west\tnil\ntrue\tnil\nap-south\ton\tkept\n');
});

test('bad env entries stop the boot with file, line and entry; a duplicate public name is refused at run time too', async () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + `  - name: mem
    kind: env.storage.memory
  - name: nofile
    kind: env.storage.file
  - name: emptyrouter
    kind: env.storage.router
    storages: []
  - name: a
    kind: env.variable
    variable: API-KEY
    storage: mem
  - name: b
    kind: env.variable
    variable: TOKEN
    storage: mem
  - name: c
    kind: env.variable
    variable: TOKEN
    storage: mem
    readonly: "yes"
`,
  });
  let problems: string[] = [];
  try {
    loadApp(root);
  } catch (e) {
    problems = (e as BootError).problems;
  }
  assert.equal(problems.length, 5, problems.join('\n'));
  assert.match(problems[0], /_index\.yaml:12.*app:nofile.*needs 'file_path'/);
  assert.match(problems[1], /_index\.yaml:14.*app:emptyrouter.*needs 'storages'/);
  assert.match(problems[2], /_index\.yaml:17.*app:a.*"API-KEY" is not a valid name/);
  assert.match(problems[3], /_index\.yaml:25.*app:c.*'readonly' must be true or false/);
  assert.match(problems[4], /_index\.yaml:25.*app:c.*TOKEN is already used by app:b/);

  const t = await bootApp({ 'src/_index.yaml': HOSTS + STORAGES });
  try {
    const r = t.app.live.applyCode([{ op: 'create', entry: { id: 'app:dup', kind: 'env.variable', data: { variable: 'PORT', storage: 'mem' } } }]);
    assert.equal(r.ok, false);
    assert.match(JSON.stringify(r), /PORT is already used by app:port/);
    assert.equal(t.app.registry.get('app:dup'), undefined);
  } finally {
    await t.stop();
  }
});
