// Conformance: the apps in examples/ run with `wippy run -x` and print what they promise.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();
const wippy = join(root, 'bin/wippy.js');

function run(example: string, entry: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [wippy, 'run', '-x', entry, ...args], {
    cwd: join(root, 'examples', example), encoding: 'utf8', timeout: 30000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('hello: a terminal process prints to stdout and its return value is the exit code', () => {
  const r = run('hello', 'app:hello', ['wippy']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Hello, wippy!\nI am process \{app:terminal\|0x00001\}\n$/);
});

test('ping-pong: a terminal process talks to a supervised service by name', () => {
  const r = run('ping-pong', 'app:pinger', ['4']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'pong 1\npong 2\npong 3\npong 4\n');
});

test('supervision: crashed linked workers are reported as LINK_DOWN and restarted', () => {
  const r = run('supervision', 'app:supervisor');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 7);
  for (const l of lines.slice(0, 6)) assert.match(l, /^worker [123] went down \(.*worker [123] crashed\); restarting$/);
  assert.equal(lines[6], 'restarted 6 workers');
});

test('worker-pool: workers call a function entry and report to the pool', () => {
  const r = run('worker-pool', 'app:pool', ['4', '20']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '20 jobs on 4 workers: sum of squares = 2870\n');
});

test('registry-jobs: jobs found in the registry run; a job created at runtime runs too', () => {
  const r = run('registry-jobs', 'app:runner');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, [
    'version 1', 'app:job.greet -> hello world', 'app:job.square -> 144',
    'version 2', 'app:job.greet -> hello world', 'app:job.square -> 144', 'app:job.shout -> hello registry', '',
  ].join('\n'));
});

test('self-changing: an agent writes, calls, improves and rolls back its own tool; a rerun finds it', () => {
  // a copy, so the example's own folder gets no history
  const dir = mkdtempSync(join(tmpdir(), 'wippy-example-'));
  cpSync(join(root, 'examples/self-changing'), dir, { recursive: true, filter: (src) => !/[/\\]\.wippy$/.test(src) });
  const runIn = () => spawnSync(process.execPath, [wippy, 'run', '-x', 'app:agent'], { cwd: dir, encoding: 'utf8', timeout: 30000 });
  let r = runIn();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[5], 'rolled back to version 2 (now version 4): Hello, world');
  r = runIn();
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.split('\n')[0], 'found app.generated:greet from an earlier run (revision 1): Hello, world');
  assert.match(r.stdout, /\n {2}5 boot\n {2}6 code by app:agent: update app\.generated:greet\n/);
});
