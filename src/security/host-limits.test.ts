// Process hosts limit the modules their processes may be granted (workflows-cluster.md §3.6):
// at spawn, at require (libraries included), on registry changes, and at boot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, writeApp, HOSTS } from '../system/testing.js';
import { startApp, BootError } from '../system/boot.js';
import { createLog } from '../system/log.js';

const APP = HOSTS + `
  - name: sandbox
    kind: process.host
    host: { allowed_modules: [json] }
    lifecycle: { auto_start: true }
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, registry, time]
  - name: ok
    kind: process.lua
    source: file://ok.lua
    method: main
    modules: [json]
  - name: greedy
    kind: process.lua
    source: file://ok.lua
    method: main
    modules: [json, funcs]
  - name: via_library
    kind: process.lua
    source: file://ok.lua
    method: main
    modules: [json]
    imports: { clock: app:clock }
  - name: clock
    kind: library.lua
    source: file://clock.lua
    modules: [time]
`;

const MAIN = `
local function main()
  local pid, err = process.spawn("app:greedy", "app:sandbox")
  io.print("greedy", pid, err and err:kind(), err and err:message())
  pid, err = process.spawn("app:via_library", "app:sandbox")
  io.print("via_library", pid, err and err:message())
  pid, err = process.spawn("app:greedy", "app:processes")
  io.print("greedy elsewhere", pid ~= nil, err)
  pid = process.spawn("app:ok", "app:sandbox", process.pid())
  local m = process.inbox():receive()
  io.print("ok says", m:payload():data())

  local function service(name, proc)
    local c = registry.snapshot():changes()
    c:create({ id = "app:" .. name, kind = "process.service", data = { host = "app:sandbox", process = proc } })
    local v, e = c:apply()
    return v and "applied" or (e:kind() .. ": " .. e:message())
  end
  io.print("service greedy", service("svc_greedy", "app:greedy"))
  io.print("service ok", service("svc_ok", "app:ok"))
  -- widening the process of a service on the sandbox is refused too
  local c = registry.snapshot():changes()
  c:update({ id = "app:ok", kind = "process.lua", data = { source = "return { main = function() end }", method = "main", modules = { "json", "time" } } })
  local v, e = c:apply()
  io.print("widen", v, e and e:kind())
end
return { main = main }`;

test('a restricted host refuses processes, libraries and registry changes that need other modules', async () => {
  const t = await bootApp({
    'src/_index.yaml': APP,
    'src/main.lua': MAIN,
    'src/ok.lua': 'return { main = function(parent) if parent then process.send(parent, "hi", json.encode({ 1, 2 })) end end }',
    'src/clock.lua': 'local time = require("time") return { now = function() return time.now() end }',
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined);
    const out = t.output().split('\n');
    assert.equal(out[0], 'greedy\tnil\tPermissionDenied\tpermission denied: app:greedy is granted funcs, which host app:sandbox does not allow');
    assert.match(out[1], /^via_library\tnil\tcannot start app:via_library: .*module 'time' is not allowed on host app:sandbox/);
    assert.equal(out[2], 'greedy elsewhere\ttrue\tnil');
    assert.equal(out[3], 'ok says\t[1,2]');
    assert.equal(out[4], 'service greedy\tPermissionDenied: permission denied: app:svc_greedy: process app:greedy is granted funcs, which host app:sandbox does not allow (host.allowed_modules: json)');
    assert.equal(out[5], 'service ok\tapplied');
    assert.equal(out[6], 'widen\tnil\tPermissionDenied');
    assert.equal(t.app.registry.get('app:svc_greedy'), undefined);
    assert.deepEqual(t.app.registry.get('app:ok')!.data.modules, ['json']);
  } finally {
    await t.stop();
  }
});

test('an app declaring a service that breaks its host limit does not boot, and the error names file, line and entry', async () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + `
  - name: sandbox
    kind: process.host
    host: { allowed_modules: [json] }
  - name: worker
    kind: process.lua
    source: file://w.lua
    method: main
    modules: [json, io]
  - name: svc
    kind: process.service
    host: sandbox
    process: worker
`,
    'src/w.lua': 'return { main = function() end }',
  });
  await assert.rejects(startApp(root, createLog({ silent: true })), (e: unknown) => {
    assert.ok(e instanceof BootError);
    assert.match(e.message, /src\/_index\.yaml:19: .*app:svc.*process app:worker is granted io, which host app:sandbox does not allow/);
    return true;
  });
});
