// The store module on real backends: store.memory, store.sql on SQLite and on a PostgreSQL
// server started by the test; max_size on the memory store.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import { startPostgres, type PostgresServer } from '../system/testing-postgres.js';

const conformance = readFileSync(join(process.cwd(), 'src/store/testdata/conformance.lua'), 'latin1');
const checks = (conditional: boolean) => {
  const [head, tail] = conformance.split('if info.conditional_put then');
  const [yes, rest] = tail.split('  else');
  const [no, after] = rest.split('  end\n');
  const count = (s: string) => (s.match(/\bcheck\("/g) ?? []).length;
  return count(head) + count(conditional ? yes : no) + count(after);
};

let pg: PostgresServer;
before(async () => { pg = await startPostgres(); });
after(() => pg?.stop());

async function run(entries: string, id: string, conditional: boolean, setup?: string): Promise<void> {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + entries + luaEntry('check', 'check.lua', ['io', 'store', 'time']) +
      (setup ? luaEntry('setup', 'setup.lua', ['sql']) : ''),
    'src/check.lua': conformance,
    ...(setup ? { 'src/setup.lua': setup } : {}),
  });
  try {
    if (setup) assert.equal((await t.exec('app:setup')).error, undefined);
    const r = await t.exec('app:check', id);
    const out = t.output();
    assert.equal(r.error, undefined, out);
    assert.deepEqual(out.split('\n').filter((l) => l.startsWith('FAIL')), []);
    assert.equal((out.match(/^ok /gm) ?? []).length, checks(conditional), out);
    assert.match(out, /\ndone\n$/);
  } finally {
    await t.stop();
  }
}

const TABLE = (blob: string) => `return { main = function()
  local db = sql.get("app:db")
  assert(db:execute("CREATE TABLE kv (k VARCHAR(255) PRIMARY KEY, payload ${blob}, expires BIGINT)"))
end }`;

test('store.memory: values, TTL, list, conditional puts', async () => {
  await run(`  - name: cache
    kind: store.memory
    max_size: 100
    cleanup_interval: 100ms
`, 'app:cache', true);
});

test('store.sql on SQLite: values, TTL, list; no conditional puts', async () => {
  await run(`  - name: db
    kind: db.sql.sqlite
    file: ":memory:"
  - name: kv
    kind: store.sql
    database: db
    table_name: kv
    id_column_name: k
    payload_column_name: payload
    expire_column_name: expires
    cleanup_interval: 1s
`, 'app:kv', false, TABLE('BLOB'));
});

test('store.sql on PostgreSQL: values, TTL, list; no conditional puts', async () => {
  const url = pg.createDatabase('store');
  await run(`  - name: db
    kind: db.sql.postgres
    dsn: "${url}"
  - name: kv
    kind: store.sql
    database: app:db
    table_name: kv
    id_column_name: k
    payload_column_name: payload
    expire_column_name: expires
`, 'app:kv', false, TABLE('BYTEA'));
});

test('store.memory: a full store refuses new keys but updates existing ones; a bad store.sql name from a placeholder is refused', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: small
    kind: store.memory
    max_size: 2
  - name: db
    kind: db.sql.sqlite
    file: ":memory:"
  - name: evil
    kind: store.sql
    database: db
    table_name: "\${env:KV_TABLE|kv; DROP TABLE x}"
` + luaEntry('main', 'main.lua', ['io', 'store']),
    'src/main.lua': `return { main = function()
      local s = store.get("app:small")
      s:set("a", 1) s:set("b", 2)
      local ok, err = s:set("c", 3)
      io.print(ok, err and err:kind())
      io.print(s:set("a", 10), s:get("a"))
      local _, e2 = store.get("app:evil")
      io.print(e2:kind(), e2:message():find("not a valid SQL identifier") ~= nil)
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), 'nil\tInvalid\ntrue\t10\nInvalid\ttrue\n');
  } finally {
    await t.stop();
  }
});
