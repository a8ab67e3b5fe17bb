// Live changes: edits of the app's files reach running code without a restart; broken
// edits are rejected whole and the app keeps its last good version.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeApp, HOSTS, luaEntry } from './testing.js';
import { startApp } from './boot.js';
import { createLog } from './log.js';
import { watchApp } from './watch.js';
import { toLua } from './convert.js';
import { tostring } from '../lua/runtime/ops.js';

const fn = (v: string) => `return { main = function(x) return "${v}:" .. tostring(x) end }`;

test('calls and messages keep flowing while files are edited, broken edits included', async () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + luaEntry('version', 'version.lua', [], 'function.lua') + luaEntry('caller', 'caller.lua', ['funcs', 'time']),
    'src/version.lua': fn('v0'),
    'src/caller.lua': `return { main = function(n)
      local seen, failed = {}, 0
      local me = process.pid()
      local inbox = process.inbox()
      for i = 1, n do
        local v, err = funcs.call("app:version", i)
        if err or v ~= (v and v:match("^v%d+:") or "") .. tostring(i) then failed = failed + 1 end
        if v then seen[v:match("^(v%d+):")] = true end
        process.send(me, "tick", i)
        if i % 50 == 0 then time.sleep("2ms") end
      end
      local got = 0
      while true do
        local r = channel.select({ inbox:case_receive() }, true)
        if r.default then break end
        got = got + 1
      end
      local versions = {}
      for k in pairs(seen) do versions[#versions + 1] = k end
      table.sort(versions)
      return failed .. " failed, " .. got .. " messages, versions " .. table.concat(versions, ",")
    end }`,
  });
  const log = createLog({ silent: true });
  const app = await startApp(root, log);
  const watcher = watchApp(root, app.live, log);
  const p = app.runtime.spawn(undefined, 'app:caller', 'app:processes', [toLua(3000)], {});
  assert.ok(!('kind' in p));
  const done = new Promise<unknown>((res) => p.onExit((r) => res(r.value ?? tostring(r.error))));
  const file = join(root, 'src/version.lua');
  const rejected: boolean[] = [];
  for (let k = 1; k <= 8; k++) {
    await new Promise((r) => setTimeout(r, 15));
    const broken = k % 3 === 0;
    writeFileSync(file, broken ? 'return { main = function( end }' : fn(`v${k}`));
    rejected.push(!watcher.reload().ok);
  }
  writeFileSync(file, fn('v9'));
  assert.equal(watcher.reload().ok, true);
  const result = String(await done);
  assert.match(result, /^0 failed, 3000 messages, versions v/);
  assert.deepEqual(rejected, [false, false, true, false, false, true, false, false]);
  // after the last edit, new calls are served by the last good code
  const after = await new Promise<unknown>((res) => app.runtime.callFunction(undefined, 'app:version', ['x'], (r) => res(r.value)));
  assert.equal(after, 'v9:x');
  watcher.close();
  await app.supervisor.stopAll();
});

test('a broken YAML edit is rejected and reported; the running version stays', async () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + luaEntry('f', 'f.lua', [], 'function.lua'),
    'src/f.lua': fn('ok'),
  });
  const app = await startApp(root, createLog({ silent: true }));
  const watcher = watchApp(root, app.live, createLog({ silent: true }));
  writeFileSync(join(root, 'src/_index.yaml'), HOSTS + '  - name: f\n    kind: [broken\n');
  const r = watcher.reload();
  assert.equal(r.ok, false);
  assert.match(r.errors!.join('\n'), /src\/_index\.yaml:\d+:\d+: YAML syntax error/);
  assert.equal(app.registry.version, 1);
  const v = await new Promise<unknown>((res) => app.runtime.callFunction(undefined, 'app:f', [1], (x) => res(x.value)));
  assert.equal(v, 'ok:1');
  watcher.close();
  await app.supervisor.stopAll();
});

test('a changed service restarts with its new code; a removed one stops; a new one starts', async () => {
  const svc = (name: string, proc: string) => `  - name: ${name}
    kind: process.service
    process: app:${proc}
    host: app:processes
    lifecycle: { auto_start: true }
`;
  const body = (tag: string) => `return { main = function()
    process.registry.register("${tag}")
    local ev = process.events():receive()
    return 0
  end }`;
  const root = writeApp({
    'src/_index.yaml': HOSTS + svc('one', 'p1') + luaEntry('p1', 'p1.lua', []) + luaEntry('p2', 'p2.lua', []),
    'src/p1.lua': body('one-v1'),
    'src/p2.lua': body('two'),
  });
  const app = await startApp(root, createLog({ silent: true }));
  const watcher = watchApp(root, app.live, createLog({ silent: true }));
  const names = () => [...app.runtime.node.names.keys()].sort();
  // services start asynchronously: wait for the expected names (bounded), not a fixed time,
  // so a loaded machine cannot fail the test; always close the watcher and the app
  const settled = async (want: string[]) => {
    for (let i = 0; i < 200 && JSON.stringify(names()) !== JSON.stringify(want); i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(names(), want);
  };
  try {
    await settled(['one-v1']);
    writeFileSync(join(root, 'src/p1.lua'), body('one-v2'));
    assert.equal(watcher.reload().ok, true);
    await app.reconciled();
    await settled(['one-v2']);
    writeFileSync(join(root, 'src/_index.yaml'), HOSTS + svc('two', 'p2') + luaEntry('p1', 'p1.lua', []) + luaEntry('p2', 'p2.lua', []));
    assert.equal(watcher.reload().ok, true);
    await app.reconciled();
    await settled(['two']);
  } finally {
    watcher.close();
    await app.supervisor.stopAll();
  }
});
