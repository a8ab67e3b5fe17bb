// Data handles give Lua nothing beyond their methods: no JS objects, prototypes or writable
// metatables, and a module that is not granted cannot be required.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';

test('sql, store and queue handles are closed to Lua', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
    file: ":memory:"
  - name: kv
    kind: store.memory
  - name: drv
    kind: queue.driver.memory
  - name: q
    kind: queue.queue
    driver: drv
` + luaEntry('probe', 'probe.lua', ['io', 'sql', 'store', 'queue']) + luaEntry('nosql', 'nosql.lua', ['io']),
    'src/probe.lua': `return { main = function()
      local db = sql.get("app:db")
      local s = store.get("app:kv")
      local b = sql.builder.select("x"):from("t")
      local rows = db:query("SELECT 1 AS one")
      for _, v in ipairs({db, s, b}) do
        local mt = getmetatable(v)
        io.print(type(v), v.constructor, v.__proto__, v.data, pcall(function() mt.__index.query = print end))
      end
      io.print(pcall(function() return sql.NULL.x end))
      io.print(pcall(function() getmetatable(sql.as.int(1)).__tostring = print end))
      io.print(pcall(function() sql.get = nil end))
      io.print(pcall(function() sql.builder.select = nil end))
      io.print(rows[1].one, getmetatable(rows[1]), rows.constructor)
      io.print(pcall(function() return db.query(s, "SELECT 1") end))
    end }`,
    'src/nosql.lua': `return { main = function()
      io.print(pcall(require, "sql"))
      io.print(sql)
    end }`,
  });
  try {
    const r = await t.exec('app:probe');
    assert.equal(r.error, undefined, t.output());
    const lines = t.output().trim().split('\n');
    for (const l of lines.slice(0, 3)) assert.match(l, /^userdata\tnil\tnil\tnil\tfalse\t.*read-only table/, l);
    assert.match(lines[3], /^false\t.*attempt to index a userdata value/);
    for (const l of lines.slice(4, 7)) assert.match(l, /^false\t.*read-only table/, l);
    assert.equal(lines[7], '1\tnil\tnil');
    assert.match(lines[8], /^true\tnil\t.*not a database handle/);
    const r2 = await t.exec('app:nosql');
    assert.equal(r2.error, undefined);
    assert.match(t.output(), /false\t.*module 'sql' not found.*\nnil\n$/);
  } finally {
    await t.stop();
  }
});
