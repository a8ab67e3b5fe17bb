// A process's globals: its own table over the shared, read-only base environment. `_G` is
// answered without being stored (no hash part per idle process); these are the behaviours
// code can observe.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from './testing.js';

test("a process's _G is its own globals table: _G.x and x agree, the base stays untouched", async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua') + luaEntry('other', 'other.lua'),
    'src/main.lua': `return { main = function()
      io.print(_G == _G._G, _G._G._G == _G, rawget(_G, "_G"))
      _G.counter = 1
      counter = counter + 1
      io.print(counter, _G.counter, rawget(_G, "counter"))
      print = nil           -- a base global is not removed by assigning nil in a process
      io.print(type(_G.string), type(string.format), type(rawget(_G, "string")))
      local keys = {}
      for k in pairs(_G) do keys[#keys + 1] = k end
      table.sort(keys)
      io.print("own keys", table.concat(keys, ","))
      setmetatable(_G, { __index = function(_, k) return "meta:" .. k end })
      io.print(undefined_name)
      process.exec("app:other", "app:terminal")
    end }`,
    'src/other.lua': `return { main = function()
      io.print("other", counter, type(print), getmetatable(_G))
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, String(r.error));
    assert.deepEqual(t.output().trim().split('\n'), [
      'true\ttrue\tnil',
      '2\t2\t2',
      'table\tfunction\tnil',
      'own keys\tcounter,io,time',
      'meta:undefined_name',
      'other\tnil\tfunction\tnil',
    ]);
  } finally {
    await t.stop();
  }
});

test('two apps booted in one JS process each run their processes on their own node', async () => {
  const files = (tag: string) => ({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'time']),
    'src/main.lua': `return { main = function()
      process.registry.register("me")
      time.sleep("5ms")
      io.print("${tag}", process.registry.lookup("me") == process.pid(), process.pid())
    end }`,
  });
  const a = await bootApp(files('a'));
  const b = await bootApp(files('b'));
  try {
    const [ra, rb] = await Promise.all([a.exec('app:main'), b.exec('app:main')]);
    assert.equal(ra.error, undefined, String(ra.error));
    assert.equal(rb.error, undefined, String(rb.error));
    assert.match(a.output(), /^a\ttrue\t\{app:terminal\|0x\d+\}\n$/);
    assert.match(b.output(), /^b\ttrue\t\{app:terminal\|0x\d+\}\n$/);
  } finally {
    await a.stop();
    await b.stop();
  }
});
