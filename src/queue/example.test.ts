// The examples/task-queue app: `wippy run -x app:submit ...` publishes tasks to a durable
// SQL queue, 4 workers process them, a failing task is dead-lettered after 3 attempts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = process.cwd();

function submit(words: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [join(root, 'bin/wippy.js'), 'run', '-x', 'app:submit', ...words], {
    cwd: join(root, 'examples/task-queue'), encoding: 'utf8', timeout: 30000, env: { ...process.env, ...env },
  });
}

test('task-queue: tasks are processed, a failing one is dead-lettered after 3 attempts', () => {
  const r = submit(['alpha', 'fail', 'beta']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'submitted 3 tasks\ndone: 2 completed, 1 dead-lettered\nalpha -> ALPHA\nbeta -> BETA\ndead: fail (3 attempts)\n');
});

test('task-queue: with TASKS_DB set, results and the schema persist across runs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-tq-'));
  try {
    const env = { TASKS_DB: join(dir, 'tasks.db') };
    assert.equal(submit(['one'], env).status, 0);
    const r = submit(['two'], env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'submitted 1 tasks\ndone: 1 completed, 0 dead-lettered\ntwo -> TWO\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
