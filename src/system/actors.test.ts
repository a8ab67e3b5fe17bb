// The actor API through Lua: channels and select, coroutine.spawn, names, listen topics,
// mailbox retention, cancel, exec, the spawner builder, payload copying.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from './testing.js';

async function runLua(main: string, extra = '', files: Record<string, string> = {}): Promise<string> {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'time', 'funcs']) + extra,
    'src/main.lua': `return { main = function(...)\n${main}\nend }`,
    ...files,
  });
  const r = await t.exec('app:main');
  await t.stop();
  if (r.error !== undefined) throw new Error(`process failed: ${String((r.error as { data?: { message?: string } }).data?.message ?? r.error)}`);
  return t.output();
}

test('unbuffered channels rendezvous between coroutines; buffered ones queue; close drains', async () => {
  const out = await runLua(`
    local ch = channel.new()
    local log = {}
    coroutine.spawn(function() for i = 1, 3 do ch:send(i) end ch:close() end)
    while true do
      local v, ok = ch:receive()
      if not ok then break end
      log[#log + 1] = v
    end
    local b = channel.new(2)
    b:send("a") b:send("b") b:close()
    local x, ok1 = b:receive()
    local y = b:receive()
    local z, ok3 = b:receive()
    io.print(table.concat(log, ","), x, ok1, y, z, ok3)
    io.print(pcall(function() b:send("late") end))`);
  assert.equal(out, '1,2,3\ta\ttrue\tb\tnil\tfalse\nfalse\tsrc/main.lua:17: send on closed channel\n');
});

test('select picks the first ready case in order, honours default, and waits otherwise', async () => {
  const out = await runLua(`
    local a, b = channel.new(1), channel.new(1)
    b:send("B") a:send("A")
    local r = channel.select { a:case_receive(), b:case_receive() }
    io.print(r.channel == a, r.value, r.ok)
    local d = channel.select({ a:case_receive() }, true)
    io.print(d.default, d.ok)
    local c = channel.new()
    coroutine.spawn(function() time.sleep("5ms") c:send("late") end)
    local w = channel.select { c:case_receive(), time.after("1s"):case_receive() }
    io.print(w.channel == c, w.value)
    local s = channel.new(1)
    local sr = channel.select { s:case_send("x") }
    io.print(sr.channel == s, s:receive())`);
  assert.equal(out, 'true\tA\ttrue\ntrue\ttrue\ntrue\tlate\ntrue\tx\ttrue\n');
});

test('messages wait in the mailbox until inbox(); listen topics take theirs; payloads are copies', async () => {
  const out = await runLua(`
    local me = process.pid()
    local t = { n = 1, nested = { 1, 2 } }
    process.send(me, "data", t, "second")
    process.send(me, "side", "for listen")
    t.n = 99
    local side = process.listen("side")
    local inbox = process.inbox()
    local m = inbox:receive()
    local p = m:payload()
    io.print(m:topic(), m:from() == me, p[1]:data().n, p[1]:data().nested[2], p[2]:data())
    io.print(side:receive())
    io.print(inbox == process.inbox(), tostring(m))`);
  assert.equal(out, 'data\ttrue\t1\t2\tsecond\nfor listen\ttrue\ntrue\tprocess.Message{topic=data}\n');
});

test('names, exec, cancel and the spawner builder', async () => {
  const out = await runLua(`
    local v, err = process.exec("app:child", "app:processes", "exec")
    io.print(v)
    local pid = process.with_options({}):with_message("hello", "first"):spawn_monitored("app:child", "app:processes", "serve")
    local ok = process.registry.register("kid", pid)
    io.print(ok, process.registry.lookup("kid") == pid)
    local ok2, e2 = process.registry.register("kid")
    io.print(ok2, e2 and e2:kind() == errors.ALREADY_EXISTS)
    process.cancel("kid", "bye")
    local ev = process.events():receive()
    io.print(ev.kind == process.event.EXIT, ev.from == pid, ev.result.value)
    io.print(process.registry.lookup("kid"))`,
  luaEntry('child', 'child.lua', ['io']), {
    'src/child.lua': `return { main = function(mode)
      if mode == "exec" then return "from exec" end
      local m = process.inbox():receive()
      local ev = process.events():receive()
      return m:topic() .. ":" .. m:payload():data() .. ":" .. ev.reason
    end }`,
  });
  const lines = out.split('\n');
  assert.equal(lines[0], 'from exec');
  assert.equal(lines[1], 'true\ttrue');
  assert.equal(lines[2], 'nil\ttrue');
  assert.equal(lines[3], 'true\ttrue\thello:first:bye');
  assert.match(lines[4], /^nil\tname 'kid' not found$/);
});

