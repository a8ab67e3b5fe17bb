// The two layers of a running registry (files + run-time changes), their persisted history, the
// boot rules that reconcile them, and rollback.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEntry, type Entry } from './entry.js';
import { validateEntries } from './validate.js';
import { LiveRegistry } from './live.js';
import { SqliteHistoryStore, type HistoryStore } from './store.js';

const check = (entries: readonly Entry[]) => validateEntries(entries);
const dbFile = () => join(mkdtempSync(join(tmpdir(), 'wippy-reg-')), '.wippy/registry.db');

const rec = (id: string, value: unknown, extra: Record<string, unknown> = {}) =>
  makeEntry({ id, kind: 'registry.entry', data: { value, ...extra } });
const fn = (id: string, body: string) => makeEntry({ id, kind: 'function.lua', data: { source: `return function() return ${body} end` } });

const files = (): Entry[] => [
  makeEntry({ id: 'app:host', kind: 'process.host' }),
  makeEntry({ id: 'app:worker', kind: 'process.lua', data: { source: 'return {}' } }),
  rec('app:config', 1),
  fn('app:hello', '"hello"'),
];

/** Boots like a restart does: a fresh store object on the same file. */
function boot(file: string, entries: Entry[] = files()) {
  const store: HistoryStore = new SqliteHistoryStore(file);
  const { live, dropped } = LiveRegistry.boot(entries, store, check);
  return { live, dropped, store, close: () => store.close() };
}

const value = (live: LiveRegistry, id: string) => live.registry.get(id)?.data.value;

test('run-time changes survive a restart; the version numbering continues', () => {
  const file = dbFile();
  const a = boot(file);
  assert.equal(a.live.version, 1);
  const r = a.live.applyCode([
    { op: 'create', entry: { id: 'gen:tool', kind: 'function.lua', data: { source: 'return function() return 42 end' } } },
    { op: 'update', entry: { id: 'app:config', kind: 'registry.entry', data: { value: 2 } } },
    { op: 'delete', entry: { id: 'app:hello' } },
  ], { actor: { entry: 'app:agent', pid: '{app:processes|0x00001}' } });
  assert.ok(r.ok);
  assert.equal(r.version, 2);
  a.close();

  const b = boot(file);
  assert.deepEqual(b.dropped, []);
  assert.equal(b.live.version, 3);
  assert.equal(b.live.registry.get('gen:tool')?.kind, 'function.lua');
  assert.equal(value(b.live, 'app:config'), 2);
  assert.equal(b.live.registry.get('app:hello'), undefined);
  const rows = b.store.versions();
  assert.deepEqual(rows.map((v) => [v.version, v.origin]), [[1, 'boot'], [2, 'code'], [3, 'boot']]);
  assert.deepEqual(rows[1].actor, { entry: 'app:agent', pid: '{app:processes|0x00001}' });
  assert.deepEqual(rows[1].changes.map((c) => `${c.op} ${c.id}`).sort(), ['create gen:tool', 'delete app:hello', 'update app:config']);
  b.close();
});

test('boot: a file edit of an entry changed at run time wins, and the drop is recorded', () => {
  const file = dbFile();
  const a = boot(file);
  assert.ok(a.live.applyCode([{ op: 'update', entry: { id: 'app:config', kind: 'registry.entry', data: { value: 'runtime' } } }]).ok);
  assert.ok(a.live.applyCode([{ op: 'create', entry: { id: 'gen:x', kind: 'registry.entry', data: { value: 'x' } } }]).ok);
  a.close();

  // the file's declaration of app:config changes while the app is stopped
  const edited = files().map((e) => (e.id === 'app:config' ? rec('app:config', 'file-edit') : e));
  const b = boot(file, edited);
  assert.equal(value(b.live, 'app:config'), 'file-edit');
  assert.equal(value(b.live, 'gen:x'), 'x'); // the other run-time change is kept
  assert.deepEqual(b.dropped.map((d) => d.id), ['app:config']);
  assert.match(b.store.version(b.live.version)!.note!, /app:config: its file declaration changed/);
  b.close();

  // the drop is final: the file going back to its old value does not revive the run-time value
  const c = boot(file);
  assert.equal(value(c.live, 'app:config'), 1);
  assert.deepEqual(c.dropped, []);
  c.close();
});

