// Queues end to end in booted apps: the memory driver and the durable SQL driver (SQLite
// file, PostgreSQL server started by the test), consumers with concurrency, settlement
// rules, dead letters, and messages surviving a restart.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startApp } from '../system/boot.js';
import { createLog } from '../system/log.js';
import { bootApp, writeApp, HOSTS, luaEntry } from '../system/testing.js';
import { startPostgres, type PostgresServer } from '../system/testing-postgres.js';
import type { TestApp } from '../system/testing.js';

let pg: PostgresServer;
before(async () => { pg = await startPostgres(); });
after(() => pg?.stop());

/** The handler: records each delivery in SQL; the body says how to behave. Each delivery
 *  lasts 250 ms so that `concurrency` deliveries overlap even when a loaded machine is slow
 *  to hand them out. */
const HANDLER = `local function main(task)
  local msg = queue.message()
  local db = sql.get("app:db")
  local cur = store.get("app:stats")
  local running = (cur:get("running") or 0) + 1
  cur:set("running", running)
  if running > (cur:get("max") or 0) then cur:set("max", running) end
  db:execute("INSERT INTO seen (body, attempt, prio) VALUES (?, ?, ?)", {task.name, msg:attempts(), msg:header("priority") or ""})
  time.sleep(task.sleep or "1ms")
  cur:set("running", cur:get("running") - 1)
  if task.mode == "false_once" and msg:attempts() == 1 then return false end
  if task.mode == "error_once" and msg:attempts() == 1 then error("boom") end
  if task.mode == "nil_err_once" and msg:attempts() == 1 then return nil, "soft failure" end
  if task.mode == "ack_then_error" then msg:ack() error("after ack") end
  if task.mode == "always_fail" then return false end
  return true
end
return { main = main }`;

const WAIT = `local function main(n)
  local db = sql.get("app:db")
  for _ = 1, 1500 do
    local r = db:query("SELECT COUNT(*) AS c FROM seen")
    if r[1].c >= n then break end
    time.sleep("10ms")
  end
  time.sleep("100ms")
  for _, r in ipairs(db:query("SELECT body, attempt, prio FROM seen ORDER BY body, attempt")) do
    io.print(r.body .. " " .. r.attempt .. (r.prio ~= "" and (" " .. r.prio) or ""))
  end
  io.print("max " .. tostring(store.get("app:stats"):get("max")))
end
return { main = main }`;

