// HTTP and the security model, over real HTTP on free ports with a real token store:
// token_auth turns a token into the handler's actor and scope, the firewalls ask the
// policies, a server's lifecycle.security is the baseline identity, and http_client needs
// permission for private addresses (from a policy, or the app setting for code with no scope).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { bootHttpApp, httpHead } from '../http/testing.js';
import { securityOf } from './service.js';
import { httpSecurityOf } from '../http/security.js';
import { Actor, Scope } from './model.js';
import type { TestApp } from '../system/testing.js';

const POLICIES = `  - name: readers
    kind: security.policy
    policy: { actions: access, resources: "app:doc.endpoint", effect: allow }
  - name: admins
    kind: security.policy
    policy: { actions: manage, resources: "app:panel", effect: allow }
  - name: web
    kind: security.policy
    policy: { actions: "http_client.request", resources: "*", effect: allow }
  - name: local_net
    kind: security.policy
    policy: { actions: "http_client.private_ip", resources: "*", effect: allow }
  - name: ws_local
    kind: security.policy
    policy: { actions: ["websocket.connect", "websocket.connect.url"], resources: ["", "ws://127.0.0.1:*"], effect: allow }
  - name: ws_elsewhere
    kind: security.policy
    policy: { actions: ["websocket.connect", "websocket.connect.url"], resources: ["", "wss://example.com/*"], effect: allow }
  - name: kv
    kind: store.memory
  - name: tokens
    kind: security.token_store
    store: kv
    token_key: "http-test-key"
`;

function fn(name: string, file: string, modules: string[], router: string, method: string, path: string): string {
  return `  - name: ${name}
    kind: function.lua
    source: file://${file}
    method: handler
    modules: [${modules.join(', ')}]
  - name: ${name}.endpoint
    kind: http.endpoint
    meta: { router: ${router} }
    method: ${method}
    path: ${path}
    func: ${name}
`;
}

// what the handler sees as its identity
const WHOAMI = `local http = require("http")
local security = require("security")
return { handler = function()
  local a = security.actor()
  local s = security.scope()
  http.response():write_json({ actor = a and a:id() or "none", readers = s ~= nil and s:contains("app:readers") })
end }`;

// a handler that calls the URL in ?url= and reports status or error kind
const FETCH = `local http = require("http")
local http_client = require("http_client")
return { handler = function()
  local req = http.request()
  local r, err = http_client.get(req:query("url"))
  http.response():write_json({ status = r and r.status_code or 0, err = err and err:kind() or "" })
end }`;

const routers = `    middleware: [token_auth]
    options: { "token_auth.store": "app:tokens" }
    post_middleware: [endpoint_firewall]
  - name: admin
    kind: http.router
    meta: { server: gateway }
    prefix: /admin
    middleware: [token_auth]
    options: { "token_auth.store": "app:tokens" }
    post_middleware: [resource_firewall]
    post_options: { "resource_firewall.action": "manage", "resource_firewall.target": "app:panel" }
`;

function appFiles(head: string): Record<string, string> {
  return {
    'src/_index.yaml': head + POLICIES
      + fn('doc', 'whoami.lua', ['http', 'json', 'security'], 'api', 'GET', '/doc')
      + fn('secret', 'whoami.lua', ['http', 'json', 'security'], 'api', 'GET', '/secret')
      + fn('panel', 'whoami.lua', ['http', 'json', 'security'], 'admin', 'GET', '/panel'),
    'src/whoami.lua': WHOAMI,
  };
}

