// Let it crash: a failing, spinning or flooded process never stops the others; services
// come back per their restart policy; monitors and links fire exactly once.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from './testing.js';
import { tostring } from '../lua/runtime/ops.js';

const ECHO = `return { main = function()
  process.registry.register("echo")
  local inbox = process.inbox()
  while true do
    local m = inbox:receive()
    process.send(m:from(), "echo", m:payload():data())
  end
end }`;

const ASK = `return { main = function(n)
  local inbox = process.inbox()
  for i = 1, n do
    process.send("echo", "ask", i)
    local r = channel.select { inbox:case_receive(), time.after("2s"):case_receive() }
    if r.channel ~= inbox then io.print("timeout") return 1 end
  end
  io.print("answered " .. n)
  return 0
end }`;

function app(extra: string, files: Record<string, string>) {
  return bootApp({
    'src/_index.yaml': HOSTS + `  - name: echo_svc
    kind: process.service
    process: app:echo
    host: app:processes
    lifecycle: { auto_start: true }
` + luaEntry('echo', 'echo.lua', []) + luaEntry('ask', 'ask.lua') + extra,
    'src/echo.lua': ECHO,
    'src/ask.lua': ASK,
    ...files,
  });
}

test('a process that raises an error exits alone; the others keep serving', async () => {
  const t = await app(luaEntry('bad', 'bad.lua'), { 'src/bad.lua': 'return { main = function() error("boom") end }' });
  const r = await t.exec('app:bad');
  assert.match(tostring(r.error), /src\/bad\.lua:1: boom/);
  const ok = await t.exec('app:ask', 3);
  assert.equal(ok.value, 0);
  assert.equal(t.output(), 'answered 3\n');
  await t.stop();
});

test('a busy loop is preempted: other processes still get answers while it spins', async () => {
  const t = await app(luaEntry('spin', 'spin.lua'), {
    'src/spin.lua': 'return { main = function() local n = 0 while true do n = n + 1 end end }',
  });
  const spinning = t.app.runtime.spawn(undefined, 'app:spin', 'app:processes', [], {});
  assert.ok(!('kind' in spinning));
  const ok = await t.exec('app:ask', 20);
  assert.equal(ok.value, 0);
  assert.equal(t.output(), 'answered 20\n');
  assert.equal(spinning.exited, false, 'still spinning');
  await t.stop();
  assert.equal(spinning.exited, true, 'stopped at shutdown');
});

test('flooding a mailbox that is never read does not stop the others', async () => {
  const t = await app(luaEntry('sink', 'sink.lua', []) + luaEntry('flood', 'flood.lua', []), {
    'src/sink.lua': 'return { main = function() process.registry.register("sink") local c = channel.new() c:receive() end }',
    'src/flood.lua': `return { main = function()
      for i = 1, 100000 do process.send("sink", "spam", { i = i, text = "xxxxxxxxxx" }) end
      return 0 end }`,
  });
  t.app.runtime.spawn(undefined, 'app:sink', 'app:processes', [], {});
  const flood = t.exec('app:flood');
  const ok = await t.exec('app:ask', 5);
  assert.equal(ok.value, 0);
  assert.equal((await flood).value, 0);
  assert.equal(t.output(), 'answered 5\n');
  await t.stop();
});

test('a supervised service that keeps failing is restarted per its policy, then given up', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: crasher
    kind: process.service
    process: app:crash
    host: app:processes
    lifecycle:
      auto_start: true
      restart: { max_attempts: 3, initial_delay: 20ms, backoff_factor: 2, jitter: 0 }
` + luaEntry('crash', 'crash.lua', []),
    'src/crash.lua': 'return { main = function() error("always") end }',
  });
  const seen: string[] = [];
  t.app.supervisor.onChange = (id, s) => { if (id === 'app:crasher') seen.push(s); };
  await new Promise((r) => setTimeout(r, 400));
  // 3 restarts after the first failure (20, 40, 80 ms), then it stays Failed
  assert.deepEqual(seen, ['Failed', 'Starting', 'Running', 'Failed', 'Starting', 'Running', 'Failed',
    'Starting', 'Running', 'Failed']);
  const st = t.app.supervisor.states().find((s) => s.id === 'app:crasher')!;
  assert.equal(st.status, 'Failed');
  await t.stop();
});

test('a service whose process returns normally is not restarted', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: once
    kind: process.service
    process: app:done
    host: app:processes
    lifecycle: { auto_start: true, restart: { initial_delay: 10ms } }
` + luaEntry('done', 'done.lua', []),
    'src/done.lua': 'return { main = function() return 0 end }',
  });
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(t.app.supervisor.states().find((s) => s.id === 'app:once')!.status, 'Exited');
  await t.stop();
});

test('monitors and links fire exactly once, and an untrapped link cascades', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('child', 'child.lua', ['time']) + luaEntry('watch', 'watch.lua')
      + luaEntry('chain', 'chain.lua'),
    'src/child.lua': 'return { main = function(mode) time.sleep("10ms") if mode == "fail" then error("child failed") end return "fine" end }',
    'src/watch.lua': `return { main = function()
      process.set_options({ trap_links = true })
      local ev = process.events()
      process.spawn_monitored("app:child", "app:processes", "ok")
      process.spawn_linked("app:child", "app:processes", "fail")
      process.spawn_linked("app:child", "app:processes", "ok")
      local seen = {}
      local deadline = time.after("300ms")
      while true do
        local r = channel.select { ev:case_receive(), deadline:case_receive() }
        if r.channel == deadline then break end
        local e = r.value
        seen[#seen + 1] = e.kind .. ":" .. (e.result.error and "error" or tostring(e.result.value))
      end
      table.sort(seen)
      io.print(table.concat(seen, ","))
    end }`,
    'src/chain.lua': `return { main = function()
      process.spawn_linked("app:child", "app:processes", "fail")
      time.sleep("1s")
      io.print("not reached")
    end }`,
  });
  await t.exec('app:watch');
  assert.equal(t.output(), 'pid.exit:fine,pid.link.down:error\n');
  const r = await t.exec('app:chain');
  assert.match(tostring(r.error), /linked process failed/);
  assert.equal(t.output(), 'pid.exit:fine,pid.link.down:error\n');
  await t.stop();
});
