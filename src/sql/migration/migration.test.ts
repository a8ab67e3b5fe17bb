// Migrations (the framework's DSL and `_migrations` ledger) applied when a database's
// service starts: order, once-only, rollback of a failed migration, `down`, PostgreSQL.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startApp } from '../../system/boot.js';
import { createLog } from '../../system/log.js';
import { writeApp, HOSTS, luaEntry } from '../../system/testing.js';
import { startPostgres, type PostgresServer } from '../../system/testing-postgres.js';

let pg: PostgresServer;
before(async () => { pg = await startPostgres(); });
after(() => pg?.stop());

function migrationEntry(name: string, ts: string, db = 'app:db'): string {
  return `  - name: ${name}
    kind: function.lua
    meta: { type: migration, target_db: ${db}, timestamp: "${ts}" }
    source: file://${name}.lua
    method: migrate
    modules: [migration]
`;
}

const M1 = `return require("migration").define(function()
  migration("users table", function()
    database("sqlite", function()
      up(function(db) assert(db:execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")) end)
      down(function(db) db:execute("DROP TABLE users") end)
    end)
    database("postgres", function()
      -- a script of two statements (PostgreSQL runs it without binds, in the simple protocol)
      up(function(db) assert(db:execute("CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT); CREATE INDEX users_name ON users (name)")) end)
      down(function(db) db:execute("DROP TABLE users") end)
    end)
  end)
end)`;

// runs second (later timestamp, although its name sorts first): needs the users table
const M2 = `return require("migration").define(function()
  migration("seed admin", function()
    database("sqlite", function()
      up(function(db) assert(db:execute("INSERT INTO users (name) VALUES (?)", {"admin"})) end)
      after(function(db) assert(db:execute("UPDATE users SET name = name || '!'")) end)
    end)
    database("postgres", function()
      up(function(db) assert(db:execute("INSERT INTO users (name) VALUES (?)", {"admin"})) end)
      after(function(db) assert(db:execute("UPDATE users SET name = name || '!'")) end)
    end)
  end)
end)`;

async function boot(root: string) {
  const app = await startApp(root, createLog({ silent: true }));
  return app;
}

test('sqlite: migrations run at boot in timestamp order, once; a failing one rolls back and fails the database', async () => {
  const files = {
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ./app.db
    lifecycle: { auto_start: true, restart: { max_attempts: 1, initial_delay: 10ms } }
` + migrationEntry('a_seed', '2026-02-01T00:00:00Z') + migrationEntry('b_users', '2026-01-01T00:00:00Z'),
    'src/a_seed.lua': M2,
    'src/b_users.lua': M1,
  };
  const root = writeApp(files);
  const one = await boot(root);
  assert.equal(one.supervisor.states().find((s) => s.id === 'app:db')?.status, 'Running');
  await one.supervisor.stopAll();
  // second boot: nothing applied twice (the seed would add a second admin)
  const two = await boot(root);
  await two.supervisor.stopAll();
  const file = new Database(join(root, 'app.db'), { readonly: true });
  assert.deepEqual(file.prepare('SELECT name FROM users').all(), [{ name: 'admin!' }]);
  assert.deepEqual(file.prepare('SELECT id, description FROM _migrations ORDER BY applied_at, id').all().map((r) => (r as { id: string }).id).sort(),
    ['app:a_seed', 'app:b_users']);
  file.close();

  // a broken migration: its statements roll back, the database service fails
  const { writeFileSync, readFileSync } = await import('node:fs');
  writeFileSync(join(root, 'src/c_broken.lua'), `return require("migration").define(function()
    migration("half done", function()
      database("sqlite", function()
        up(function(db)
          assert(db:execute("CREATE TABLE half (x INTEGER)"))
          assert(db:execute("THIS IS NOT SQL"))
        end)
      end)
    end)
  end)`);
  writeFileSync(join(root, 'src/_index.yaml'), readFileSync(join(root, 'src/_index.yaml'), 'utf8') + migrationEntry('c_broken', '2026-03-01T00:00:00Z'));
  const three = await boot(root);
  assert.equal(three.supervisor.states().find((s) => s.id === 'app:db')?.status, 'Failed');
  await three.supervisor.stopAll();
  const f2 = new Database(join(root, 'app.db'), { readonly: true });
  assert.equal((f2.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'half'").get() as { n: number }).n, 0);
  assert.equal((f2.prepare("SELECT COUNT(*) AS n FROM _migrations WHERE id = 'app:c_broken'").get() as { n: number }).n, 0);
  f2.close();
});

test('postgres: migrations apply at boot; calling one with direction "down" reverts it and its record', async () => {
  const url = pg.createDatabase('migrations');
  const root = writeApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.postgres
    dsn: "${url}"
    lifecycle: { auto_start: true }
` + migrationEntry('users', '2026-01-01T00:00:00Z') + migrationEntry('seed', '2026-01-02T00:00:00Z')
      + luaEntry('check', 'check.lua', ['io', 'sql', 'funcs']),
    'src/users.lua': M1,
    'src/seed.lua': M2,
    'src/check.lua': `return { main = function()
      local db = sql.get("app:db")
      io.print(db:query("SELECT name FROM users")[1].name)
      io.print(#db:query("SELECT id FROM _migrations"))
      db:execute("DELETE FROM users")
      local r = funcs.call("app:users", {database_id = "app:db", direction = "down", id = "app:users"})
      io.print(r.status, r.applied, r.migrations[1].status)
      local _, err = db:query("SELECT * FROM users")
      io.print(err ~= nil, #db:query("SELECT id FROM _migrations"))
    end }`,
  });
  const app = await boot(root);
  let out = '';
  app.runtime.terminal = { out: (s) => { out += s; }, err: (s) => { out += s; }, args: [] };
  try {
    const p = app.runtime.spawn(undefined, 'app:check', 'app:terminal', [], {});
    if ('kind' in p) throw new Error(p.message);
    const r = await new Promise<{ error?: unknown }>((res) => p.onExit(res));
    assert.equal(r.error, undefined, out);
    assert.equal(out, 'admin!\n2\nsuccess\t1\treverted\ntrue\t1\n');
  } finally {
    await app.supervisor.stopAll();
  }
});
