// A whole app with a dependency module of our own vendored unpacked under
// .wippy/vendor/<org>/<module>/: its entries load after the app's, the Link stage writes the
// ns.dependency parameters (or requirement defaults) into its entries before validation (an
// env.variable shipped without a storage), imports may alias built-in modules, the module's
// contract binding serves calls, and the manifest's exclude_meta drops its test entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS } from '../system/testing.js';
import { tostring } from '../lua/runtime/ops.js';
import { toPlain } from '../llm/lua-bridge.js';

const MODULE = '.wippy/vendor/acme/greeter/';

const FILES = (dependency: string) => ({
  'src/_index.yaml': HOSTS + `  - name: os_env
    kind: env.storage.os
${dependency}  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [registry, funcs]
    imports: { greeter: acme.greeter:lib }
  - name: call_lib
    kind: function.lua
    source: file://call_lib.lua
    method: call
    imports: { greeter: acme.greeter:lib }
`,
  // a pooled function instance keeps its loaded libraries: the lazy require works on reuse
  'src/call_lib.lua': 'return { call = function(name) return greeter.greet(name) end }',
  'src/main.lua': `return { main = function()
    local test_entry = registry.get("acme.greeter:lib_test")
    local again = { funcs.call("app:call_lib", "Bo"), funcs.call("app:call_lib", "Cy") }
    return { greeter.greet("Ada"), test_entry == nil, again }
  end }`,
  [MODULE + 'wippy.yaml']: 'organization: acme\nmodule: greeter\nexclude_meta:\n  type: [test]\n',
  [MODULE + '_index.yaml']: `version: "1.0"
namespace: acme.greeter
entries:
  - name: env_storage
    kind: ns.requirement
    targets: [{ entry: suffix, path: .storage }]
  - name: prefix
    kind: ns.requirement
    targets: [{ entry: settings, path: .prefix }, { entry: settings, path: .meta.tags += }]
    default: Hello
  - name: suffix
    kind: env.variable
    variable: ACME_GREETER_SUFFIX
  - name: settings
    kind: registry.entry
    meta: { tags: [greeting] }
  - name: greeter
    kind: contract.definition
    methods: [{ name: greet }]
  - name: greet_impl
    kind: function.lua
    source: file://greet.lua
    method: greet
    modules: [env]
    imports: { reg: ":registry" }
  - name: impl
    kind: contract.binding
    contracts: [{ contract: greeter, default: true, methods: { greet: greet_impl } }]
  - name: lib
    kind: library.lua
    source: file://lib.lua
    imports: { contract: contract }
  - name: lib_test
    kind: function.lua
    meta: { type: test }
    source: file://lib.lua
    method: greet
`,
  [MODULE + 'lib.lua']: `local lib = {}
function lib.greet(name)
  local c = assert(require("contract").get("acme.greeter:greeter"))
  local inst = assert(c:open())
  return inst:greet(name)
end
return lib`,
  [MODULE + 'greet.lua']: `return { greet = function(name)
  local settings = reg.get("acme.greeter:settings")
  local suffix = env.get("acme.greeter:suffix")
  return settings.data.prefix .. ", " .. name .. tostring(suffix) .. " [" .. table.concat(settings.meta.tags, ",") .. "]"
end }`,
});

async function greet(dependency: string): Promise<unknown> {
  process.env.ACME_GREETER_SUFFIX = '!';
  const a = await bootApp(FILES(dependency));
  try {
    const r = await a.exec('app:main');
    if (r.error !== undefined) throw new Error(tostring(r.error));
    return toPlain(r.value);
  } finally {
    await a.stop();
  }
}

test('a vendored module gets its ns.dependency parameters linked in and serves calls through its contract', async () => {
  const r = await greet(`  - name: dep.greeter
    kind: ns.dependency
    component: acme/greeter
    version: "*"
    parameters:
      - { name: env_storage, value: app:os_env }
      - { name: prefix, value: Howdy }
`);
  assert.deepEqual(r, ['Howdy, Ada! [greeting,Howdy]', true, ['Howdy, Bo! [greeting,Howdy]', 'Howdy, Cy! [greeting,Howdy]']]);
});

test('without a parameter the requirement default applies', async () => {
  const r = await greet(`  - name: dep.greeter
    kind: ns.dependency
    component: acme/greeter
    version: "*"
    parameters:
      - { name: env_storage, value: app:os_env }
`);
  assert.deepEqual(r, ['Hello, Ada! [greeting,Hello]', true, ['Hello, Bo! [greeting,Hello]', 'Hello, Cy! [greeting,Hello]']]);
});
