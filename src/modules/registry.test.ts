// The `registry` module's history side, run through Lua in a booted app: versions, history,
// apply_version, compile-time rejection of generated code, and the permission hook.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import type { AuthorizeOp, ApplyContext } from '../registry/registry.js';

const app = (body: string) => bootApp({
  'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'registry', 'funcs']),
  'src/main.lua': `return { main = function()\n${body}\nend }`,
});

const tool = (n: number) => `{ id = "gen:tool", kind = "function.lua", data = { source = "return function() return ${n} end" } }`;

test('Lua: versions, history and apply_version go back to an earlier version as a new one', async () => {
  const t = await app(`
    local v2 = registry.snapshot():changes():create(${tool(1)}):apply()
    local v3 = registry.snapshot():changes():update(${tool(2)}):apply()
    io.print("call", funcs.call("gen:tool"))
    local ok, err = registry.apply_version(v2)
    io.print("rollback", ok, err, registry.current_version():id(), funcs.call("gen:tool"))
    local ids = {}
    for _, v in ipairs(registry.versions()) do ids[#ids + 1] = v:id() end
    io.print("versions", table.concat(ids, ","))
    local h = registry.history()
    io.print("history", #h:versions(), h:get_version(3):id(), h:snapshot_at(3):get("gen:tool").data.source)
    local info = h:info(4)
    io.print("info", info.origin, info.actor.entry, info.changes[1].op, info.changes[1].id)
    local missing, merr = h:get_version(9)
    io.print("missing", missing, errors.is(merr, errors.NOT_FOUND))
    local bad, berr = registry.apply_version(9)
    io.print("bad", bad, errors.is(berr, errors.NOT_FOUND))
  `);
  const r = await t.exec('app:main');
  assert.equal(r.error, undefined, t.output());
  assert.equal(t.output(), [
    'call\t2', 'rollback\ttrue\tnil\t4\t1', 'versions\t1,2,3,4',
    'history\t4\t3\treturn function() return 2 end', 'info\trollback\tapp:main\tupdate\tgen:tool',
    'missing\tnil\ttrue', 'bad\tfalse\ttrue', '',
  ].join('\n'));
  await t.stop();
});

test('Lua: generated code that does not compile is rejected at apply, with the place', async () => {
  const t = await app(`
    local v, err = registry.snapshot():changes():create({ id = "gen:bad", kind = "function.lua",
      data = { source = "return function( end" } }):apply()
    io.print(v, errors.is(err, errors.INVALID), tostring(err))
    io.print(registry.get("gen:bad"), registry.current_version():id())
  `);
  await t.exec('app:main');
  const lines = t.output().split('\n');
  assert.match(lines[0], /^nil\ttrue\tentry gen:bad: gen:bad:1: .*expected/);
  assert.equal(lines[1], 'nil\t1');
  await t.stop();
});

test('Lua: the authorize hook sees the acting process; a denial is PERMISSION_DENIED and applies nothing', async () => {
  const t = await app(`
    local v, err = registry.snapshot():changes():create(${tool(1)}):create({ id = "app:x", kind = "registry.entry" }):apply()
    io.print(v, errors.is(err, errors.PERMISSION_DENIED), tostring(err))
    io.print(registry.get("gen:tool"), registry.current_version():id())
  `);
  const seen: { ops: readonly AuthorizeOp[]; ctx: ApplyContext }[] = [];
  t.app.registry.authorize = (ops, ctx) => {
    seen.push({ ops, ctx });
    return ops.filter((o) => !o.id.startsWith('gen:')).map((o) => ({ code: 'permission-denied', message: `registry.${o.op}.${o.kind} denied on ${o.id}` }));
  };
  await t.exec('app:main');
  assert.equal(t.output(), 'nil\ttrue\tregistry.create.registry.entry denied on app:x\nnil\t1\n');
  assert.equal(seen.length, 1);
  assert.equal(seen[0].ctx.origin, 'code');
  assert.equal(seen[0].ctx.actor?.entry, 'app:main');
  assert.match(String(seen[0].ctx.actor?.pid), /^\{app:terminal\|/);
  await t.stop();
});

test('Lua: a changeset built from a snapshot that is no longer current is a retryable CONFLICT', async () => {
  const t = await app(`
    local snap = registry.snapshot()
    local first = snap:changes():create({ id = "gen:a", kind = "registry.entry" })
    local second = snap:changes():create({ id = "gen:b", kind = "registry.entry" })
    io.print(first:apply():id())
    local v, err = second:apply()
    io.print(v, errors.is(err, errors.CONFLICT), err:retryable(), registry.get("gen:b"))
    io.print(registry.snapshot():changes():create({ id = "gen:b", kind = "registry.entry" }):apply():id())
  `);
  await t.exec('app:main');
  assert.equal(t.output(), "2\nnil\ttrue\ttrue\tnil\tentry 'gen:b' not found\n3\n");
  await t.stop();
});

test('Lua: build_delta gives the ops between two entry lists, deletes first', async () => {
  const t = await app(`
    local a = { { id = "x:a", kind = "registry.entry", data = { n = 1 } }, { id = "x:b", kind = "registry.entry" } }
    local b = { { id = "x:a", kind = "registry.entry", data = { n = 2 } }, { id = "x:c", kind = "registry.entry" } }
    for _, op in ipairs(registry.build_delta(a, b)) do io.print(op.kind, op.entry.id, op.entry.data.n) end
    local none, err = registry.build_delta(a, { { kind = "x" } })
    io.print(none, errors.is(err, errors.INVALID))
  `);
  await t.exec('app:main');
  assert.equal(t.output(), 'entry.delete\tx:b\tnil\nentry.update\tx:a\t2\nentry.create\tx:c\tnil\nnil\ttrue\n');
  await t.stop();
});