function tokenFor(t: TestApp, actor: string, policies: string[], expirationMs?: number): { token: string; revoke: () => boolean } {
  const svc = securityOf(t.app.runtime.node)!;
  const store = svc.tokens!.get('app:tokens');
  if (typeof store === 'string') throw new Error(store);
  // a store.memory store answers at once, never with a promise
  const token = store.create(new Actor(actor), new Scope(policies.map((p) => svc.catalog.policy(p)!)), { expirationMs }) as string;
  return { token, revoke: () => store.revoke(token) as boolean };
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

test('token_auth: a valid token runs the handler as its actor; invalid, revoked and expired tokens stay anonymous (401 at the firewall)', async () => {
  const t = await bootHttpApp(appFiles(httpHead('/', routers)));
  try {
    const url = t.url();
    const reader = tokenFor(t, 'user:1', ['app:readers']);
    const ok = await fetch(url + '/doc', bearer(reader.token));
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), { actor: 'user:1', readers: true });
    // the query parameter and the cookie are read too
    assert.equal((await fetch(`${url}/doc?x-auth-token=${encodeURIComponent(reader.token)}`)).status, 200);
    assert.equal((await fetch(url + '/doc', { headers: { cookie: `a=b; x-auth-token=${reader.token}` } })).status, 200);

    assert.equal((await fetch(url + '/doc')).status, 401);
    assert.equal((await fetch(url + '/doc', bearer('not-a-token'))).status, 401);
    const forged = reader.token.replace(/\.[\w-]+$/, '.AAAA');
    assert.equal((await fetch(url + '/doc', bearer(forged))).status, 401);

    const short = tokenFor(t, 'user:2', ['app:readers'], 1);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await fetch(url + '/doc', bearer(short.token))).status, 401);

    assert.equal(reader.revoke(), true);
    assert.equal((await fetch(url + '/doc', bearer(reader.token))).status, 401);
  } finally {
    await t.stop();
  }
});

test('endpoint_firewall and resource_firewall allow and deny by policy (403 on deny)', async () => {
  const t = await bootHttpApp(appFiles(httpHead('/', routers)));
  try {
    const url = t.url();
    const reader = tokenFor(t, 'user:1', ['app:readers']).token;
    const admin = tokenFor(t, 'user:0', ['app:readers', 'app:admins']).token;
    assert.equal((await fetch(url + '/doc', bearer(reader))).status, 200);
    // readers grants access to app:doc.endpoint only
    assert.equal((await fetch(url + '/secret', bearer(reader))).status, 403);
    assert.equal((await fetch(url + '/admin/panel', bearer(reader))).status, 403);
    const panel = await fetch(url + '/admin/panel', bearer(admin));
    assert.equal(panel.status, 200);
    assert.equal(((await panel.json()) as { actor: string }).actor, 'user:0');
    assert.equal((await fetch(url + '/admin/panel')).status, 401);
  } finally {
    await t.stop();
  }
});

test('a server\'s lifecycle.security is the baseline identity; a valid token replaces it', async () => {
  const head = httpHead('/', routers).replace('addr: "127.0.0.1:0"\n    lifecycle: { auto_start: true }',
    'addr: "127.0.0.1:0"\n    lifecycle:\n      auto_start: true\n      security: { actor: { id: "svc:gateway" }, policies: [readers] }');
  assert.notEqual(head, httpHead('/', routers));
  const t = await bootHttpApp(appFiles(head));
  try {
    const url = t.url();
    const anon = await fetch(url + '/doc');
    assert.equal(anon.status, 200);
    assert.deepEqual(await anon.json(), { actor: 'svc:gateway', readers: true });
    assert.equal((await fetch(url + '/secret')).status, 403);
    const admin = tokenFor(t, 'user:0', ['app:admins']).token;
    const panel = await fetch(url + '/admin/panel', bearer(admin));
    assert.deepEqual(await panel.json(), { actor: 'user:0', readers: false });
  } finally {
    await t.stop();
  }
});

