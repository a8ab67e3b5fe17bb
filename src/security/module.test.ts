// The Lua `security` module (services.md §7.5): actors, scopes and policies from Lua, the
// current context, the module's own permission checks, and token stores.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS } from '../system/testing.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const POLICIES = `
  - name: readers
    kind: security.policy
    policy: { actions: "*.read", resources: "doc:*", effect: allow }
    groups: [users]
  - name: owner
    kind: security.policy
    policy:
      actions: [doc.write]
      resources: "doc:*"
      effect: allow
      conditions: [{ field: meta.owner, operator: eq, value_from: actor.id }]
    groups: [users]
  - name: no_secrets
    kind: security.policy.expr
    policy: { actions: "*", resources: "*", effect: deny, expression: 'resource contains "secret" && actor.meta.role != "admin"' }
    groups: [users]
  - name: spawn_all
    kind: security.policy
    policy: { actions: ["process.*", "security.*"], resources: "*", effect: allow }
    groups: [users]
  - name: kv
    kind: store.memory
  - name: tokens
    kind: security.token_store
    store: kv
    token_key: "test-signing-key"
    default_expiration: 1h
  - name: db
    kind: db.sql.sqlite
    file: data.db
  - name: durable_kv
    kind: store.sql
    database: db
    table_name: kv
  - name: durable_tokens
    kind: security.token_store
    store: durable_kv
`;

// What code running as a user does, by task name.
const USER = `
local tasks = {}
function tasks.inspect()
  local a = security.actor()
  io.print(a:id(), security.scope():contains("app:owner"))
  io.print(security.can("doc.read", "doc:1"), security.can("doc.read", "doc:secret"),
    security.can("doc.write", "doc:1", { owner = "user:1" }), security.can("doc.write", "doc:1"))
  local p, err = security.policy("app:readers")
  io.print(p ~= nil, err)
end
function tasks.limited()
  local p, err = security.policy("app:readers")
  io.print(p, err:kind())
  local a, aerr = security.new_actor("x")
  io.print(a, aerr:kind())
  local ts, terr = security.token_store("app:tokens")
  io.print(ts, terr:kind())
end
return { main = function(task) tasks[task]() end }`;

async function run(main: string, extra = ''): Promise<string> {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + POLICIES + `
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, security, time]
  - name: as_user
    kind: process.lua
    source: file://user.lua
    method: main
    modules: [io, security, time]
