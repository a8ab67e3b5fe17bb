// The `ctx` and `system` modules through real apps, and `system.exit` through `wippy run`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bootApp, writeApp, HOSTS, luaEntry } from '../system/testing.js';

const wippy = join(process.cwd(), 'bin/wippy.js');

async function runLua(lua: string, modules: string[], extra = '', files: Record<string, string> = {}) {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', modules) + extra,
    'src/main.lua': `local function main()\n${lua}\nend\nreturn { main = main }\n`,
    ...files,
  });
  const r = await t.exec('app:main');
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  return t.output();
}

// ---- ctx ------------------------------------------------------------------------------------

test('ctx: values from process.with_context are copies, inherited by function calls, set by funcs with_context', async () => {
  const out = await runLua(`
    process.registry.register("main")
    process.with_context({ user = "ann" }):spawn("app:child", "app:processes")
    local ch = process.listen("report")
    io.print((ch:receive()))
  `, ['io', 'ctx'], luaEntry('child', 'child.lua', ['ctx', 'funcs']) + `  - name: who
    kind: function.lua
    source: file://who.lua
    method: call
    modules: [ctx]
`, {
    'src/child.lua': `local function main()
      local c = ctx.all()
      c.user = "changed"
      local _, e1 = ctx.get("missing")
      local _, e2 = ctx.get("")
      local inherited = funcs.call("app:who")
      local explicit = funcs.new():with_context({ user = "bob" }):call("app:who")
      process.send("main", "report", table.concat({ ctx.get("user"), e1:kind(), e2:kind(), inherited, explicit }, " "))
    end
    return { main = main }\n`,
    'src/who.lua': `local function call() return (ctx.get("user")) end\nreturn { call = call }\n`,
  });
  assert.equal(out, 'ann NotFound Invalid ann bob\n');
});

test('ctx: a process without context', async () => {
  const out = await runLua(`
    local v, err = ctx.get("user")
    io.print(tostring(v), err:kind())
    local all = ctx.all()
    io.print(type(all), next(all))
  `, ['io', 'ctx']);
  assert.equal(out, 'nil\tInternal\ntable\tnil\n');
});

// ---- system ---------------------------------------------------------------------------------

test('system: memory, gc, runtime and process figures have the documented shapes', async () => {
  const out = await runLua(`
    local s = system.memory.stats()
    local keys = { "alloc", "total_alloc", "sys", "heap_alloc", "heap_sys", "heap_idle", "heap_in_use",
      "heap_released", "heap_objects", "stack_in_use", "stack_sys", "mspan_in_use", "mspan_sys", "num_gc", "next_gc" }
    local bad = {}
    for _, k in ipairs(keys) do
      if type(s[k]) ~= "number" or s[k] < 0 or s[k] ~= math.floor(s[k]) then bad[#bad + 1] = k end
    end
    io.print("stats", #bad == 0 and "ok" or table.concat(bad, ","), s.alloc > 0, string.format("%d B", s.alloc):match("^%d+ B$") ~= nil)
    io.print("allocated", system.memory.allocated() > 0, system.memory.heap_objects() > 0)
    local lim = system.memory.get_limit()
    io.print("limit", lim > 0, system.memory.set_limit(1000000000) == lim, system.memory.get_limit(), system.memory.set_limit(-1), system.memory.get_limit())
    io.print("gc", system.gc.collect(), system.gc.get_percent(), system.gc.set_percent(50), system.gc.get_percent())
    io.print("runtime", system.runtime.goroutines() >= 1, system.runtime.cpu_count() >= 1,
      system.runtime.max_procs() >= 1, system.runtime.max_procs(2) >= 1, system.runtime.max_procs())
    io.print("process", system.process.pid() > 0, type(system.process.hostname()), type(system.process.cwd()))
  `, ['io', 'system']);
  assert.equal(out, [
    'stats\tok\ttrue\ttrue',
    'allocated\ttrue\ttrue',
    'limit\ttrue\ttrue\t1000000000\t1000000000\t1000000000',
    'gc\ttrue\t100\t100\t50',
    'runtime\ttrue\ttrue\ttrue\ttrue\t2',
    'process\ttrue\tstring\tstring',
    '',
  ].join('\n'));
});

test('system: goroutines counts live processes', async () => {
  const out = await runLua(`
    local before = system.runtime.goroutines()
    local pids = {}
    for i = 1, 5 do pids[i] = process.spawn("app:sleeper", "app:processes") end
    local during = system.runtime.goroutines()
    for _, p in ipairs(pids) do process.terminate(p) end
    time.sleep("5ms")
    io.print(during - before, system.runtime.goroutines() - before)
  `, ['io', 'system', 'time'], luaEntry('sleeper', 'sleeper.lua', ['time']), {
    'src/sleeper.lua': `local function main() time.sleep("10s") end\nreturn { main = main }\n`,
  });
  assert.equal(out, '5\t0\n');
});

