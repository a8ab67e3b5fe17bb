// Hot upgrade: process.upgrade swaps a process's code in place (PID, mailbox, names,
// monitors and links kept); OUTDATED tells opted-in processes that their code changed;
// upgradable services are upgraded in place instead of restarted.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootApp, HOSTS, luaEntry, type TestApp } from './testing.js';
import { watchApp } from './watch.js';
import { createLog } from './log.js';

/** Wait until `cond` holds (services start and upgrade on the event loop, at its pace). */
async function waitFor(what: string, cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function run(t: TestApp, entry: string): Promise<string> {
  const before = t.output().length;
  const r = await t.exec(entry);
  if (r.error !== undefined) throw new Error(`${entry} failed: ${String((r.error as { data?: { message?: string } }).data?.message ?? r.error)}`);
  return t.output().slice(before);
}

test('process.upgrade(id, ...) keeps the PID, the mailbox, names and monitors; the new code gets the state in a fresh _G', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']) + luaEntry('stage1', 'stage1.lua', []) + luaEntry('stage2', 'stage2.lua', []),
    'src/main.lua': `return { main = function()
      local child = process.spawn_monitored("app:stage1", "app:processes")
      process.send(child, "go", "hello")
      local ev = process.events():receive()
      io.print(ev.kind == process.event.EXIT, ev.from == child, ev.result.value)
    end }`,
    'src/stage1.lua': `return { main = function()
      leftover = "old global"
      process.registry.register("worker")
      local me = process.pid()
      process.send(me, "early", "kept")
      process.upgrade("app:stage2", me, { count = 1 })
      error("not reached")
    end }`,
    'src/stage2.lua': `return { main = function(oldpid, state)
      local inbox = process.inbox()
      local a, b = inbox:receive(), inbox:receive()
      local same = oldpid == process.pid() and process.registry.lookup("worker") == oldpid
      return table.concat({ tostring(same), state.count, a:topic(), a:payload():data(),
        b:topic(), b:payload():data(), tostring(leftover) }, ",")
    end }`,
  });
  assert.equal(await run(t, 'app:main'), 'true\ttrue\ttrue,1,go,hello,early,kept,nil\n');
  await t.stop();
});

test('process.upgrade(nil or "") reruns the same definition, from inside pcall and coroutines too', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']) + luaEntry('again', 'again.lua', []),
    'src/main.lua': `return { main = function() io.print(process.exec("app:again", "app:processes")) end }`,
    'src/again.lua': `return { main = function(n, trail)
      n = n or 0
      trail = (trail or "") .. n
      if n == 0 then process.upgrade(nil, n + 1, trail) end
      if n == 1 then pcall(process.upgrade, "", n + 1, trail) end
      if n == 2 then
        local co = coroutine.create(function() process.upgrade(nil, n + 1, trail) end)
        coroutine.resume(co)
      end
      return "ran " .. trail
    end }`,
  });
  assert.equal(await run(t, 'app:main'), 'ran 0123\n');
  await t.stop();
});

test('a failed upgrade crashes the process: monitors see the error, linked processes LINK_DOWN', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']) + luaEntry('bad', 'bad.lua', []) + luaEntry('broken', 'broken.lua', []),
    'src/main.lua': `return { main = function()
      process.set_options({ trap_links = true })
      local v, err = process.exec("app:bad", "app:processes", "app:nope")
      io.print(v, err:kind() == errors.NOT_FOUND, tostring(err):match("entry 'app:nope' not found") ~= nil)
      local kid = process.spawn_linked("app:bad", "app:processes", "app:broken")
      local ev = process.events():receive()
      io.print(ev.kind == process.event.LINK_DOWN, ev.from == kid, tostring(ev.result.error):match("boom") ~= nil)
    end }`,
    'src/bad.lua': `return { main = function(target) process.upgrade(target) return "old code" end }`,
    'src/broken.lua': `error("boom at load")`,
  });
  assert.equal(await run(t, 'app:main'), 'nil\ttrue\ttrue\ntrue\ttrue\ttrue\n');
  await t.stop();
});

test('OUTDATED reaches only opted-in processes whose code or imports changed, coalesced into one event', async (tc) => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io'])
      + luaEntry('watcher', 'watcher.lua', []) + '    imports: { lib: app:lib }\n'
      + luaEntry('plain', 'watcher.lua', []) + '    imports: { lib: app:lib }\n'
      + luaEntry('lib', 'lib.lua', [], 'library.lua'),
    'src/main.lua': `return { main = function()
      local me = process.pid()
      for _, name in ipairs({ "opted", "plain" }) do
        process.send(name, "check", me)
        io.print(name, process.inbox():receive():payload():data())
      end
    end }`,
    'src/watcher.lua': `return { main = function(opt)
      process.set_options({ upgradable = opt })
      process.registry.register(opt and "opted" or "plain")
      local m = process.inbox():receive()
      local seen = {}
      while true do
        local r = channel.select({ process.events():case_receive() }, true)
        if r.default then break end
        seen[#seen + 1] = r.value.kind .. "[" .. table.concat(r.value.sources or {}, " ") .. "]"
      end
      process.send(m:payload():data(), "seen", #seen .. " " .. table.concat(seen, ";"))
      return 0
    end }`,
    'src/lib.lua': `return { version = "v1" }`,
  });
  tc.after(() => t.stop());
  const rt = t.app.runtime;
  for (const [entry, opt] of [['app:watcher', true], ['app:plain', false]] as const) {
    const p = rt.spawn(undefined, entry, 'app:processes', [opt], {});
    assert.ok(!('kind' in p));
  }
  await waitFor('both watchers', () => rt.node.names.has('opted') && rt.node.names.has('plain'));
  const root = rt.root!;
  const w = watchApp(root, t.app.live, createLog({ silent: true }));
  writeFileSync(join(root, 'src/lib.lua'), 'return { version = "v2" }');
  assert.equal(w.reload().ok, true);
  writeFileSync(join(root, 'src/watcher.lua'), (await import('node:fs')).readFileSync(join(root, 'src/watcher.lua'), 'latin1') + '\n-- edited\n');
  assert.equal(w.reload().ok, true);
  await t.app.reconciled();
  assert.equal(await run(t, 'app:main'), 'opted\t1 pid.outdated[app:lib app:watcher]\nplain\t0 \n');
  w.close();
  await t.stop();
});