test('boot: a run-time change whose file entry is unchanged is replayed, deletes included', () => {
  const file = dbFile();
  const a = boot(file);
  assert.ok(a.live.applyCode([{ op: 'delete', entry: { id: 'app:config' } }]).ok);
  a.close();
  const b = boot(file);
  assert.equal(b.live.registry.get('app:config'), undefined);
  b.close();
  // the file removes the entry too, then declares it afresh: a new declaration wins again
  const c = boot(file, [...files().filter((e) => e.id !== 'app:config'), rec('app:config', 'new')]);
  assert.equal(value(c.live, 'app:config'), 'new');
  assert.deepEqual(c.dropped.map((d) => d.id), ['app:config']);
  c.close();
});

test('boot: a run-time change that no longer validates is dropped with the reason; the rest is kept', () => {
  const file = dbFile();
  const a = boot(file, [...files(), makeEntry({ id: 'app:host2', kind: 'process.host' })]);
  assert.ok(a.live.applyCode([{ op: 'create', entry: { id: 'gen:svc', kind: 'process.service', data: { process: 'app:worker', host: 'app:host2' } } }]).ok);
  assert.ok(a.live.applyCode([{ op: 'create', entry: { id: 'gen:note', kind: 'registry.entry', data: { value: 'kept' } } }]).ok);
  a.close();
  // app:host2 is removed from the files: gen:svc now references a missing entry
  const b = boot(file);
  assert.equal(b.live.registry.get('gen:svc'), undefined);
  assert.equal(value(b.live, 'gen:note'), 'kept');
  assert.equal(b.dropped.length, 1);
  assert.equal(b.dropped[0].id, 'gen:svc');
  assert.match(b.dropped[0].reason, /no longer validates: .*app:host2/);
  b.close();
  const c = boot(file, [...files(), makeEntry({ id: 'app:host2', kind: 'process.host' })]);
  assert.equal(c.live.registry.get('gen:svc'), undefined, 'a dropped change stays dropped');
  c.close();
});

test('running: a file edit wins over a run-time change of the same entry; run-time creates stay', () => {
  const file = dbFile();
  const a = boot(file);
  assert.ok(a.live.applyCode([
    { op: 'update', entry: { id: 'app:config', kind: 'registry.entry', data: { value: 'runtime' } } },
    { op: 'create', entry: { id: 'gen:x', kind: 'registry.entry', data: { value: 'x' } } },
  ]).ok);
  assert.deepEqual([...a.live.overlayNow().keys()].sort(), ['app:config', 'gen:x']);
  // an edit of another entry leaves the run-time change alone
  let r = a.live.applyFiles(files().map((e) => (e.id === 'app:hello' ? fn('app:hello', '"hi"') : e)));
  assert.ok(r.ok);
  assert.equal(value(a.live, 'app:config'), 'runtime');
  r = a.live.applyFiles(files().map((e) => (e.id === 'app:config' ? rec('app:config', 'file') : e)));
  assert.ok(r.ok);
  assert.deepEqual(r.changes.map((c) => `${c.op} ${c.entry.id}`).sort(), ['update app:config', 'update app:hello']);
  assert.equal(value(a.live, 'app:config'), 'file');
  assert.equal(value(a.live, 'gen:x'), 'x');
  assert.deepEqual([...a.live.overlayNow().keys()], ['gen:x']);
  assert.equal(a.store.versions().at(-1)!.origin, 'files');
  a.close();
  // the store agrees: the next boot (same files) replays only the run-time create
  const edited = files().map((e) => (e.id === 'app:config' ? rec('app:config', 'file') : e.id === 'app:hello' ? fn('app:hello', '"hi"') : e));
  const b = boot(file, edited);
  assert.deepEqual(b.dropped, []);
  assert.equal(value(b.live, 'app:config'), 'file');
  assert.equal(value(b.live, 'gen:x'), 'x');
  b.close();
});

test('an update back to the file value leaves the run-time layer', () => {
  const a = boot(dbFile());
  assert.ok(a.live.applyCode([{ op: 'update', entry: { id: 'app:config', kind: 'registry.entry', data: { value: 9 } } }]).ok);
  assert.ok(a.live.applyCode([{ op: 'update', entry: { id: 'app:config', kind: 'registry.entry', data: { value: 1 } } }]).ok);
  assert.equal(a.live.overlayNow().size, 0);
  a.close();
});

