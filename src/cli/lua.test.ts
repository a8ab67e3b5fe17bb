// `wippy lua FILE [args]` behaves like the `lua` command.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const wippy = join(process.cwd(), 'bin/wippy.js');

function run(source: string, args: string[] = [], input = '') {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-lua-'));
  const file = join(dir, 'script.lua');
  writeFileSync(file, source);
  const r = spawnSync(process.execPath, [wippy, 'lua', file, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.replaceAll(file, 'script.lua') };
}

test('prints to stdout and exits 0', () => {
  const r = run('print("hello", 1, 2.5, nil, true)\nio.write("a", 1, "\\n")');
  assert.equal(r.stdout, 'hello\t1\t2.5\tnil\ttrue\na1\n');
  assert.equal(r.code, 0);
});

test('arguments arrive in arg and as varargs', () => {
  const r = run('print(arg[0] ~= nil, arg[1], arg[2], select("#", ...), ...)', ['x', 'ü']);
  assert.equal(r.stdout, 'true\tx\tü\t2\tx\tü\n');
});

test('a runtime error goes to stderr with position and traceback, exit code 1', () => {
  const r = run('print("before")\nlocal function f(t)\n  return t.x.y\nend\nf({})\n');
  assert.equal(r.code, 1);
  assert.equal(r.stdout, 'before\n');
  assert.match(r.stderr, /^lua: script\.lua:3: attempt to index a nil value \(field 'x'\)\n/);
  assert.match(r.stderr, /stack traceback:\n\tscript\.lua:3: in function 'f'\n\tscript\.lua:5: in main chunk/);
});

test('a syntax error is reported like lua, exit code 1', () => {
  const r = run('x = = 1');
  assert.equal(r.code, 1);
  assert.equal(r.stderr.split('\n')[0], "lua: script.lua:1: unexpected symbol near '='");
});

test('error with a table value names its type', () => {
  const r = run('error({code = 1})');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^lua: \(error object is a table value\)/);
});

test('stdin is readable line by line', () => {
  const r = run('for line in io.lines() do print(#line, line) end', [], 'ab\nxyz\n');
  assert.equal(r.stdout, '2\tab\n3\txyz\n');
});

test('a missing file is an error', () => {
  const r = spawnSync(process.execPath, [wippy, 'lua', '/nonexistent/x.lua'], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /cannot open \/nonexistent\/x\.lua/);
});

test('a reader that closes the pipe early ends the script quietly, without an EPIPE error', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-lua-'));
  const file = join(dir, 'script.lua');
  writeFileSync(file, 'for i = 1, 200000 do print("line " .. i) end');
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${wippy}" lua "${file}" | head -2`], { encoding: 'utf8' });
  assert.equal(r.stdout, 'line 1\nline 2\n');
  assert.equal(r.stderr, '');
});
