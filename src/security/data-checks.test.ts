// Permission checks of the data modules for code running as an actor (services spec §7.8):
// `db.get` on the database id, `store.get` on the store id, `queue.publish` on the queue id.
// A scope that allows one resource gets that one only; the app itself (no identity) gets all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS } from '../system/testing.js';
import { readerProbe } from './testing.js';

const PROBE = readerProbe(['sql', 'store', 'queue'], `  io.print(who, "db", kind(sql.get("app:open_db")), kind(sql.get("app:closed_db")))
  io.print(who, "store", kind(store.get("app:open_store")), kind(store.get("app:closed_store")))
  io.print(who, "queue", kind(queue.publish("app:open_queue", "x")), kind(queue.publish("app:closed_queue", "x")))`);

const APP = HOSTS + `
  - name: reader
    kind: security.policy
    policy:
      actions: [db.get, store.get, queue.publish, process.exec, process.host]
      resources: ["app:open_db", "app:open_store", "app:open_queue", "app:probe", "app:terminal"]
      effect: allow
    groups: [readers]
  - name: open_db
    kind: db.sql.sqlite
    file: ":memory:"
  - name: closed_db
    kind: db.sql.sqlite
    file: ":memory:"
  - name: open_store
    kind: store.memory
  - name: closed_store
    kind: store.memory
  - name: driver
    kind: queue.driver.memory
    lifecycle: { auto_start: true }
  - name: open_queue
    kind: queue.queue
    driver: app:driver
  - name: closed_queue
    kind: queue.queue
    driver: app:driver
${PROBE.entries}`;


test('sql.get, store.get and queue.publish are checked for code with an identity; the app itself passes', async () => {
  const t = await bootApp({
    'src/_index.yaml': APP,
    ...PROBE.files,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, String(r.error));
    assert.deepEqual(t.output().trim().split('\n'), [
      'actor\tdb\tok\tPermissionDenied',
      'actor\tstore\tok\tPermissionDenied',
      'actor\tqueue\tok\tPermissionDenied',
      'app\tdb\tok\tok',
      'app\tstore\tok\tok',
      'app\tqueue\tok\tok',
    ]);
  } finally {
    await t.stop();
  }
});