test('when main returns, its spawned coroutines stop; a coroutine error fails the process', async () => {
  const out = await runLua(`
    local r = process.exec("app:bg", "app:processes")
    io.print("bg returned", r)
    local v, err = process.exec("app:crashy", "app:processes")
    io.print(v, tostring(err):match("coroutine boom") ~= nil)`,
  luaEntry('bg', 'bg.lua', ['io', 'time']) + luaEntry('crashy', 'crashy.lua', ['time']), {
    'src/bg.lua': 'return { main = function() coroutine.spawn(function() time.sleep("50ms") io.print("never") end) return "done" end }',
    'src/crashy.lua': 'return { main = function() coroutine.spawn(function() error("coroutine boom") end) time.sleep("1s") return "no" end }',
  });
  await new Promise((r) => setTimeout(r, 80));
  assert.equal(out, 'bg returned\tdone\nnil\ttrue\n');
});

test('funcs.call returns values and errors; function instances keep module state', async () => {
  const out = await runLua(`
    io.print(funcs.call("app:counter"), funcs.call("app:counter"))
    local v, err = funcs.call("app:failing")
    io.print(v, err:message())
    local v2, err2 = funcs.call("app:nothere")
    io.print(v2, err2:kind() == errors.NOT_FOUND)
    local f = funcs.async("app:counter")
    local p = f:channel():receive()
    io.print(p:data(), f:is_complete())`,
  luaEntry('counter', 'counter.lua', [], 'function.lua') + luaEntry('failing', 'failing.lua', [], 'function.lua'), {
    'src/counter.lua': 'local n = 0\nreturn { main = function() n = n + 1 return n end }',
    'src/failing.lua': 'return { main = function() return nil, errors.new("nope") end }',
  });
  assert.equal(out, '1\t2\nnil\tnope\nnil\ttrue\n3\ttrue\n');
});

test('a process sees the base environment through _G and keeps its own globals', async () => {
  const out = await runLua(`
    x_global = 1
    io.print(_G.print == print, _G.string == string, rawget(_G, "x_global"), _G.x_global, _G.nothing)`);
  assert.equal(out, 'true\ttrue\t1\t1\tnil\n');
});

test('a receive parked on a channel wakes with nil, false when the channel closes; values sent before arrive in order', async () => {
  const out = await runLua(`
    local ch = channel.new()
    local got = {}
    coroutine.spawn(function()
      while true do
        local v, ok = ch:receive()
        got[#got + 1] = tostring(v) .. "/" .. tostring(ok)
        if not ok then return end
      end
    end)
    time.sleep("1ms")
    ch:send("a")
    ch:send("b")
    ch:close()
    time.sleep("1ms")
    io.print(table.concat(got, " "))`);
  assert.equal(out, 'a/true b/true nil/false\n');
});

test('a process terminated while parked in inbox:receive() exits; later sends to its PID are accepted and dropped', async () => {
  const out = await runLua(`
    local pid = process.spawn_monitored("app:sink", "app:processes")
    time.sleep("1ms")
    process.terminate(pid)
    local ev = process.events():receive()
    io.print(ev.kind == process.event.EXIT, ev.from == pid, ev.result.error ~= nil)
    io.print(process.send(pid, "late", 1))`,
  luaEntry('sink', 'sink.lua', ['io']), {
    'src/sink.lua': 'return { main = function() process.inbox():receive() io.print("never") end }',
  });
  assert.equal(out, 'true\ttrue\ttrue\ntrue\n');
});

test('sends to a name reach the process it names now; sends to a PID reach that process only while it lives', async () => {
  const out = await runLua(`
    local inbox = process.inbox()
    local a = process.spawn_monitored("app:echo", "app:processes", "A")
    local b = process.spawn("app:echo", "app:processes", "B")
    local function ask(dest, v)
      process.send(dest, "q", v)
      return inbox:receive():payload():data()
    end
    process.registry.register("svc", a)
    io.print(ask("svc", 1), ask(a, 2), ask("svc", 3))
    process.registry.unregister("svc")
    process.registry.register("svc", b)
    io.print(ask("svc", 4), ask(a, 5))
    process.send(a, "stop")
    local ev = process.events():receive()
    io.print(ev.kind == process.event.EXIT, process.send(a, "q", 6), ask(b, 7))`,
  luaEntry('echo', 'echo.lua', ['io']), {
    'src/echo.lua': `return { main = function(tag)
      local inbox = process.inbox()
      while true do
        local m = inbox:receive()
        if m:topic() == "stop" then return 0 end
        process.send(m:from(), "re", tag .. ":" .. m:payload():data())
      end
    end }`,
  });
  assert.equal(out, 'A:1\tA:2\tA:3\nB:4\tA:5\ntrue\ttrue\tB:7\n');
});