` + extra,
    'src/main.lua': `return { main = function(...)\n${main}\nend }`,
    'src/user.lua': USER,
  });
  try {
    const r = await t.exec('app:main');
    if (r.error !== undefined) throw new Error(`process failed: ${String((r.error as { data?: { message?: string } }).data?.message ?? r.error)}`);
    return t.output();
  } finally {
    await t.stop();
  }
}

test('actors, policies and scopes from Lua evaluate as declared', async () => {
  const out = await run(`
    local u = security.new_actor("user:1", { role = "user", tags = { "a" } })
    io.print(u:id(), u:meta().role, u:meta().tags[1], tostring(u))
    local owner = security.policy("app:owner")
    io.print(owner:id(), owner:evaluate(u, "doc.write", "doc:1", { owner = "user:1" }), owner:evaluate(u, "doc.write", "doc:1", { owner = "x" }))
    local s = security.named_scope("app:users")
    local ids = {}
    for _, p in ipairs(s:policies()) do ids[#ids + 1] = p:id() end
    table.sort(ids)
    io.print(table.concat(ids, ","))
    io.print(s:evaluate(u, "doc.read", "doc:1"), s:evaluate(u, "doc.read", "doc:secret"), s:evaluate(u, "doc.delete", "doc:1"))
    local admin = security.new_actor("user:0", { role = "admin" })
    io.print(s:evaluate(admin, "doc.read", "doc:secret"))
    local narrow = s:without("app:readers")
    io.print(narrow:contains("app:readers"), s:contains("app:readers"), narrow:evaluate(u, "doc.read", "doc:1"))
    local custom = security.new_scope({ owner }):with(security.policy("app:readers"))
    io.print(#custom:policies(), custom:evaluate(u, "doc.read", "doc:2"))
    local p, err = security.policy("app:nope")
    io.print(p, err:kind())
    local g, gerr = security.named_scope("app:nobody")
    io.print(g, gerr:kind())
    io.print(security.actor(), security.scope(), security.can("anything", "anywhere"))
  `);
  assert.equal(out, [
    'user:1\tuser\ta\tActor(user:1)',
    'app:owner\tallow\tundefined',
    'app:no_secrets,app:owner,app:readers,app:spawn_all',
    'allow\tdeny\tundefined',
    'allow',
    'false\ttrue\tundefined',
    '2\tallow',
    'nil\tInternal',
    'nil\tInternal',
    'nil\tnil\ttrue',
    '',
  ].join('\n'));
});

test('code running as an actor sees its identity, and can() and the module itself answer by its scope', async () => {
  const out = await run(`
    local u = security.new_actor("user:1", { role = "user" })
    local s = security.named_scope("app:users")
    process.with_context({}):with_actor(u):with_scope(s):exec("app:as_user", "app:terminal", "inspect")
    -- the same scope without the security.* allowance: the module's own checks refuse (kind INVALID)
    local limited = s:without("app:spawn_all")
    process.with_context({}):with_actor(u):with_scope(limited):exec("app:as_user", "app:terminal", "limited")
  `);
  assert.equal(out, [
    'user:1\ttrue',
    'true\tfalse\ttrue\tfalse',
    'true\tnil',
    'nil\tInvalid',
    'nil\tInvalid',
    'nil\tInvalid',
    '',
  ].join('\n'));
});

test('token stores create, validate and revoke tokens that stand for an actor and a scope', async () => {
  const out = await run(`
    local store, err = security.token_store("app:tokens")
    assert(store, tostring(err))
    local u = security.new_actor("user:7", { role = "user" })
    local token = store:create(u, security.named_scope("app:users"), { expiration = "1h", meta = { device = "cli" } })
    io.print(type(token), token:match("^[%w_-]+%.[%w_-]+$") ~= nil)
    local a, s, verr = store:validate(token)
    io.print(a:id(), a:meta().role, s:contains("app:owner"), s:evaluate(a, "doc.read", "doc:1"), verr)
    -- a forged signature or a changed token does not validate
    local forged = token:gsub("%.(.*)$", ".AAAA")
    local fa, fs, ferr = store:validate(forged)
    io.print(fa, fs, ferr:kind())
    io.print(store:revoke(token), store:revoke(token))
    local ra, rs, rerr = store:validate(token)
    io.print(ra, rerr:kind(), rerr:message())
    -- expiry
    local short = store:create(u, security.new_scope(), { expiration = 1000 })
    io.print(store:validate(short) ~= nil)
    time.sleep("1100ms")
    local ea, es, eerr = store:validate(short)
    io.print(ea, eerr:message())
    local bad, berr = store:create(u, security.new_scope(), { expiration = "soon" })
    io.print(bad, berr:kind())
    local _, nerr = security.token_store("")
    local _, merr = security.token_store("app:missing")
    io.print(nerr:kind(), merr:kind())
    store:close()
    local c, cerr = store:create(u, security.new_scope())
    io.print(c, cerr:kind(), cerr:message())
  `);
  assert.equal(out, [
    'string\ttrue',
    'user:7\tuser\ttrue\tallow\tnil',
    'nil\tnil\tInternal',
    'true\tfalse',
    'nil\tInternal\ttoken validation failed: token not found or expired',
    'true',
    'nil\ttoken validation failed: token not found or expired',
    'nil\tInvalid',
    'Invalid\tInternal',
    'nil\tInternal\ttoken store is closed',
    '',
  ].join('\n'));
});

test('a token store on a store.sql entry keeps its tokens in that store\'s table, across restarts of the app', async () => {
  const files = {
    'src/_index.yaml': HOSTS + POLICIES + `
  - name: setup
    kind: process.lua
    source: file://setup.lua
    method: main
    modules: [sql]
  - name: issue
    kind: process.lua
    source: file://issue.lua
    method: main
    modules: [io, security]
  - name: check
    kind: process.lua
    source: file://check.lua
    method: main
    modules: [io, security]
`,
    'src/setup.lua': `return { main = function()
      assert(sql.get("app:db"):execute("CREATE TABLE kv (key VARCHAR(255) PRIMARY KEY, value BLOB, expires_at BIGINT)"))
    end }`,
    'src/issue.lua': `return { main = function()
      local store = security.token_store("app:durable_tokens")
      io.print(store:create(security.new_actor("user:9"), security.named_scope("app:users")))
    end }`,
    'src/check.lua': `return { main = function(token)
      local a, s, err = security.token_store("app:durable_tokens"):validate(token)
      io.print(a and a:id(), s and #s:policies(), err)
    end }`,
  };
  const first = await bootApp(files);
  assert.equal((await first.exec('app:setup')).error, undefined);
  await first.exec('app:issue');
  const token = first.output().trim();
  await first.stop();
  // the record is a row of the store's table, under a hash of the token; no file of its own
  const root = first.app.runtime.root!;
  const db = new Database(join(root, 'data.db'), { readonly: true });
  const rows = db.prepare('SELECT key, expires_at FROM kv').all() as { key: string; expires_at: number }[];
  db.close();
  assert.equal(rows.length, 1);
  assert.match(rows[0].key, /^token:[0-9a-f]{64}$/);
  assert.ok(!rows[0].key.includes(first.output().trim()));
  assert.ok(Math.abs(rows[0].expires_at - (Date.now() / 1000 + 86400)) < 60, 'the store TTL is the token expiry (24h default)');
  assert.equal(existsSync(join(root, '.wippy', 'tokens.db')), false);
  // a second app on the same folder: the same database
  const { startApp } = await import('../system/boot.js');
  const { createLog } = await import('../system/log.js');
  const app = await startApp(first.app.runtime.root!, createLog({ silent: true }));
  let out = '';
  app.runtime.terminal = { out: (s) => { out += s; }, err: (s) => { out += s; }, args: [] };
  const { toLua } = await import('../system/convert.js');
  await new Promise<void>((res, rej) => {
    const p = app.runtime.spawn(undefined, 'app:check', 'app:terminal', [toLua(token)], {});
    if ('kind' in p) rej(new Error(p.message)); else p.onExit(() => res());
  });
  await app.supervisor.stopAll();
  assert.match(token, /^[\w-]{43}$/);
  assert.equal(out, 'user:9\t4\tnil\n');
});
