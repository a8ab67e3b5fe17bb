// Agents changing the registry (workflows-cluster.md §3.5, agents.md §11.3): an agent whose
// scope allows function.lua in app.agent.* creates one and calls it; an agent without that
// permission is refused with PERMISSION_DENIED and nothing changes; escalation attempts are
// refused; the audit log under .wippy/ records every decision.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { bootApp, HOSTS } from '../system/testing.js';
import { AuditLog, DEFAULT_AUDIT_FILE } from './audit.js';
import { registryAudit } from './audit-cli.js';

const POLICIES = `
  - name: agent_base
    kind: security.policy
    policy: { actions: [registry.apply, registry.get], resources: "*", effect: allow }
    groups: [agent, observer]
  - name: agent_sandbox
    kind: security.policy
    policy:
      actions: [registry.create.function.lua, registry.update.function.lua, funcs.call]
      resources: "app.agent:*"
      effect: allow
    groups: [agent]
  - name: agent_modules
    kind: security.policy
    policy: { actions: registry.grant.module, resources: [json, time], effect: allow }
    groups: [agent]
  - name: launcher
    kind: process.lua
    source: file://launcher.lua
    method: main
    modules: [io, security]
  - name: agent
    kind: process.lua
    source: file://agent.lua
    method: main
    modules: [io, registry, funcs, security]
  - name: core_tool
    kind: function.lua
    source: file://tool.lua
    method: main
`;

// The launcher runs as the app itself (no actor) and starts each agent under its identity.
const LAUNCHER = `
local function main(who, group, task)
  local actor = security.new_actor("agent:" .. who, { role = "agent" })
  local scope, err = security.named_scope("app:" .. group)
  assert(scope, tostring(err))
  local r, e = process.with_context({}):with_actor(actor):with_scope(scope):exec("app:agent", "app:terminal", who, task)
  if e then io.print("agent failed", tostring(e)) end
end
return { main = main }`;

const AGENT = `
local function try(changes)
  local before = registry.current_version():id()
  local v, err = changes:apply()
  if err then return "denied " .. err:kind() .. " unchanged=" .. tostring(registry.current_version():id() == before) end
  return "applied"
end

local function tool(id, modules, extra)
  local data = { source = "local json = require('json') return { handler = function(x) return json.encode({ v = x * 2 }) end }",
                 method = "handler", modules = modules or { "json" } }
  for k, v in pairs(extra or {}) do data[k] = v end
  return { id = id, kind = "function.lua", meta = { type = "tool" }, data = data }
end

local tasks = {}

function tasks.create(who)
  local id = "app.agent:double_" .. who
  local c = registry.snapshot():changes()
  c:create(tool(id))
  local outcome = try(c)
  io.print(who, outcome)
  if outcome == "applied" then
    local r, err = funcs.call(id, 21)
    io.print(who, "called", r, err)
  else
    io.print(who, "exists", registry.get(id) ~= nil)
  end
end

function tasks.escalate(who)
  local function attempt(name, build)
    local c = registry.snapshot():changes()
    build(c)
    io.print(name, try(c))
  end
  attempt("policy", function(c)
    c:create({ id = "app.agent:allow_all", kind = "security.policy", data = { policy = { actions = "*", resources = "*", effect = "allow" } } })
  end)
  attempt("modules", function(c) c:create(tool("app.agent:spawner", { "json", "process" })) end)
  attempt("widen", function(c) c:update(tool("app.agent:double_a", { "json", "funcs" })) end)
  attempt("identity", function(c) c:create(tool("app.agent:root", { "json" }, { security = { actor = { id = "root" } } })) end)
  attempt("outside", function(c) c:create(tool("app:core_tool2")) end)
  attempt("overwrite", function(c) c:update(tool("app:core_tool")) end)
  attempt("mixed", function(c)
    c:create(tool("app.agent:fine"))
    c:delete("app:core_tool")
  end)
  local ok, err = registry.apply_version(1)
  io.print("rollback", ok, err and err:kind())
  io.print("fine exists", registry.get("app.agent:fine") ~= nil)
end

local function main(who, task)
  tasks[task](who)
end
return { main = main }`;

async function agentApp() {
  return bootApp({
    'src/_index.yaml': HOSTS + POLICIES,
    'src/launcher.lua': LAUNCHER,
    'src/agent.lua': AGENT,
    'src/tool.lua': 'return { main = function() return "core" end }',
  });
}

