// Boot checks of contract.definition / contract.binding entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry } from '../registry/entry.js';
import { checkContracts } from './contract.js';

const def = makeEntry({ id: 'app:greeter', kind: 'contract.definition', data: { methods: [{ name: 'greet' }] }, source: { file: 'src/_index.yaml', line: 3 } });
const fn = makeEntry({ id: 'app:greet', kind: 'function.lua', data: {} });
const lib = makeEntry({ id: 'app:lib', kind: 'library.lua', data: {} });
const binding = (name: string, contracts: unknown) => makeEntry({ id: `app:${name}`, kind: 'contract.binding', data: { contracts }, source: { file: 'src/_index.yaml', line: 20 } });

test('a well-formed binding of a declared method to a function passes', () => {
  assert.deepEqual(checkContracts([def, fn, binding('b', [{ contract: 'greeter', default: true, methods: { greet: 'greet' } }])]), []);
});

test('undeclared methods, non-contract ids and a second default are reported with file and line; a library target boots (as the reference allows)', () => {
  const problems = checkContracts([def, fn, lib,
    binding('one', [{ contract: 'app:greeter', default: true, methods: { greet: 'app:greet', wave: 'app:greet' } }]),
    binding('two', [{ contract: 'app:greeter', default: true, methods: { greet: 'app:lib' } }, { contract: 'app:lib' }]),
    binding('three', [])]);
  assert.deepEqual(problems.map((p) => `${p.file}:${p.line}: ${p.entry}: ${p.message}`), [
    "src/_index.yaml:20: app:one: contracts[0]: app:greeter has no method 'wave'",
    'src/_index.yaml:20: app:two: app:greeter already has the default binding app:one',
    'src/_index.yaml:20: app:two: contracts[1]: app:lib is a library.lua, not a contract.definition',
    'src/_index.yaml:20: app:three: binding needs contracts: [{contract, methods: {name: function_id}}]',
  ]);
});