function app(driver: string, extra = '', consumer = 'concurrency: 3\n    prefetch: 5'): Record<string, string> {
  return {
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ./data.db
    lifecycle: { auto_start: true }
  - name: stats
    kind: store.memory
${driver}
  - name: tasks
    kind: queue.queue
    driver: drv
    dead_letter: { queue: dead, max_attempts: 2 }
    lifecycle: { auto_start: true }
  - name: dead
    kind: queue.queue
    driver: drv
    lifecycle: { auto_start: true }
  - name: worker
    kind: queue.consumer
    queue: tasks
    func: handler
    ${consumer}
    lifecycle: { auto_start: true }
  - name: dead_worker
    kind: queue.consumer
    queue: dead
    func: dead_handler
    lifecycle: { auto_start: true }
  - name: handler
    kind: function.lua
    source: file://handler.lua
    method: main
    modules: [queue, sql, store, time]
  - name: dead_handler
    kind: function.lua
    source: file://dead.lua
    method: main
    modules: [queue, sql]
` + extra + luaEntry('setup', 'setup.lua', ['sql']) + luaEntry('publish', 'publish.lua', ['io', 'queue'])
      + luaEntry('wait', 'wait.lua', ['io', 'sql', 'store', 'time']),
    'src/handler.lua': HANDLER,
    'src/dead.lua': `return { main = function(task)
      local m = queue.message()
      sql.get("app:db"):execute("INSERT INTO seen (body, attempt, prio) VALUES (?, ?, ?)",
        {"dead:" .. task.name, m:header("x_attempts"), m:header("x_dead_letter_from")})
    end }`,
    'src/setup.lua': `return { main = function()
      sql.get("app:db"):execute("CREATE TABLE IF NOT EXISTS seen (body TEXT, attempt INTEGER, prio TEXT)")
    end }`,
    'src/publish.lua': `return { main = function(...)
      for _, name in ipairs({...}) do
        local mode = name:match("^(.-)%d*$")
        local ok, err = queue.publish("app:tasks", {name = name, mode = mode, sleep = "250ms"}, {priority = "p-" .. name})
        if not ok then io.print("publish failed: " .. tostring(err)) end
      end
    end }`,
    'src/wait.lua': WAIT,
  };
}

async function scenario(t: TestApp): Promise<string> {
  assert.equal((await t.exec('app:setup')).error, undefined);
  const p = await t.exec('app:publish', 'ok1', 'ok2', 'ok3', 'ok4', 'false_once', 'error_once', 'nil_err_once', 'ack_then_error', 'always_fail');
  assert.equal(p.error, undefined, t.output());
  const w = await t.exec('app:wait', 14);
  assert.equal(w.error, undefined, t.output());
  return t.output();
}

const EXPECTED = [
  'ack_then_error 1 p-ack_then_error',
  'always_fail 1 p-always_fail',
  'always_fail 2 p-always_fail',
  'dead:always_fail 2 app:tasks',
  'error_once 1 p-error_once',
  'error_once 2 p-error_once',
  'false_once 1 p-false_once',
  'false_once 2 p-false_once',
  'nil_err_once 1 p-nil_err_once',
  'nil_err_once 2 p-nil_err_once',
  'ok1 1 p-ok1', 'ok2 1 p-ok2', 'ok3 1 p-ok3', 'ok4 1 p-ok4',
  'max 3',
].join('\n') + '\n';

test('queue.driver.memory: concurrency, ack/nack rules, retries, dead letters, headers', async () => {
  const t = await bootApp(app(`  - name: drv
    kind: queue.driver.memory
    lifecycle: { auto_start: true }`));
  try {
    assert.equal(await scenario(t), EXPECTED);
  } finally {
    await t.stop();
  }
});

test('queue.driver.sql on SQLite: the same rules, durably', async () => {
  const t = await bootApp(app(`  - name: drv
    kind: queue.driver.sql
    database: db
    poll_interval: 50ms
    lifecycle: { auto_start: true }`));
  try {
    assert.equal(await scenario(t), EXPECTED);
  } finally {
    await t.stop();
  }
});

// worker2 claims one message at a time (the default prefetch of 10 would let it take most of
// the queue in one claim, and worker would sit idle: a peak of 2, not 3)
test('queue.driver.sql on PostgreSQL: the same rules; two consumers share the queue, each message once', async () => {
  const url = pg.createDatabase('queues');
  const files = app(`  - name: qdb
    kind: db.sql.postgres
    dsn: "${url}"
  - name: drv
    kind: queue.driver.sql
    database: qdb
    poll_interval: 50ms
    lifecycle: { auto_start: true }`, `  - name: worker2
    kind: queue.consumer
    queue: tasks
    func: handler
    concurrency: 1
    prefetch: 1
    lifecycle: { auto_start: true }
`, 'concurrency: 2\n    prefetch: 2');
  const t = await bootApp(files);
  try {
    assert.equal(await scenario(t), EXPECTED);
  } finally {
    await t.stop();
  }
});

test('queue.driver.sql: messages published before a restart are consumed after it', async () => {
  const files = app(`  - name: drv
    kind: queue.driver.sql
    database: db
    poll_interval: 50ms
    lifecycle: { auto_start: true }`);
  // first run: no consumer of app:tasks (its auto_start is off)
  const first = { ...files, 'src/_index.yaml': files['src/_index.yaml'].replace(/(- name: worker\n(?:.*\n)*?    lifecycle: \{ auto_start: )true/, '$1false') };
  const root = writeApp(first);
  const log = createLog({ silent: true });
  const run = async (entry: string, ...args: unknown[]) => {
    const a = await startApp(root, log);
    let out = '';
    a.runtime.terminal = { out: (s) => { out += s; }, err: (s) => { out += s; }, args: [] };
    const p = a.runtime.spawn(undefined, entry, 'app:terminal', args.map((x) => (typeof x === 'string' ? x : x as number)), {});
    if ('kind' in p) throw new Error(p.message);
    await new Promise((r) => p.onExit(r));
    return { a, out: () => out };
  };
  const one = await run('app:setup');
  await one.a.supervisor.stopAll();
  const two = await run('app:publish', 'ok1', 'ok2', 'ok3');
  await new Promise((r) => setTimeout(r, 200));
  await two.a.supervisor.stopAll();
  // nothing consumed yet: three rows wait in the queue table
  const Database = (await import('better-sqlite3')).default;
  const file = new Database(`${root}/data.db`, { readonly: true });
  assert.deepEqual(file.prepare('SELECT (SELECT COUNT(*) FROM seen) AS seen, (SELECT COUNT(*) FROM wippy_queue) AS waiting').get(), { seen: 0, waiting: 3 });
  file.close();
  // second run: the consumer starts and finds the three messages
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${root}/src/_index.yaml`, files['src/_index.yaml']);
  const three = await run('app:wait', 3);
  await three.a.supervisor.stopAll();
  assert.equal(three.out(), 'ok1 1 p-ok1\nok2 1 p-ok2\nok3 1 p-ok3\nmax 3\n');
});

