// How actor and scope travel (workflows-cluster.md §3.3): function calls inherit, spawned
// processes start fresh unless the spawner sets an identity (which needs process.security),
// function entries and services can declare their own, and strict mode denies code with no
// identity.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS } from '../system/testing.js';

const ENTRIES = `
  - name: worker_policy
    kind: security.policy
    policy: { actions: ["funcs.call", "process.spawn", "process.exec", "process.host", "process.registry.register", "process.send"], resources: "*", effect: allow }
    groups: [workers]
  - name: may_impersonate
    kind: security.policy
    policy: { actions: ["process.security", "funcs.security", "security.*"], resources: "*", effect: allow }
    groups: [admins]
  - name: no_probe
    kind: security.policy
    policy: { actions: funcs.call, resources: "app:probe_denied", effect: deny }
    groups: [workers]
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, security, funcs, time]
  - name: worker
    kind: process.lua
    source: file://worker.lua
    method: main
    modules: [io, security, funcs, time]
  - name: probe
    kind: function.lua
    source: file://probe.lua
    method: main
    modules: [security]
  - name: probe_denied
    kind: function.lua
    source: file://probe.lua
    method: main
    modules: [security]
  - name: privileged
    kind: function.lua
    source: file://probe.lua
    method: main
    modules: [security]
    security:
      actor: { id: "service:privileged", meta: { role: system } }
      policies: [may_impersonate]
  - name: reporter
    kind: process.lua
    source: file://reporter.lua
    method: main
    modules: [security]
  - name: reporter_svc
    kind: process.service
    host: processes
    process: reporter
    lifecycle:
      auto_start: true
      security:
        actor: { id: "service:reporter", meta: { role: bg } }
        groups: [workers]
`;

const PROBE = `return { main = function()
  local a, s = security.actor(), security.scope()
  return (a and a:id() or "none") .. "/" .. (s and #s:policies() or "none")
end }`;

const REPORTER = `return { main = function()
  process.registry.register("reporter")
  while true do
    local m = process.inbox():receive()
    local a = security.actor()
    process.send(m:payload():data(), "who", a and a:id() or "none")
  end
end }`;

const WORKER = `
local tasks = {}
function tasks.calls()
  io.print("call", funcs.call("app:probe"))
  io.print("denied", funcs.call("app:probe_denied"))
  io.print("privileged", funcs.call("app:privileged"))
  -- (this scope may not even create actors; overriding with its own still needs funcs.security)
  io.print("new_actor", security.new_actor("other"))
  local r, e = funcs.new():with_actor(security.actor()):call("app:probe")
  io.print("override", r, e and e:kind())
end
function tasks.spawns()
  local pid = process.spawn("app:worker", "app:terminal", "fresh")
  time.sleep("20ms")
  local r, e = process.with_context({}):with_actor(security.actor()):spawn("app:worker", "app:terminal", "fresh")
  io.print("with_actor", r, e and e:kind())
  local x, xe = process.spawn("app:worker", "app:nonhost_denied", "fresh")
  io.print("unknown host", x, xe and xe:kind())
end
function tasks.fresh()
  io.print("child", security.actor(), security.scope())
end
function tasks.admin()
  local r, e = funcs.new():with_actor(security.new_actor("delegate")):call("app:probe")
  io.print("admin override", r, e)
end
return { main = function(task) tasks[task]() end }`;

function app(main: string, extra: Record<string, string> = {}) {
  return bootApp({
    'src/_index.yaml': HOSTS + ENTRIES,
    'src/main.lua': `return { main = function()\n${main}\nend }`,
    'src/worker.lua': WORKER,
    'src/probe.lua': PROBE,
    'src/reporter.lua': REPORTER,
    ...extra,
  });
}

