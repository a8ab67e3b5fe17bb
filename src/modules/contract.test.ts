// The `contract` module on a real booted app: contract.definition / contract.binding entries,
// default and named bindings, context delivered to implementations as `ctx`, every method of
// every contract a binding binds, identity override, retries of retryable errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry } from '../system/testing.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from '../llm/lua-bridge.js';

const ENTRIES = `
  - name: greeter
    kind: contract.definition
    methods:
      - name: greet
        description: Says hello
        input_schemas: [{format: "application/schema+json", definition: {type: object}}]
  - name: counter
    kind: contract.definition
    methods:
      - name: count
  - name: greet_formal
    kind: function.lua
    source: file://impl.lua
    method: formal
    modules: [ctx]
  - name: greet_casual
    kind: function.lua
    source: file://impl.lua
    method: casual
    modules: [ctx]
  - name: count_calls
    kind: function.lua
    source: file://impl.lua
    method: count
    modules: [ctx]
  - name: flaky
    kind: function.lua
    source: file://impl.lua
    method: flaky
    modules: [ctx]
  - name: whoami
    kind: function.lua
    source: file://impl.lua
    method: whoami
    modules: [security]
  - name: whoami_binding
    kind: contract.binding
    contracts:
      - contract: app:counter
        methods: { count: whoami }
  - name: formal_binding
    kind: contract.binding
    contracts:
      - contract: greeter
        default: true
        methods: { greet: greet_formal }
      - contract: app:counter
        methods: { count: app:count_calls }
  - name: casual_binding
    kind: contract.binding
    contracts:
      - contract: app:greeter
        methods: { greet: greet_casual }
  - name: flaky_binding
    kind: contract.binding
    contracts:
      - contract: app:counter
        methods: { count: flaky }
`;

const IMPL = `
local calls = 0
return {
  formal = function(name)
    local title = ctx.get("title") or "Mx"
    return "Good day, " .. title .. " " .. name
  end,
  casual = function(name) return "hey " .. name end,
  whoami = function() local a = security.actor() return a and a:id() or "nobody" end,
  count = function(a, b) return { args = a + b, all = ctx.all() } end,
  flaky = function()
    calls = calls + 1
    if calls < 3 then
      return nil, errors.new({ message = "try again " .. calls, kind = errors.UNAVAILABLE, retryable = true })
    end
    return calls
  end,
}
`;

async function run(main: string): Promise<unknown> {
  const a = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['contract', 'json', 'security']) + ENTRIES,
    'src/impl.lua': IMPL,
    'src/main.lua': `return { main = function() ${main} end }`,
  });
  try {
    const r = await a.exec('app:main');
    if (r.error !== undefined) throw new Error(tostring(r.error));
    return toPlain(r.value);
  } finally {
    await a.stop();
  }
}

test('contract.get describes the contract and lists the bindings that implement it', async () => {
  const r = await run(`
    local c, err = contract.get("app:greeter")
    assert(err == nil, tostring(err))
    local impls = c:implementations()
    table.sort(impls)
    local m = c:method("greet")
    local _, missing = contract.get("app:nope")
    local found = contract.find_implementations("app:counter")
    table.sort(found)
    return { id = c:id(), n = #c:methods(), desc = m.description, fmt = m.input_schemas[1].format, impls = impls,
             missing = missing:kind(), found = found }`);
  assert.deepEqual(r, { id: 'app:greeter', n: 1, desc: 'Says hello', fmt: 'application/schema+json',
    impls: ['app:casual_binding', 'app:formal_binding'], missing: 'NotFound', found: ['app:flaky_binding', 'app:formal_binding', 'app:whoami_binding'] });
});

test(':open() uses the default binding, :open(id) a named one; methods take the caller arguments without self', async () => {
  const r = await run(`
    local c = contract.get("app:greeter")
    local def = c:open()
    local casual = c:open("app:casual_binding")
    return { def:greet("Ada"), casual:greet("Bo") }`);
  assert.deepEqual(r, ['Good day, Mx Ada', 'hey Bo']);
});

test('with_context values and open(id, ctx) reach the implementation through ctx', async () => {
  const r = await run(`
    local c = contract.get("app:greeter")
    local a = c:with_context({ title = "Dr" }):open()
    local b = contract.open("app:formal_binding", { title = "Prof" })
    local q = contract.open("app:formal_binding?title=Sir")
    return { a:greet("Ada"), b:greet("Ada"), q:greet("Ada") }`);
  assert.deepEqual(r, ['Good day, Dr Ada', 'Good day, Prof Ada', 'Good day, Sir Ada']);
});

test('an opened binding exposes every method of every contract it binds', async () => {
  const r = await run(`
    local inst = contract.get("app:greeter"):with_context({ k = 7 }):open("app:formal_binding")
    local out = inst:count(2, 3)
    return { sum = out.args, k = out.all.k, is_counter = contract.is(inst, "app:counter"), is_other = contract.is(inst, "app:nope") }`);
  assert.deepEqual(r, { sum: 5, k: 7, is_counter: true, is_other: false });
});

test('a contract with no default binding and unknown bindings give NotFound errors', async () => {
  const r = await run(`
    local _, e1 = contract.get("app:counter"):open()
    local _, e2 = contract.open("app:nope")
    local _, e3 = contract.open("not-an-id")
    return { e1:kind(), tostring(e1), e2:kind(), e3:kind() }`);
  assert.deepEqual(r, ['NotFound', "no default binding for contract 'app:counter'", 'NotFound', 'Invalid']);
});

test('retryable errors are retried with_options retry; without it the first error is returned', async () => {
  const r = await run(`
    local once = contract.open("app:flaky_binding")
    local _, err = once:count()
    local retried = contract.get("app:counter"):with_options({ retry = { max_attempts = 5, initial_delay = 1 } }):open("app:flaky_binding")
    local v, err2 = retried:count()
    return { first = err:message(), retryable = err:retryable(), value = v, err2 = err2 == nil }`);
  assert.deepEqual(r, { first: 'try again 1', retryable: true, value: 3, err2: true });
});

test('with_actor sets the identity the bound function runs as; without it the caller\'s is inherited', async () => {
  const r = await run(`
    local c = contract.get("app:counter")
    local plain = c:open("app:whoami_binding"):count()
    local as_bot = c:with_actor(security.new_actor("bot-7", {})):open("app:whoami_binding"):count()
    return { plain, as_bot }`);
  assert.deepEqual(r, ['nobody', 'bot-7']);
});
