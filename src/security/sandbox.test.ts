// Lua code cannot forge or change an identity: actor, scope and policy values are host
// userdata with read-only metatables, their tables are copies, and builders refuse look-alikes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS } from '../system/testing.js';

test('identities cannot be altered or forged from Lua', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `
  - name: p
    kind: security.policy
    policy: { actions: read, resources: "*", effect: allow }
  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, security, funcs]
`,
    'src/main.lua': `return { main = function()
      local a = security.new_actor("user:1", { role = "user" })
      a:meta().role = "admin"
      io.print("meta copy", a:meta().role)
      local mt = getmetatable(a)
      io.print("metatable", type(mt))
      if type(mt) == "table" then
        io.print("patch index", pcall(function() mt.__index.id = function() return "root" end end))
        io.print("rawset", pcall(rawset, mt, "__index", {}))
        io.print("id", a:id())
        local fake = setmetatable({}, mt)
        io.print("fake id", pcall(function() return fake:id() end))
        local r, e = process.with_context({}):with_actor(fake):spawn("app:main", "app:terminal")
        io.print("fake actor", r, e and e:kind())
      end
      local s = security.new_scope({ security.policy("app:p") })
      local list = s:policies()
      list[1] = nil
      io.print("policies copy", #s:policies())
      io.print("field", a.id == nil or type(a.id), s.policies ~= nil)
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined);
    const out = t.output();
    assert.match(out, /^meta copy\tuser\n/);
    assert.match(out, /\npolicies copy\t1\n/);
    // the metatable is visible (as in Lua) but read-only, and a table wearing it is no actor
    assert.match(out, /\nmetatable\ttable\n/);
    assert.match(out, /\npatch index\tfalse\t.*read-only/);
    assert.match(out, /\nrawset\tfalse\t.*read-only/);
    assert.match(out, /\nid\tuser:1\n/);
    assert.match(out, /\nfake id\tfalse\t.*Actor expected/);
    assert.match(out, /\nfake actor\tnil\tInvalid\n/);
  } finally {
    await t.stop();
  }
});