test('function calls inherit the caller identity; funcs.call, entry security blocks and with_actor are enforced', async () => {
  const t = await app(`
    local w = security.new_actor("worker:1")
    process.with_context({}):with_actor(w):with_scope(security.named_scope("app:workers")):exec("app:worker", "app:terminal", "calls")
    io.print("app", funcs.call("app:probe"))
    process.with_context({}):with_actor(security.new_actor("root")):with_scope(security.named_scope("app:admins"):with(security.policy("app:worker_policy")))
      :exec("app:worker", "app:terminal", "admin")
  `);
  try {
    await t.exec('app:main');
    assert.equal(t.output(), [
      'call\tworker:1/2',
      'denied\tnil\tpermission denied: funcs.call on app:probe_denied',
      'privileged\tservice:privileged/1',
      'new_actor\tnil\tpermission denied: security.actor.create on other',
      'override\tnil\tPermissionDenied',
      'app\tnone/none',
      'admin override\tdelegate/2\tnil',
      '',
    ].join('\n'));
  } finally {
    await t.stop();
  }
});

test('spawned processes start without identity; setting one needs process.security; spawning needs process.spawn and process.host', async () => {
  const t = await app(`
    local w = security.new_actor("worker:1")
    process.with_context({}):with_actor(w):with_scope(security.named_scope("app:workers")):exec("app:worker", "app:terminal", "spawns")
  `);
  try {
    await t.exec('app:main');
    assert.equal(t.output(), [
      'child\tnil\tnil',
      'with_actor\tnil\tPermissionDenied',
      // process.host is allowed on "*", so the unknown host is reported as such
      'unknown host\tnil\tNotFound',
      '',
    ].join('\n'));
  } finally {
    await t.stop();
  }
});

test('a service runs with the identity of its lifecycle.security block', async () => {
  const t = await app(`
    process.send("reporter", "ask", process.pid())
    local m = process.inbox():receive()
    io.print(m:topic(), m:payload():data())
  `);
  try {
    await t.exec('app:main');
    assert.equal(t.output(), 'who\tservice:reporter\n');
  } finally {
    await t.stop();
  }
});

test('strict mode (.wippy.yaml security.strict_mode) denies code that has no identity', async () => {
  const main = `
    io.print("can", security.can("anything", "x"))
    local c = registry.snapshot():changes()
    c:create({ id = "app:new_fn", kind = "function.lua", data = { source = "return { main = function() end }", method = "main" } })
    local v, e = c:apply()
    io.print("write", v ~= nil, e and e:kind())`;
  const entry = `
  - name: writer
    kind: process.lua
    source: file://writer.lua
    method: main
    modules: [io, security, registry]
`;
  for (const strict of [false, true]) {
    const t = await bootApp({
      'src/_index.yaml': HOSTS + entry,
      'src/writer.lua': `return { main = function()\n${main}\nend }`,
      ...(strict ? { '.wippy.yaml': 'security:\n  strict_mode: true\n' } : {}),
    });
    try {
      await t.exec('app:writer');
      assert.equal(t.output(), strict ? 'can\tfalse\nwrite\tfalse\tPermissionDenied\n' : 'can\ttrue\nwrite\ttrue\tnil\n');
    } finally {
      await t.stop();
    }
  }
});

test('with_actor keeps the spawner scope, and only accepts values made by the security module', async () => {
  const t = await app(`
    local admin = security.named_scope("app:admins"):with(security.policy("app:worker_policy"))
    process.with_context({}):with_actor(security.new_actor("root")):with_scope(admin):exec("app:worker", "app:terminal", "delegate")
  `, {
    'src/worker.lua': WORKER.replace('local tasks = {}', `local tasks = {}
function tasks.delegate()
  -- a new actor only: the child keeps this scope
  process.with_context({}):with_actor(security.new_actor("delegate")):exec("app:worker", "app:terminal", "show")
  local r, e = process.with_context({}):with_actor({ id = "forged" }):spawn("app:worker", "app:terminal", "show")
  io.print("forged", r, e and e:kind())
  local f, fe = funcs.new():with_scope("everything"):call("app:probe")
  io.print("forged scope", f, fe and fe:kind())
end
function tasks.show()
  io.print("child", security.actor():id(), #security.scope():policies())
end`),
  });
  try {
    await t.exec('app:main');
    assert.equal(t.output(), [
      'child\tdelegate\t2',
      'forged\tnil\tInvalid',
      'forged scope\tnil\tInvalid',
      '',
    ].join('\n'));
  } finally {
    await t.stop();
  }
});