test('queue module: errors outside a handler, bad data, unknown queue, info', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: drv
    kind: queue.driver.memory
  - name: q
    kind: queue.queue
    driver: drv
    driver_options: { memory: { max_length: 2 } }
` + luaEntry('main', 'main.lua', ['io', 'queue']),
    'src/main.lua': `return { main = function()
      local m, e = queue.message()
      io.print(m, e:kind(), e:message())
      local _, e2 = queue.publish("app:q", nil)
      io.print(e2:kind())
      local _, e3 = queue.publish("app:nope", {x = 1})
      io.print(e3:kind())
      io.print(queue.publish("app:q", "a"), queue.publish("app:q", 2))
      local ok, e4 = queue.publish("app:q", true)
      io.print(ok, e4:kind())
      local info = queue.info("app:q")
      io.print(info.message_count, info.consumer_count, info.name)
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), 'nil\tInvalid\tno delivery context\nInvalid\nNotFound\ntrue\ttrue\nnil\tInternal\n2\t0\tq\n');
  } finally {
    await t.stop();
  }
});

test('queue.consumer: removing it stops deliveries, lets the running handler finish and gives buffered messages back', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: drv
    kind: queue.driver.memory
    lifecycle: { auto_start: true }
  - name: q
    kind: queue.queue
    driver: drv
    lifecycle: { auto_start: true }
  - name: stats
    kind: store.memory
  - name: slow
    kind: queue.consumer
    queue: q
    func: handler
    concurrency: 1
    prefetch: 5
    lifecycle: { auto_start: true, stop_timeout: 5s }
  - name: handler
    kind: function.lua
    source: file://handler.lua
    method: main
    modules: [store, time]
` + luaEntry('main', 'main.lua', ['io', 'queue', 'store', 'time', 'registry']),
    'src/handler.lua': `return { main = function(n)
      local s = store.get("app:stats")
      s:set("started", (s:get("started") or 0) + 1)
      time.sleep("300ms")
      s:set("finished", (s:get("finished") or 0) + 1)
    end }`,
    'src/main.lua': `return { main = function()
      for i = 1, 4 do queue.publish("app:q", i) end
      time.sleep("100ms")
      local c = registry.snapshot():changes()
      c:delete("app:slow")
      assert(c:apply())
      time.sleep("600ms")
      local s = store.get("app:stats")
      io.print(s:get("started"), s:get("finished"), queue.info("app:q").message_count)
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), '1\t1\t3\n');
  } finally {
    await t.stop();
  }
});

test('queue.driver.sql: a delivery not settled within visibility_timeout is delivered again', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ./q.db
    lifecycle: { auto_start: true }
  - name: drv
    kind: queue.driver.sql
    database: db
    poll_interval: 50ms
    visibility_timeout: 300ms
    lifecycle: { auto_start: true }
  - name: q
    kind: queue.queue
    driver: drv
    lifecycle: { auto_start: true }
  - name: stats
    kind: store.memory
  - name: c
    kind: queue.consumer
    queue: q
    func: handler
    concurrency: 2
    lifecycle: { auto_start: true }
  - name: handler
    kind: function.lua
    source: file://handler.lua
    method: main
    modules: [queue, store, time]
` + luaEntry('main', 'main.lua', ['io', 'queue', 'store', 'time']),
    // the first delivery hangs (a stuck or crashed worker): the message comes back
    'src/handler.lua': `return { main = function(n)
      local m = queue.message()
      local s = store.get("app:stats")
      s:set("seen", (s:get("seen") or "") .. m:attempts() .. " ")
      if m:attempts() == 1 then time.sleep("1500ms") end
    end }`,
    'src/main.lua': `return { main = function()
      queue.publish("app:q", "job")
      time.sleep("1000ms")
      io.print(store.get("app:stats"):get("seen"))
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.equal(t.output(), '1 2 \n');
  } finally {
    await t.stop();
  }
});