test('upgradable services are upgraded in place on a code change; the others restart', async (tc) => {
  const svc = (name: string, proc: string, meta = '') => `  - name: ${name}
    kind: process.service
    process: app:${proc}
    host: app:processes
    input: ["${name}"]
${meta}    lifecycle: { auto_start: true }
`;
  // opts in itself and upgrades on OUTDATED, carrying a counter; `meta.upgradable` has the
  // reconciler swap the code; the third is an ordinary service
  const body = (version: string) => `return { main = function(name, upgrades)
    upgrades = upgrades or 0
    if name == "self" then process.set_options({ upgradable = true }) end
    process.registry.register(name)
    local inbox, events = process.inbox(), process.events()
    while true do
      local r = channel.select { inbox:case_receive(), events:case_receive() }
      if r.channel == events then
        if r.value.kind == process.event.OUTDATED then process.upgrade(nil, name, upgrades + 1) end
        if r.value.kind == process.event.CANCEL then return 0 end
      else
        process.send(r.value:payload():data(), "v", "${version}/" .. upgrades)
      end
    end
  end }`;
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']) + luaEntry('code', 'code.lua', [])
      + svc('self', 'code') + svc('meta', 'code', '    meta: { upgradable: true }\n') + svc('plain', 'code'),
    'src/main.lua': `return { main = function()
      for _, name in ipairs({ "self", "meta", "plain" }) do
        process.send(name, "ask", process.pid())
        io.print(name, process.inbox():receive():payload():data())
      end
    end }`,
    'src/code.lua': body('v1'),
  });
  tc.after(() => t.stop());
  const names = t.app.runtime.node.names;
  await waitFor('the three services', () => ['self', 'meta', 'plain'].every((n) => names.has(n)));
  const pids = () => ['self', 'meta', 'plain'].map((n) => names.get(n)?.pid);
  const before = pids();
  assert.equal(await run(t, 'app:main'), 'self\tv1/0\nmeta\tv1/0\nplain\tv1/0\n');
  const root = t.app.runtime.root!;
  const w = watchApp(root, t.app.live, createLog({ silent: true }));
  writeFileSync(join(root, 'src/code.lua'), body('v2'));
  assert.equal(w.reload().ok, true);
  await t.app.reconciled();
  await waitFor('the upgrades and the restart', () => names.get('self')?.ctx.upgradedAt !== undefined
    && names.get('meta')?.ctx.upgradedAt !== undefined && names.has('plain') && names.get('plain')?.pid !== before[2]);
  const after = pids();
  assert.equal(after[0], before[0]);
  assert.equal(after[1], before[1]);
  assert.notEqual(after[2], before[2]);
  assert.equal(await run(t, 'app:main'), 'self\tv2/1\nmeta\tv2/0\nplain\tv2/0\n');
  w.close();
  await t.stop();
});

test('an upgradable service whose input changes is upgraded in place, and a later restart uses the new definition', async (tc) => {
  const index = (input: string) => HOSTS + luaEntry('main', 'main.lua', ['io']) + luaEntry('worker', 'worker.lua', []) + `  - name: svc
    kind: process.service
    process: app:worker
    host: app:processes
    input: ["${input}"]
    meta: { upgradable: true }
    lifecycle: { auto_start: true, restart: { initial_delay: 10ms } }
`;
  const t = await bootApp({
    'src/_index.yaml': index('first'),
    'src/main.lua': `return { main = function()
      process.send("svc", "ask", process.pid())
      io.print(process.inbox():receive():payload():data())
    end }`,
    'src/worker.lua': `return { main = function(tag)
      process.registry.register("svc")
      local inbox = process.inbox()
      while true do
        local m = inbox:receive()
        if m:topic() == "crash" then error("asked to crash") end
        process.send(m:payload():data(), "v", tag)
      end
    end }`,
  });
  tc.after(() => t.stop());
  const names = t.app.runtime.node.names;
  await waitFor('the service', () => names.has('svc'));
  const pid = () => names.get('svc')?.pid;
  const first = pid();
  assert.equal(await run(t, 'app:main'), 'first\n');
  const root = t.app.runtime.root!;
  const w = watchApp(root, t.app.live, createLog({ silent: true }));
  try {
    writeFileSync(join(root, 'src/_index.yaml'), index('second'));
    assert.equal(w.reload().ok, true);
    await t.app.reconciled();
    await waitFor('the upgrade', () => names.get('svc')?.ctx.upgradedAt !== undefined);
    assert.equal(pid(), first);
    assert.equal(await run(t, 'app:main'), 'second\n');
    t.app.runtime.node.names.get('svc')!.deliver({ topic: 'crash', from: '', payloads: [] });
    await waitFor('the restart', () => pid() !== undefined && pid() !== first);
    assert.equal(await run(t, 'app:main'), 'second\n');
  } finally {
    w.close();
    await t.stop();
  }
});
