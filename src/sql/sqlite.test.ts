// The sql module on real SQLite databases (a file and :memory:), through a booted app.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';

const conformance = readFileSync(join(process.cwd(), 'src/sql/testdata/conformance.lua'), 'latin1');

/** every check in the script reports once */
const CHECKS = (conformance.match(/\bcheck\("/g) ?? []).length;

function failures(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('FAIL'));
}

for (const file of [':memory:', './data/app.db']) {
  test(`sqlite (${file}): queries, types, injection, errors, transactions, builder`, async () => {
    const t = await bootApp({
      'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: "${file}"
    lifecycle: { auto_start: true }
` + luaEntry('check', 'check.lua', ['io', 'sql']),
      'src/check.lua': conformance,
    });
    try {
      const r = await t.exec('app:check', 'app:db');
      assert.equal(r.error, undefined, t.output() + String((r.error as any)?.data?.message));
      const out = t.output();
      assert.deepEqual(failures(out), []);
      assert.match(out, /\ndone\n$/);
      assert.equal((out.match(/^ok /gm) ?? []).length, CHECKS, out);
      if (file !== ':memory:') assert.ok(existsSync(join(t.app.runtime.root!, 'data/app.db')));
    } finally {
      await t.stop();
    }
  });
}

test('sqlite: a transaction holds the one connection; other processes wait, then see the commit', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ":memory:"
` + luaEntry('writer', 'writer.lua', ['io', 'sql', 'time']) + luaEntry('reader', 'reader.lua', ['io', 'sql']),
    'src/writer.lua': `return { main = function()
      local db = sql.get("app:db")
      db:execute("CREATE TABLE n (v INTEGER)")
      local tx = db:begin()
      tx:execute("INSERT INTO n VALUES (?)", {1})
      process.spawn("app:reader", "app:terminal")
      time.sleep("50ms")
      io.print("commit")
      tx:commit()
      time.sleep("50ms")
    end }`,
    'src/reader.lua': `return { main = function()
      local rows = sql.get("app:db"):query("SELECT COUNT(*) AS c FROM n")
      io.print("reader sees " .. rows[1].c)
    end }`,
  });
  try {
    const r = await t.exec('app:writer');
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(t.output(), 'commit\nreader sees 1\n');
  } finally {
    await t.stop();
  }
});

test('sqlite: an open transaction is rolled back when its process ends', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ":memory:"
` + luaEntry('leaky', 'leaky.lua', ['io', 'sql']) + luaEntry('count', 'count.lua', ['io', 'sql']),
    'src/leaky.lua': `return { main = function()
      local db = sql.get("app:db")
      db:execute("CREATE TABLE n (v INTEGER)")
      local tx = db:begin()
      tx:execute("INSERT INTO n VALUES (1)")
      error("crash with the transaction open")
    end }`,
    'src/count.lua': `return { main = function()
      io.print(sql.get("app:db"):query("SELECT COUNT(*) AS c FROM n")[1].c)
    end }`,
  });
  try {
    const r = await t.exec('app:leaky');
    assert.notEqual(r.error, undefined);
    await t.exec('app:count');
    assert.equal(t.output(), '0\n');
  } finally {
    await t.stop();
  }
});

test('sqlite: a changed db.sql.sqlite entry gives handles already held the new database', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ./one.db
    lifecycle: { auto_start: true }
` + luaEntry('user', 'user.lua', ['io', 'sql', 'registry']),
    'src/user.lua': `return { main = function()
      local db = sql.get("app:db")
      db:execute("CREATE TABLE marker (name TEXT)")
      db:execute("INSERT INTO marker VALUES ('one')")
      local e = registry.get("app:db")
      local s = registry.snapshot()
      local c = s:changes()
      c:update({ id = "app:db", kind = "db.sql.sqlite", meta = e.meta, data = { file = "./two.db" } })
      local ok, err = c:apply()
      if not ok then io.print("apply failed: " .. tostring(err)) return end
      local _, qerr = db:query("SELECT * FROM marker")
      io.print("new database, no marker table: " .. tostring(qerr ~= nil))
    end }`,
  });
  try {
    const r = await t.exec('app:user');
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(t.output(), 'new database, no marker table: true\n');
    assert.ok(existsSync(join(t.app.runtime.root!, 'two.db')));
  } finally {
    await t.stop();
  }
});

test('sqlite: a changed env value behind a placeholder swaps the database for its users', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: mem
    kind: env.storage.memory
  - name: db_file
    kind: env.variable
    variable: DB_FILE
    storage: mem
    default: ./a.db
  - name: db
    kind: db.sql.sqlite
    file: "\${env:DB_FILE}"
` + luaEntry('user', 'user.lua', ['io', 'sql', 'env']),
    'src/user.lua': `return { main = function()
      local db = sql.get("app:db")
      db:execute("CREATE TABLE marker (name TEXT)")
      env.set("DB_FILE", "./b.db")
      local _, err = db:query("SELECT * FROM marker")
      io.print("b.db has no marker: " .. tostring(err ~= nil))
      env.set("DB_FILE", "./a.db")
      local rows = db:query("SELECT COUNT(*) AS n FROM marker")
      io.print("back on a.db: " .. tostring(rows ~= nil))
    end }`,
  });
  try {
    const r = await t.exec('app:user');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), 'b.db has no marker: true\nback on a.db: true\n');
    assert.ok(existsSync(join(t.app.runtime.root!, 'b.db')));
  } finally {
    await t.stop();
  }
});
