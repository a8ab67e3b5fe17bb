// Token stores on a store.sql entry backed by PostgreSQL, over real HTTP: the tokens live in
// the store's own table (not in a file of the token store), Lua creates and revokes them, and
// token_auth validates them although the store answers asynchronously.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { bootHttpApp, httpHead, endpoint } from '../http/testing.js';
import { startPostgres, type PostgresServer } from '../system/testing-postgres.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

let server: PostgresServer;
before(async () => { server = await startPostgres(); });
after(() => server?.stop());

const ROUTER = `    middleware: [token_auth]
    options: { "token_auth.store": "app:tokens" }
    post_middleware: [endpoint_firewall]
  - name: pub
    kind: http.router
    meta: { server: gateway }
    prefix: /pub
`;

/** A handler on the router without firewall (no token needed to log in or out). */
const open = (name: string, path: string) => endpoint(name, 'POST', path, `${name}.lua`, ['http', 'security'])
  .replace('meta: { router: api }', 'meta: { router: pub }');

const LOGIN = `local http = require("http")
local security = require("security")
return { handler = function()
  local store = security.token_store("app:tokens")
  local token, err = store:create(security.new_actor("user:7"), security.named_scope("app:readers"), { expiration = "2h" })
  http.response():write_json({ token = token, err = err and tostring(err) or "" })
end }`;

const LOGOUT = `local http = require("http")
local security = require("security")
return { handler = function()
  local token = http.request():query("token")
  local ok, err = security.token_store("app:tokens"):revoke(token)
  local a, s, verr = security.token_store("app:tokens"):validate(token)
  http.response():write_json({ revoked = ok, err = err and tostring(err) or "", after = verr and verr:kind() or "valid" })
end }`;

const WHOAMI = `local http = require("http")
local security = require("security")
return { handler = function()
  local a = security.actor()
  http.response():write_json({ actor = a and a:id() or "none" })
end }`;

test('a token store on a PostgreSQL store.sql entry: tokens in its table, token_auth validates them, revoke removes them', async () => {
  const url = server.createDatabase('tokens');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE TABLE auth_kv (k VARCHAR(255) PRIMARY KEY, v BYTEA, exp BIGINT)');
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', ROUTER) + `  - name: readers
    kind: security.policy
    policy: { actions: access, resources: "app:doc.endpoint", effect: allow }
    groups: [readers]
  - name: db
    kind: db.sql.postgres
    dsn: "${url}"
  - name: kv
    kind: store.sql
    database: db
    table_name: auth_kv
    id_column_name: k
    payload_column_name: v
    expire_column_name: exp
  - name: tokens
    kind: security.token_store
    store: kv
    token_key: "pg-signing-key"
` + open('login', '/login') + open('logout', '/logout')
      + endpoint('doc', 'GET', '/doc', 'whoami.lua', ['http', 'security']),
    'src/login.lua': LOGIN,
    'src/logout.lua': LOGOUT,
    'src/whoami.lua': WHOAMI,
  });
  try {
    const base = t.url();
    const login = await (await fetch(base + '/pub/login', { method: 'POST' })).json() as { token: string; err: string };
    assert.equal(login.err, '');
    assert.match(login.token, /^[\w-]+\.[\w-]+$/);

    const rows = await client.query('SELECT k, exp FROM auth_kv');
    assert.equal(rows.rows.length, 1);
    assert.match(rows.rows[0].k, /^token:[0-9a-f]{64}$/);
    assert.ok(Math.abs(Number(rows.rows[0].exp) - (Date.now() / 1000 + 7200)) < 60, 'the row expires with the token (2h)');
    assert.equal(existsSync(join(t.app.runtime.root!, '.wippy', 'tokens.db')), false);

    const me = await fetch(base + '/doc', { headers: { authorization: `Bearer ${login.token}` } });
    assert.equal(me.status, 200);
    assert.deepEqual(await me.json(), { actor: 'user:7' });
    assert.equal((await fetch(base + '/doc', { headers: { authorization: 'Bearer nope.nope' } })).status, 401);

    const out = await (await fetch(`${base}/pub/logout?token=${encodeURIComponent(login.token)}`, { method: 'POST' })).json();
    assert.deepEqual(out, { revoked: true, err: '', after: 'Internal' });
    assert.equal((await client.query('SELECT k FROM auth_kv')).rows.length, 0);
    assert.equal((await fetch(base + '/doc', { headers: { authorization: `Bearer ${login.token}` } })).status, 401);
  } finally {
    await t.stop();
    await client.end();
  }
});
