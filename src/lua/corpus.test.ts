// Differential tests: every program in tests/lua/corpus must print exactly what the real
// interpreter printed (the committed .out golden files, made by tests/lua/gen-goldens.sh).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runScriptSource } from './script.js';

const dir = join(process.cwd(), 'tests/lua/corpus');
const programs = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.lua')).sort() : [];

process.env.TZ = 'UTC';

for (const file of programs) {
  test(`corpus ${file}`, () => {
    const source = readFileSync(join(dir, file)).toString('latin1');
    const expected = readFileSync(join(dir, file.replace(/\.lua$/, '.out'))).toString('latin1');
    let out = '';
    const r = runScriptSource(source, file, [], (s) => { out += s; });
    const errFile = join(dir, file.replace(/\.lua$/, '.err'));
    if (existsSync(errFile)) {
      // the first line of the interpreter's stderr is `lua5.x: <message>`
      const want = readFileSync(errFile).toString('latin1').split('\n')[0].replace(/^lua5\.\d: /, '');
      assert.equal(r.ok, false, 'the program should fail');
      assert.equal(r.error, want);
    } else {
      assert.equal(r.ok, true, `failed: ${r.error}\n${r.traceback ?? ''}`);
    }
    assert.equal(out, expected);
  });
}