async function localServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((_req, res) => res.end('local'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

test('http_client to a private address: denied without http_client.private_ip, allowed with it', async () => {
  const target = await localServer();
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', `    middleware: [token_auth]
    options: { "token_auth.store": "app:tokens" }
`) + POLICIES + fn('fetch', 'fetch.lua', ['http', 'http_client', 'json'], 'api', 'GET', '/fetch'),
    'src/fetch.lua': FETCH,
  });
  try {
    const call = async (token?: string) => {
      const r = await fetch(`${t.url()}/fetch?url=${encodeURIComponent(target.url)}`, token === undefined ? {} : bearer(token));
      return r.json();
    };
    // the app itself (no scope, no allow_private_ip setting) may not reach 127.0.0.1
    assert.deepEqual(await call(), { status: 0, err: 'PermissionDenied' });
    // a scope that allows requests but not private addresses
    assert.deepEqual(await call(tokenFor(t, 'user:1', ['app:web']).token), { status: 0, err: 'PermissionDenied' });
    // a scope without http_client.request at all
    assert.deepEqual(await call(tokenFor(t, 'user:1', ['app:local_net']).token), { status: 0, err: 'PermissionDenied' });
    assert.deepEqual(await call(tokenFor(t, 'user:1', ['app:web', 'app:local_net']).token), { status: 200, err: '' });
  } finally {
    await t.stop();
    await target.close();
  }
});

test('security.allow_private_ip lets code with no scope reach private addresses, per app', async () => {
  const target = await localServer();
  // (different namespaces: the running-server table the tests read URLs from is keyed by entry id)
  const files = (ns: string, extra: Record<string, string>) => ({
    ...extra,
    'src/_index.yaml': httpHead('/').replace('namespace: app', `namespace: ${ns}`)
      + fn('fetch', 'fetch.lua', ['http', 'http_client', 'json'], 'api', 'GET', '/fetch'),
    'src/fetch.lua': FETCH,
  });
  // two apps in one process at once: the setting of one must not leak into the other.
  // (Lua steps of all apps in one process go through the last booted kernel node, so only the
  // last booted app serves handlers here; the other app's hooks are asked directly.)
  const closed = await bootHttpApp(files('closed', {}));
  const open = await bootHttpApp(files('open', { '.wippy.yaml': 'security:\n  allow_private_ip: true\n' }));
  try {
    const call = async (app: typeof open, ns: string) => (await fetch(`${app.url(`${ns}:gateway`)}/fetch?url=${encodeURIComponent(target.url)}`)).json();
    assert.deepEqual(await call(open, 'open'), { status: 200, err: '' });
    const asks = (app: typeof open) => httpSecurityOf(app.app.runtime.node).clientAllowed!(undefined, 'http_client.private_ip', '127.0.0.1');
    assert.equal(asks(open), true);
    assert.equal(asks(closed), false);
    await open.stop();
    const alone = await bootHttpApp(files('alone', {}));
    try {
      assert.deepEqual(await call(alone, 'alone'), { status: 0, err: 'PermissionDenied' });
    } finally {
      await alone.stop();
    }
  } finally {
    await open.stop();
    await closed.stop();
    await target.close();
  }
});

const DIAL = `local http = require("http")
local websocket = require("websocket")
return { handler = function()
  local c, err = websocket.connect(http.request():query("url"), { dial_timeout = "2s" })
  if c then c:close() end
  http.response():write_json({ err = err and err:kind() or "" })
end }`;

test('websocket.connect needs websocket.connect and websocket.connect.url on the URL for code with a scope', async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  const target = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/chat`;
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', `    middleware: [token_auth]
    options: { "token_auth.store": "app:tokens" }
`) + POLICIES + fn('dial', 'dial.lua', ['http', 'websocket', 'json'], 'api', 'GET', '/dial'),
    'src/dial.lua': DIAL,
  });
  try {
    const dial = async (token?: string) =>
      (await fetch(`${t.url()}/dial?url=${encodeURIComponent(target)}`, token === undefined ? {} : bearer(token))).json();
    assert.deepEqual(await dial(tokenFor(t, 'user:1', ['app:ws_local']).token), { err: '' });
    assert.deepEqual(await dial(tokenFor(t, 'user:1', ['app:ws_elsewhere']).token), { err: 'PermissionDenied' });
    assert.deepEqual(await dial(tokenFor(t, 'user:1', ['app:web']).token), { err: 'PermissionDenied' });
    // the app itself (no identity, strict mode off) may connect
    assert.deepEqual(await dial(), { err: '' });
  } finally {
    await t.stop();
    await new Promise((r) => wss.close(r));
  }
});