test('rollback restores the run-time layer of a version as a new version; file edits stay', () => {
  const file = dbFile();
  const a = boot(file);
  const create = a.live.applyCode([{ op: 'create', entry: { id: 'gen:x', kind: 'registry.entry', data: { value: 'v1' } } }]);
  assert.ok(create.ok);
  assert.ok(a.live.applyCode([{ op: 'update', entry: { id: 'gen:x', kind: 'registry.entry', data: { value: 'v2' } } }]).ok);
  assert.ok(a.live.applyFiles(files().map((e) => (e.id === 'app:config' ? rec('app:config', 'edited') : e))).ok);
  let r = a.live.rollback(create.version);
  assert.ok(r.ok);
  assert.equal(r.version, 5);
  assert.equal(value(a.live, 'gen:x'), 'v1');
  assert.equal(value(a.live, 'app:config'), 'edited', 'a rollback never undoes a file edit');
  // back to before any run-time change: the run-time entry goes away
  r = a.live.rollback(1);
  assert.ok(r.ok);
  assert.equal(a.live.registry.get('gen:x'), undefined);
  // to where we are: nothing to do, no version
  assert.deepEqual(a.live.rollback(1), { ok: true, version: 6, changes: [] });
  const bad = a.live.rollback(99);
  assert.ok(!bad.ok && bad.errors[0].code === 'version-not-found');
  assert.equal(a.store.versions().at(-1)!.note, 'rollback to version 1');
  a.close();
  // the rolled-back state is what the next boot replays
  const b = boot(file, files().map((e) => (e.id === 'app:config' ? rec('app:config', 'edited') : e)));
  assert.equal(b.live.registry.get('gen:x'), undefined);
  b.close();
});

test('rollback while stopped is validated now and applied at the next boot', () => {
  const file = dbFile();
  const a = boot(file);
  const v = a.live.applyCode([{ op: 'create', entry: { id: 'gen:x', kind: 'registry.entry', data: { value: 'v1' } } }]);
  assert.ok(v.ok);
  assert.ok(a.live.applyCode([{ op: 'update', entry: { id: 'gen:x', kind: 'registry.entry', data: { value: 'v2' } } }]).ok);
  a.close();
  const store = new SqliteHistoryStore(file);
  const r = LiveRegistry.rollbackStored(files(), store, v.version, check, { actor: { entry: 'cli' } });
  assert.ok(r.ok);
  assert.equal(r.version, 4);
  assert.deepEqual(r.changes.map((c) => `${c.op} ${c.entry.id}`), ['update gen:x']);
  store.close();
  const b = boot(file);
  assert.equal(value(b.live, 'gen:x'), 'v1');
  assert.equal(b.live.version, 5);
  b.close();
});

test('a broken change is rejected whole: nothing applied, nothing recorded', () => {
  const a = boot(dbFile());
  const r = a.live.applyCode([
    { op: 'create', entry: { id: 'gen:ok', kind: 'registry.entry', data: {} } },
    { op: 'create', entry: { id: 'gen:svc', kind: 'process.service', data: { process: 'app:missing', host: 'app:host' } } },
  ]);
  assert.ok(!r.ok);
  assert.match(r.errors.map((e) => e.message).join(), /app:missing/);
  assert.equal(a.live.registry.get('gen:ok'), undefined);
  assert.equal(a.store.lastVersion(), 1);
  assert.equal(a.live.overlayNow().size, 0);
  a.close();
});

test('the authorize hook sees every operation with its stored kind and can reject the whole changeset', () => {
  const a = boot(dbFile());
  const seen: unknown[] = [];
  a.live.registry.authorize = (ops, ctx) => {
    seen.push({ ops, actor: ctx.actor });
    const denied = ops.filter((o) => !o.id.startsWith('gen:'));
    return denied.map((o) => ({ code: 'permission-denied', message: `registry.${o.op}.${o.kind} denied`, entry: o.id }));
  };
  const r = a.live.applyCode([
    { op: 'create', entry: { id: 'gen:x', kind: 'registry.entry', data: {} } },
    { op: 'delete', entry: { id: 'app:hello' } },
  ], { actor: { entry: 'app:agent' } });
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map((e) => e.message), ['registry.delete.function.lua denied']);
  assert.deepEqual(seen, [{ ops: [{ op: 'create', id: 'gen:x', kind: 'registry.entry' }, { op: 'delete', id: 'app:hello', kind: 'function.lua' }], actor: { entry: 'app:agent' } }]);
  assert.equal(a.live.registry.get('gen:x'), undefined);
  assert.equal(a.store.lastVersion(), 1);
  assert.ok(a.live.applyCode([{ op: 'create', entry: { id: 'gen:x', kind: 'registry.entry', data: {} } }]).ok);
  a.close();
});
