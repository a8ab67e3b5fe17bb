// Permission checks in the modules for code running as an actor: registry reads
// (registry.get, listings filtered), env variables (env.get / env.set), and process
// operations (process.send, terminate, names). The same code without identity is unaffected.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS } from '../system/testing.js';

const APP = HOSTS + `
  - name: visitor
    kind: security.policy
    policy:
      actions: [registry.get, env.get]
      resources: ["app.public:*", "PUBLIC_*"]
      effect: allow
    groups: [visitors]
  - name: fixed
    kind: env.storage.static
    values: { PUBLIC_REGION: eu, SECRET_KEY: s3cr3t }
  - name: region
    kind: env.variable
    variable: PUBLIC_REGION
    storage: fixed
  - name: secret
    kind: env.variable
    variable: SECRET_KEY
    storage: fixed
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, security]
  - name: probe
    kind: process.lua
    source: file://probe.lua
    method: main
    modules: [io, registry, env]
`;

const PUBLIC = `version: "1.0"
namespace: app.public
entries:
  - name: a
    kind: registry.entry
    meta: { type: doc }
  - name: b
    kind: registry.entry
    meta: { type: doc }
`;

const PROBE = `return { main = function(target)
  local e, err = registry.get("app:secret")
  io.print("get private", e, err and err:kind())
  io.print("get public", registry.get("app.public:a").id)
  local found = registry.find({ ["meta.type"] = "doc" })
  io.print("find", #found)
  local all = registry.snapshot():entries()
  local ids = {}
  for _, x in ipairs(all) do ids[#ids + 1] = x.id end
  table.sort(ids)
  io.print("entries", table.concat(ids, ","))
  local s, serr = env.get("SECRET_KEY")
  io.print("env secret", s, serr and serr:kind())
  io.print("env public", env.get("PUBLIC_REGION"))
  local n = 0
  for k in pairs(env.get_all()) do n = n + 1 end
  io.print("env all", n)
  local ok, perr = process.send(target, "hi")
  io.print("send", ok, perr and perr:kind())
  local r, rerr = process.registry.register("me")
  io.print("register", r, rerr and rerr:kind())
  local t, terr = process.terminate(target)
  io.print("terminate", t, terr and terr:kind())
end }`;

test('code with an identity reads only what its scope allows; the app itself reads everything', async () => {
  const t = await bootApp({
    'src/_index.yaml': APP,
    'src/public/_index.yaml': PUBLIC,
    'src/main.lua': `return { main = function()
      local me = process.pid()
      process.with_context({}):with_actor(security.new_actor("visitor:1")):with_scope(security.named_scope("app:visitors"))
        :exec("app:probe", "app:terminal", me)
      process.exec("app:probe", "app:terminal", "{nobody}")
    end }`,
    'src/probe.lua': PROBE,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined);
    const [asVisitor, asApp] = [t.output().split('\n').slice(0, 10), t.output().split('\n').slice(10, 20)];
    assert.deepEqual(asVisitor, [
      'get private\tnil\tPermissionDenied',
      'get public\tapp.public:a',
      'find\t2',
      'entries\tapp.public:a,app.public:b',
      'env secret\tnil\tPermissionDenied',
      'env public\teu',
      'env all\t1',
      'send\tnil\tPermissionDenied',
      'register\tnil\tPermissionDenied',
      'terminate\tnil\tPermissionDenied',
    ]);
    assert.match(asApp[0], /^get private\ttable: /);
    assert.equal(asApp[4], 'env secret\ts3cr3t\tnil');
    assert.equal(asApp[6], 'env all\t2');
    assert.equal(asApp[7], 'send\ttrue\tnil');
    assert.equal(asApp[8], 'register\ttrue\tnil');
  } finally {
    await t.stop();
  }
});

test('system module operations are checked as system.read / system.lock / system.exit (refusals are INVALID)', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `
  - name: ops
    kind: security.policy
    policy: { actions: [system.read, process.exec, process.host], resources: [pid, hosts, "app:*"], effect: allow }
    groups: [ops]
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, security]
  - name: probe
    kind: process.lua
    source: file://probe.lua
    method: main
    modules: [io, system]
`,
    'src/main.lua': `return { main = function()
      local as = process.with_context({}):with_actor(security.new_actor("ops:1")):with_scope(security.named_scope("app:ops"))
      as:exec("app:probe", "app:terminal", true)
      process.exec("app:probe", "app:terminal", false)
      -- exec and spawn are different actions: this scope may exec but not spawn
      local r, e = as:exec("app:probe", "app:terminal", "nested")
    end }`,
    'src/probe.lua': `return { main = function(mode)
      if mode == "nested" then
        io.print("spawn", process.spawn("app:probe", "app:terminal", "leaf"))
        local v, e = process.exec("app:probe", "app:terminal", "leaf")
        io.print("exec", v, e)
        return
      end
      if mode == "leaf" then return "leaf done" end
      io.print("pid", type(system.process.pid()))
      io.print("hosts", #system.hosts.list() > 0)
      local c, ce = system.process.cwd()
      io.print("cwd", type(c), ce and ce:kind())
      local l, le = system.lock.acquire("x")
      io.print("lock", l, le and le:kind())
    end }`,
  });
  try {
    await t.exec('app:main');
    assert.equal(t.output(), [
      'pid\tnumber', 'hosts\ttrue', 'cwd\tnil\tInvalid', 'lock\tnil\tInvalid',
      'pid\tnumber', 'hosts\ttrue', 'cwd\tstring\tnil', 'lock\ttrue\tnil',
      'spawn\tnil\tpermission denied: process.spawn on app:probe',
      'exec\tleaf done\tnil',
      '',
    ].join('\n'));
  } finally {
    await t.stop();
  }
});
