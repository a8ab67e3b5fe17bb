// The event bus and the `events` module: patterns, kind filters, copies, close, exit cleanup.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import { EventBus, Pattern } from '../system/events.js';

test('patterns: literal, *, **, (a|b), globs', () => {
  const m = (p: string, s: string) => new Pattern(p).match(s);
  assert.ok(m('orders', 'orders'));
  assert.ok(!m('orders', 'orders.x'));
  assert.ok(m('orders.*', 'orders.created'));
  assert.ok(!m('orders.*', 'orders.item.created'));
  assert.ok(!m('orders.*', 'orders'));
  assert.ok(m('orders.**', 'orders'));
  assert.ok(m('orders.**', 'orders.x'));
  assert.ok(m('orders.**', 'orders.x.y'));
  assert.ok(!m('orders.**', 'orderz.x'));
  assert.ok(m('**.created', 'a.b.created'));
  assert.ok(m('**', 'anything.at.all'));
  assert.ok(m('a.**.z', 'a.z'));
  assert.ok(m('a.**.z', 'a.b.c.z'));
  assert.ok(!m('a.**.z', 'a.b.c'));
  assert.ok(m('user.(created|deleted)', 'user.created'));
  assert.ok(m('user.(created|deleted)', 'user.deleted'));
  assert.ok(!m('user.(created|deleted)', 'user.updated'));
  assert.ok(m('(users|orders).*', 'orders.new'));
  assert.ok(m('user*', 'users'));
  assert.ok(!m('user*', 'users.x'));
  assert.ok(m('a+b', 'a+b'));
  assert.ok(!m('a+b', 'aab'));
});

test('EventBus: kind filters, close, publish counts', () => {
  const bus = new EventBus<string>();
  const got: string[] = [];
  const a = bus.subscribe('users', undefined, (e) => got.push(`a:${e.kind}`));
  bus.subscribe('users', 'user.login', (e) => got.push(`b:${e.kind}`));
  bus.subscribe('*', '*', (e) => got.push(`c:${e.system}`));
  bus.subscribe('users', 'user.*', () => { throw new Error('a broken subscriber'); });
  assert.equal(bus.publish('users', 'user.login', '/u/1'), 4);
  assert.equal(bus.publish('orders', 'created', '/o/1', 'x'), 1);
  a.close();
  a.close();
  assert.equal(bus.publish('users', 'user.created', '/u/2'), 2);
  assert.deepEqual(got, ['a:user.login', 'b:user.login', 'c:users', 'c:orders', 'c:users']);
  assert.equal(bus.size, 3);
});

async function runLua(lua: string, extra = '', beforeStop?: (t: Awaited<ReturnType<typeof bootApp>>) => void) {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'events', 'time']) + extra,
    'src/main.lua': `local function main()\n${lua}\nend\nreturn { main = main }\n`,
    'src/child.lua': `local function main(mode)
      local sub = events.subscribe("jobs")
      if mode == "crash" then error("boom") end
      return 0
    end
    return { main = main }\n`,
  });
  const r = await t.exec('app:main');
  beforeStop?.(t);
  await t.stop();
  assert.equal(r.error, undefined, String(r.error));
  return { out: t.output(), t };
}

const drain = `
  local function drain(sub)
    local out = {}
    while true do
      local r = channel.select({ sub:channel():case_receive() }, true)
      if r.default then break end
      if not r.ok then out[#out + 1] = "<closed>" break end
      out[#out + 1] = r.value.system .. "/" .. r.value.kind .. "@" .. r.value.path
    end
    return table.concat(out, " ")
  end
`;