test('an allowed agent creates a function in its namespace and calls it; another agent is denied, nothing changes, both are audited', async () => {
  const t = await agentApp();
  try {
    const v0 = t.app.registry.version;
    const a = await t.exec('app:launcher', 'a', 'agent', 'create');
    assert.equal(a.error, undefined);
    assert.equal(t.app.registry.version, v0 + 1);
    const b = await t.exec('app:launcher', 'b', 'observer', 'create');
    assert.equal(b.error, undefined);
    assert.equal(t.output(), [
      'a\tapplied',
      'a\tcalled\t{"v":42}\tnil',
      `b\tdenied PermissionDenied unchanged=true`,
      'b\texists\tfalse',
      '',
    ].join('\n'));
    assert.equal(t.app.registry.version, v0 + 1, 'the denied change left the registry as it was');
    assert.equal(t.app.registry.get('app.agent:double_b'), undefined);

    const log = new AuditLog(join(t.app.runtime.root!, DEFAULT_AUDIT_FILE));
    const rows = log.query().reverse();
    log.close();
    assert.equal(rows.length, 2);
    assert.deepEqual(rows.map((r) => [r.actor, r.op, r.entry, r.kind, r.decision, r.caller]), [
      ['agent:a', 'create', 'app.agent:double_a', 'function.lua', 'allow', 'app:agent'],
      ['agent:b', 'create', 'app.agent:double_b', 'function.lua', 'deny', 'app:agent'],
    ]);
    assert.equal(rows[0].outcome, `committed as version ${v0 + 1}`);
    assert.match(rows[0].reason, /registry\.apply registry\.create\.function\.lua registry\.grant\.module/);
    assert.equal(rows[1].outcome, 'denied');
    assert.equal(rows[1].reason, 'registry.create.function.lua on app.agent:double_b');

    // the same records from the command line
    let out = '';
    assert.equal(registryAudit({ dir: t.app.runtime.root!, decision: 'deny' }, (s) => { out += s; }), 0);
    assert.match(out, /deny\s+create app\.agent:double_b \(function\.lua\)\s+actor=agent:b caller=app:agent/);
    assert.match(out, /refused: registry\.create\.function\.lua on app\.agent:double_b; denied/);
    assert.match(out, /^1 records$/m);
  } finally {
    await t.stop();
  }
});

test('escalation attempts are denied whole: policies, new modules, identities, other namespaces, rollback', async () => {
  const t = await agentApp();
  try {
    await t.exec('app:launcher', 'a', 'agent', 'create');
    const v = t.app.registry.version;
    const r = await t.exec('app:launcher', 'a', 'agent', 'escalate');
    assert.equal(r.error, undefined);
    const lines = t.output().split('\n').slice(2);
    assert.deepEqual(lines, [
      'policy\tdenied PermissionDenied unchanged=true',
      'modules\tdenied PermissionDenied unchanged=true',
      'widen\tdenied PermissionDenied unchanged=true',
      'identity\tdenied PermissionDenied unchanged=true',
      'outside\tdenied PermissionDenied unchanged=true',
      'overwrite\tdenied PermissionDenied unchanged=true',
      'mixed\tdenied PermissionDenied unchanged=true',
      'rollback\tfalse\tPermissionDenied',
      'fine exists\tfalse',
      '',
    ]);
    assert.equal(t.app.registry.version, v);
    assert.deepEqual(t.app.registry.get('app.agent:double_a')!.data.modules, ['json']);
    const log = new AuditLog(join(t.app.runtime.root!, DEFAULT_AUDIT_FILE));
    const denied = log.query({ decision: 'deny' }).reverse().map((x) => x.reason);
    log.close();
    assert.deepEqual(denied, [
      'registry.create.security.policy on app.agent:allow_all',
      'registry.grant.module on process',
      'registry.grant.module on funcs',
      'registry.security on app.agent:root',
      'registry.create.function.lua on app:core_tool2',
      'registry.update.function.lua on app:core_tool',
      'registry.delete.function.lua on app:core_tool',
      // apply_version: the rollback would delete the agent's tool; registry.apply_version itself is refused
      'registry.apply_version',
    ]);
  } finally {
    await t.stop();
  }
});