test('system: hosts, processes, supervisor states, modules, node, cluster, raft', async () => {
  const out = await runLua(`
    local hosts = system.hosts.list()
    local ids = {}
    for _, h in ipairs(hosts) do
      ids[#ids + 1] = h.id .. ":" .. type(h.workers) .. ":" .. h.processes .. ":" .. type(h.executed) .. ":" .. h.stolen .. ":" .. h.queue_depth
    end
    io.print(table.concat(ids, " "))
    local procs = system.hosts.processes("app:terminal")
    local p = procs[1]
    io.print(#procs, p.pid == process.pid(), p.host, p.source, p.state, p.started_at > 1e18, p.parent == nil)
    local _, err = system.hosts.processes("app:nope")
    io.print(err:kind())
    local st = system.supervisor.states()
    local svc = {}
    for _, s in ipairs(st) do svc[#svc + 1] = s.id .. "=" .. s.status .. "/" .. s.desired end
    table.sort(svc)
    io.print(table.concat(svc, " "))
    local one = system.supervisor.state("app:svc")
    io.print(one.id, one.status, one.retry_count, one.started_at > 1e18, one.last_update >= one.started_at, one.details)
    local _, err2 = system.supervisor.state("app:nope")
    io.print(err2:kind())
    local names = {}
    for _, m in ipairs(system.modules()) do
      if m.name == "env" or m.name == "json" then names[#names + 1] = m.name .. ":" .. m.class[1] end
      assert(type(m.description) == "string")
    end
    io.print(table.concat(names, " "))
    io.print(system.node.id(), system.node.role(), system.cluster.size(), system.cluster.leader() == system.node.id(),
      system.cluster.members()[1].is_local)
    local r, rerr = system.raft.is_leader()
    io.print(tostring(r), rerr:kind())
  `, ['io', 'system'], luaEntry('idle', 'idle.lua', ['time']) + `  - name: svc
    kind: process.service
    process: app:idle
    host: app:processes
    lifecycle: { auto_start: true }
`, {
    'src/idle.lua': `local function main() process.events():receive() end\nreturn { main = main }\n`,
  });
  assert.equal(out, [
    'app:processes:number:1:number:0:0 app:terminal:number:1:number:0:0',
    '1\ttrue\tapp:terminal\tapp:main\trunning\ttrue\ttrue',
    'NotFound',
    'app:processes=Running/Running app:svc=Running/Running app:terminal=Running/Running',
    'app:svc\tRunning\t0\ttrue\ttrue\t',
    'NotFound',
    'env:storage json:deterministic',
    'local\tleader\t1\ttrue\ttrue',
    'nil\tInternal',
    '',
  ].join('\n'));
});

test('system.lock: non-blocking, ALREADY_EXISTS, owner release, released on exit', async () => {
  const out = await runLua(`
    io.print(system.lock.acquire("a"))
    local ok, err = system.lock.acquire("a")
    io.print(ok, err:kind())
    io.print(system.lock.release("a"), system.lock.release("a"))
    process.registry.register("main")
    process.spawn_monitored("app:holder", "app:processes")
    process.listen("held"):receive()
    local ok2, err2 = system.lock.acquire("b")
    io.print(ok2, err2 and err2:kind())
    io.print(system.lock.release("b"))
    process.events():receive()
    io.print(system.lock.acquire("b"))
  `, ['io', 'system'], luaEntry('holder', 'holder.lua', ['system', 'time']), {
    'src/holder.lua': `local function main()
      system.lock.acquire("b")
      process.send("main", "held", true)
      time.sleep("10ms")
    end
    return { main = main }\n`,
  });
  assert.equal(out, 'true\nfalse\tAlreadyExists\ntrue\tfalse\nfalse\tAlreadyExists\nfalse\ntrue\n');
});

// ---- system.exit through `wippy run` -------------------------------------------------------

function wippyRun(files: Record<string, string>, args: string[]) {
  const root = writeApp(files);
  const r = spawnSync(process.execPath, [wippy, 'run', ...args], { cwd: root, encoding: 'utf8', timeout: 20000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('system.exit: `wippy run -x` exits with the code, other processes are stopped', () => {
  const r = wippyRun({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'system']),
    'src/main.lua': `local function main()
      io.print("before", system.exit(3))
      process.events():receive()
      io.print("cancelled")
      return 0
    end
    return { main = main }\n`,
  }, ['-x', 'app:main']);
  assert.equal(r.stdout, 'before\ttrue\ncancelled\n', r.stderr);
  assert.equal(r.code, 3);
});

test('system.exit: `wippy run` (services) shuts down with the code', () => {
  const r = wippyRun({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['system', 'time', 'logger']) + `  - name: svc
    kind: process.service
    process: app:main
    host: app:processes
    lifecycle: { auto_start: true }
`,
    'src/main.lua': `local function main()
      time.sleep("50ms")
      system.exit(7)
      process.events():receive()
      logger:info("service cancelled")
    end
    return { main = main }\n`,
  }, []);
  assert.equal(r.code, 7, r.stderr);
  assert.match(r.stderr, /system\.exit/);
  assert.match(r.stderr, /service cancelled/);
});
