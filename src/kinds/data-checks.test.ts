// Misconfigured database, store and queue entries stop the boot with file, line and entry.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApp, BootError } from '../system/boot.js';
import { writeApp, HOSTS } from '../system/testing.js';

test('bad data entries are all reported at boot with file and line', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + `  - name: db
    kind: db.sql.sqlite
  - name: pg
    kind: db.sql.postgres
    host: localhost
  - name: kv
    kind: store.sql
    database: db
    table_name: "kv; DROP TABLE users"
  - name: drv
    kind: queue.driver.memory
  - name: q
    kind: queue.queue
    driver: drv
    codec: application/xml
  - name: c
    kind: queue.consumer
    queue: q
    func: q
    concurrency: 0
  - name: fine
    kind: db.sql.postgres
    database: "\${env:DB_NAME|app}"
    port: "\${env:DB_PORT|5432}"
`,
  });
  let problems: string[] = [];
  try {
    loadApp(root);
  } catch (e) {
    problems = (e as BootError).problems;
  }
  const ours = problems.filter((p) => !/reference/.test(p));
  assert.deepEqual(ours, [
    `src/_index.yaml:10: entry app:db: db.sql.sqlite needs 'file' (a path or ":memory:")`,
    `src/_index.yaml:12: entry app:pg: db.sql.postgres needs 'database'`,
    `src/_index.yaml:15: entry app:kv: 'table_name' "kv; DROP TABLE users" is not a valid SQL identifier`,
    `src/_index.yaml:21: entry app:q: codec 'application/xml' is not supported (json/plain)`,
    `src/_index.yaml:25: entry app:c: 'concurrency' must be an integer from 1 to 1000, got 0`,
  ]);
});