test('events: subscribe with wildcards and kind filters, send, receive tables', async () => {
  const { out } = await runLua(drain + `
    local all = events.subscribe("orders.**")
    local one = events.subscribe("orders.*", "item.(added|removed)")
    local star = events.subscribe("orders", "*")
    local alt = events.subscribe("(users|orders)")
    assert(all:channel() == all:channel())
    events.send("orders", "created", "/o/1", { id = 1 })
    events.send("orders.eu", "item.added", "/o/1/i/1")
    events.send("orders.eu", "item.changed", "/o/1/i/1")
    events.send("orders.eu.x", "item.removed", "/o/1/i/2")
    events.send("users", "user.created", "/u/1")
    events.send("other", "x", "/")
    io.print("all: " .. drain(all))
    io.print("one: " .. drain(one))
    io.print("star: " .. drain(star))
    io.print("alt: " .. drain(alt))
  `);
  assert.equal(out, [
    'all: orders/created@/o/1 orders.eu/item.added@/o/1/i/1 orders.eu/item.changed@/o/1/i/1 orders.eu.x/item.removed@/o/1/i/2',
    'one: orders.eu/item.added@/o/1/i/1',
    'star: orders/created@/o/1',
    'alt: orders/created@/o/1 users/user.created@/u/1',
    '',
  ].join('\n'));
});

test('events: data is copied (per subscriber, at send time); no data means no field', async () => {
  const { out } = await runLua(`
    local s1 = events.subscribe("sys")
    local s2 = events.subscribe("sys")
    local data = { name = "Alice", tags = { "a" } }
    events.send("sys", "k", "/p", data)
    data.name = "changed"
    local e1 = s1:channel():receive()
    local e2 = s2:channel():receive()
    e1.data.tags[1] = "mutated"
    io.print(e1.data.name, e2.data.name, e2.data.tags[1], e1.data ~= data, e1.data ~= e2.data)
    events.send("sys", "k", "/p")
    local e3 = s1:channel():receive()
    io.print(e3.data == nil, e3.system, e3.kind, e3.path)
  `);
  assert.equal(out, 'Alice\tAlice\ta\ttrue\ttrue\ntrue\tsys\tk\t/p\n');
});

test('events: close is idempotent and receivers get nil, false', async () => {
  const { out } = await runLua(`
    local sub = events.subscribe("sys")
    local ch = sub:channel()
    local got
    local co = coroutine.spawn(function() local v, ok = ch:receive(); got = tostring(v) .. "," .. tostring(ok) end)
    time.sleep("5ms")
    io.print(sub:close(), sub:close())
    time.sleep("5ms")
    io.print(got)
    io.print(events.send("sys", "k", "/p"))
    local v, ok = ch:receive()
    io.print(tostring(v), ok)
  `);
  assert.equal(out, 'true\ttrue\nnil,false\ntrue\nnil\tfalse\n');
});

test('events: invalid arguments give INVALID', async () => {
  const { out } = await runLua(`
    local function k(ok, err) return tostring(ok) .. ":" .. (err and err:kind() or "-") end
    io.print(k(events.send("", "k", "/p")), k(events.send("s", "", "/p")), k(events.send("s", "k", "")),
      k(events.send(nil, "k", "/p")), k(events.send("s", "k")))
    io.print(k(events.subscribe("")), k(events.subscribe(nil)), k(events.subscribe("s", 5)))
  `);
  assert.equal(out, 'nil:Invalid\tnil:Invalid\tnil:Invalid\tnil:Invalid\tnil:Invalid\nnil:Invalid\tnil:Invalid\tnil:Invalid\n');
});

test('events: subscriptions close when the subscribing process exits (normally or not)', async () => {
  let live = -1;
  const { out } = await runLua(`
    local pid1 = process.spawn_monitored("app:child", "app:processes", "ok")
    local pid2 = process.spawn_monitored("app:child", "app:processes", "crash")
    local evs = process.events()
    evs:receive()
    evs:receive()
    io.print(events.send("jobs", "k", "/p"))
    local keep = events.subscribe("mine")
    return 0
  `, luaEntry('child', 'child.lua', ['events']), (t) => { live = t.app.runtime.events.size; });
  assert.equal(out, 'true\n');
  // the children's subscriptions went with them, and so did main's own when it returned
  assert.equal(live, 0);
});
