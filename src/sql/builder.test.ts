// The query builder's SQL text and bind lists (services spec §2.4), through the Lua module.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';

test('sql.builder: statements, conditions, joins, placeholder formats', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'sql']),
    'src/main.lua': `return { main = function()
      local b = sql.builder
      local function show(q)
        local s, args = q:to_sql()
        local a = {}
        for i = 1, #args do a[i] = tostring(args[i]) end
        io.print(s .. " | " .. table.concat(a, ","))
      end
      show(b.select("u.id", "COUNT(o.id) AS n"):from("users u")
        :left_join("orders o ON o.user_id = u.id AND o.state = ?", "paid")
        :where("u.age > ?", 18):where(b.not_eq({role = "bot"}))
        :group_by("u.id"):having("COUNT(o.id) >= ?", 2):order_by("n DESC"):limit(5):offset(10))
      show(b.select("*"):distinct():from("t"):where({deleted_at = sql.NULL, kind = {"a", "b"}}))
      show(b.select("*"):from("t"):where(b.or_({ b.lt({a = 1}), b.gte({b = 2}), {c = 3} })):placeholder_format(b.at))
      show(b.select("*"):from("t"):where(b.like({name = "x%"})):where(b.not_like({name = "%y"})):placeholder_format(b.colon))
      show(b.select("id"):from(b.select("id"):from("t"):where({x = 1})))
      show(b.insert("t"):columns("a", "b"):values(1, "x"):values(2, b.expr("NOW()")):suffix("RETURNING id"))
      show(b.insert("t"):options("OR IGNORE"):set_map({b = 2, a = 1}))
      show(b.insert("archive"):columns("id"):select(b.select("id"):from("t"):where({old = true})))
      show(b.update("t"):set("n", b.expr("n + ?", 1)):set_map({z = "q"}):where({id = 7}):suffix("RETURNING id"):placeholder_format(b.dollar))
      show(b.delete("t"):where(b.and_({ {a = 1}, b.gt({b = 2}) })):order_by("id"):limit(3))
      show(b.select("*"):from("t"):where("a = ? OR b = ?", 1, 2):placeholder_format(b.dollar))
      local _, e1 = b.insert("t"):to_sql()
      local _, e2 = b.update("t"):to_sql()
      local _, e3 = b.delete():to_sql()
      io.print(e1:kind(), e2:kind(), e3:kind())
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, t.output());
    assert.deepEqual(t.output().trim().split('\n'), [
      'SELECT u.id, COUNT(o.id) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id AND o.state = ? WHERE u.age > ? AND role <> ? GROUP BY u.id HAVING COUNT(o.id) >= ? ORDER BY n DESC LIMIT 5 OFFSET 10 | paid,18,bot,2',
      'SELECT DISTINCT * FROM t WHERE (deleted_at IS NULL AND kind IN (?,?)) | a,b',
      'SELECT * FROM t WHERE (a < @p1 OR b >= @p2 OR c = @p3) | 1,2,3',
      'SELECT * FROM t WHERE name LIKE :1 AND name NOT LIKE :2 | x%,%y',
      'SELECT id FROM (SELECT id FROM t WHERE x = ?) | 1',
      'INSERT INTO t (a,b) VALUES (?,?),(?,NOW()) RETURNING id | 1,x,2',
      'INSERT OR IGNORE INTO t (a,b) VALUES (?,?) | 1,2',
      'INSERT INTO archive (id) SELECT id FROM t WHERE old = ? | true',
      'UPDATE t SET n = n + $1, z = $2 WHERE id = $3 RETURNING id | 1,q,7',
      'DELETE FROM t WHERE (a = ? AND b > ?) ORDER BY id LIMIT 3 | 1,2',
      'SELECT * FROM t WHERE a = $1 OR b = $2 | 1,2',
      'Invalid\tInvalid\tInvalid',
    ]);
  } finally {
    await t.stop();
  }
});
