// The sql module on a real PostgreSQL server started by the test: the same conformance
// script as SQLite, connection settings through ${env:...} placeholders, concurrent
// transactions on the pool, and a pool swapped live when the entry changes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import { startPostgres, type PostgresServer } from '../system/testing-postgres.js';

const conformance = readFileSync(join(process.cwd(), 'src/sql/testdata/conformance.lua'), 'latin1');
// every check in the script reports once, except last_insert_id (SQLite only)
const CHECKS = (conformance.match(/\bcheck\("/g) ?? []).length - 1;

let pg: PostgresServer;
before(async () => { pg = await startPostgres(); });
after(() => pg?.stop());

/** A db.sql.postgres entry whose port and database come from env variables. */
function dbEntries(name: string, database: string): string {
  return `  - name: pgenv
    kind: env.storage.static
    values: { PG_PORT: "${pg.port}", PG_DB: "${database}" }
  - name: pg_port
    kind: env.variable
    variable: PG_PORT
    storage: pgenv
  - name: pg_db
    kind: env.variable
    variable: PG_DB
    storage: pgenv
  - name: ${name}
    kind: db.sql.postgres
    host: 127.0.0.1
    port: "\${env:PG_PORT|5432}"
    database: "\${env:PG_DB}"
    username: postgres
    password: ""
    pool: { max_open: 5, max_idle: 2, max_lifetime: 1h }
    options: { application_name: wippy-test, sslmode: disable }
    lifecycle: { auto_start: true }
`;
}

test('postgres: queries, types, injection, errors, transactions, builder (placeholders in the entry)', async () => {
  pg.createDatabase('conformance');
  const t = await bootApp({
    'src/_index.yaml': HOSTS + dbEntries('db', 'conformance') + luaEntry('check', 'check.lua', ['io', 'sql']),
    'src/check.lua': conformance,
  });
  try {
    const r = await t.exec('app:check', 'app:db');
    const out = t.output();
    assert.equal(r.error, undefined, out);
    assert.deepEqual(out.split('\n').filter((l) => l.startsWith('FAIL')), []);
    assert.equal((out.match(/^ok /gm) ?? []).length, CHECKS, out);
    assert.match(out, /\ndone\n$/);
  } finally {
    await t.stop();
  }
});

test('postgres: concurrent processes each get their own pooled transaction; the registry keeps the raw placeholder', async () => {
  pg.createDatabase('concurrent');
  const t = await bootApp({
    'src/_index.yaml': HOSTS + dbEntries('db', 'concurrent') + luaEntry('main', 'main.lua', ['io', 'sql', 'registry', 'time']) + luaEntry('worker', 'worker.lua', ['sql', 'time']),
    'src/main.lua': `return { main = function()
      local db = sql.get("app:db")
      db:execute("CREATE TABLE hits (worker INT, n INT)")
      for i = 1, 8 do process.spawn("app:worker", "app:processes", i) end
      for _ = 1, 100 do
        local r = db:query("SELECT COUNT(*) AS c FROM hits")
        if r[1].c == 40 then break end
        time.sleep("20ms")
      end
      local r = db:query("SELECT COUNT(DISTINCT worker) AS w, COUNT(*) AS c FROM hits")
      io.print(r[1].w, r[1].c)
      io.print(registry.get("app:db").data.database)
    end }`,
    'src/worker.lua': `return { main = function(i)
      local db = sql.get("app:db")
      local tx = db:begin()
      for n = 1, 5 do
        tx:execute("INSERT INTO hits VALUES (?, ?)", {i, n})
        time.sleep("5ms")
      end
      tx:commit()
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), '8\t40\n${env:PG_DB}\n');
  } finally {
    await t.stop();
  }
});

test('postgres: an unreachable server gives UNAVAILABLE, not a crash', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: down
    kind: db.sql.postgres
    host: 127.0.0.1
    port: 1
    database: nothing
    username: postgres
    options: { connect_timeout: "2" }
` + luaEntry('main', 'main.lua', ['io', 'sql']),
    'src/main.lua': `return { main = function()
      local db = sql.get("app:down")
      local _, err = db:query("SELECT 1")
      io.print(err:kind(), err:retryable())
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), 'Unavailable\ttrue\n');
  } finally {
    await t.stop();
  }
});

test('postgres: a changed entry moves its users to a new pool without a restart', async () => {
  pg.createDatabase('first');
  pg.createDatabase('second');
  const t = await bootApp({
    'src/_index.yaml': HOSTS + dbEntries('db', 'first') + luaEntry('main', 'main.lua', ['io', 'sql', 'registry']),
    'src/main.lua': `return { main = function()
      local db = sql.get("app:db")
      io.print(db:query("SELECT current_database() AS d")[1].d)
      local tx = db:begin()
      local e = registry.get("app:db")
      local data = e.data
      data.database = "second"
      local c = registry.snapshot():changes()
      c:update({ id = "app:db", kind = e.kind, meta = e.meta, data = data })
      assert(c:apply())
      -- the transaction finishes on the connection it began on
      io.print(tx:query("SELECT current_database() AS d")[1].d)
      tx:commit()
      io.print(db:query("SELECT current_database() AS d")[1].d)
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), 'first\nfirst\nsecond\n');
  } finally {
    await t.stop();
  }
});
