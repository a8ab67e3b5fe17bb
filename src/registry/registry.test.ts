// The live registry: versions, changesets, history, listeners.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeEntry, type Entry, type EntryInput } from './entry.js';
import { formatError } from './errors.js';
import { buildDelta } from './delta.js';
import { loadProject } from './load.js';
import { Registry, type ChangeEvent } from './registry.js';
import { makeProject, yaml } from './fixture.js';

function entry(id: string, kind: string, data: Record<string, unknown> = {}, extra: Partial<EntryInput> = {}): Entry {
  return makeEntry({ id, kind, data, ...extra });
}

function boot(): Registry {
  return new Registry([
    entry('app:host', 'process.host'),
    entry('app:worker', 'process.lua', { source: 'return {}', method: 'main' }),
    entry('app:svc', 'process.service', { process: 'worker', host: 'host' }),
    entry('app:rule', 'registry.entry', { rule: 'a' }, { meta: { type: 'rule' } }),
  ]);
}

const summary = (changes: readonly { op: string; entry: Entry }[]) => changes.map((c) => `${c.op} ${c.entry.id}`);

test('boot is version 1; get, find, all', () => {
  const reg = boot();
  assert.equal(reg.version, 1);
  assert.equal(reg.get('app:svc')?.kind, 'process.service');
  assert.equal(reg.get('app:nope'), undefined);
  assert.deepEqual(reg.find({ 'meta.type': 'rule' }).map((e) => e.id), ['app:rule']);
  assert.equal(reg.all().length, 4);
  assert.deepEqual(summary(reg.history()[0].changes), ['create app:host', 'create app:worker', 'create app:svc', 'create app:rule']);
  // stored entries are frozen copies
  assert.throws(() => {
    (reg.get('app:rule')!.data as Record<string, unknown>).rule = 'b';
  }, TypeError);
});

test('a changeset becomes one new version; listeners see the ordered changes', () => {
  const reg = boot();
  const events: ChangeEvent[] = [];
  const off = reg.onChange((e) => events.push(e));
  const r = reg.apply([
    { op: 'create', entry: { id: 'app:svc2', kind: 'process.service', data: { process: 'worker2', host: 'host' } } },
    { op: 'create', entry: { id: 'app:worker2', kind: 'process.lua', data: { source: 'return {}' } } },
    { op: 'update', entry: { id: 'app:rule', kind: 'registry.entry', meta: { type: 'rule' }, data: { rule: 'b' } } },
    { op: 'delete', entry: { id: 'app:svc' } },
  ]);
  assert.ok(r.ok);
  assert.equal(r.version, 2);
  assert.equal(reg.version, 2);
  // deletes first; creates/updates with dependencies before dependents
  // (app:rule keeps its place in registry order, so its update comes before the new entries)
  assert.deepEqual(summary(r.changes), ['delete app:svc', 'update app:rule', 'create app:worker2', 'create app:svc2']);
  assert.equal(r.changes[1].original?.data.rule, 'a');
  assert.deepEqual(events, [{ version: 2, changes: r.changes }]);
  assert.equal(reg.get('app:rule')?.data.rule, 'b');
  assert.equal(reg.get('app:svc'), undefined);
  off();
  reg.apply([{ op: 'delete', entry: { id: 'app:svc2' } }]);
  assert.equal(events.length, 1);
});

test('a rejected changeset leaves the current version untouched', () => {
  const reg = boot();
  const before = reg.current();
  const r = reg.apply([
    { op: 'create', entry: { id: 'app:ok', kind: 'registry.entry' } },
    { op: 'delete', entry: { id: 'app:host' } }, // app:svc still needs it
    { op: 'create', entry: { id: 'app:typo', kind: 'proces.lua', data: { source: '' } } },
  ]);
  assert.ok(!r.ok);
  assert.deepEqual(r.errors.map(formatError), [
    `entry app:svc: reference 'host' points to missing entry 'app:host'`,
    `entry app:typo: unknown kind 'proces.lua'`,
  ]);
  assert.equal(reg.version, 1);
  assert.equal(reg.current(), before);
  assert.equal(reg.get('app:ok'), undefined);
  assert.equal(reg.history().length, 1);
});

test('operations are checked against the state so far', () => {
  const reg = boot();
  const r = reg.apply([
    { op: 'create', entry: { id: 'app:rule', kind: 'registry.entry' } },
    { op: 'update', entry: { id: 'app:nope', kind: 'registry.entry' } },
    { op: 'update', entry: { id: 'app:rule', kind: 'function.lua' } },
    { op: 'delete', entry: { id: 'app:gone' } },
    { op: 'create', entry: { kind: 'registry.entry' } },
    { op: 'create', entry: { id: 'app:f', kind: 'function.lua', data: { source: 'file://f.lua' } } },
  ]);
  assert.ok(!r.ok);
  assert.deepEqual(
    r.errors.map((e) => `${e.code}: ${formatError(e)}`),
    [
      'already-exists: entry app:rule: changeset[0] create: entry already exists',
      'not-found: entry app:nope: changeset[1] update: no such entry',
      `kind-change: entry app:rule: changeset[2] update: kind changes from 'registry.entry' to 'function.lua' (delete and create instead)`,
      'not-found: entry app:gone: changeset[3] delete: no such entry',
      'invalid-entry: changeset[4] create: entry needs an id or a namespace and a name',
      `source-not-loaded: entry app:f: changeset[5] create: source 'file://f.lua' is a file reference that was never loaded; pass the code inline`,
    ],
  );
  assert.deepEqual(reg.apply([]), { ok: false, errors: [{ code: 'empty-changeset', message: 'no changes' }] });
  // create then delete of the same entry nets to nothing
  const net = reg.apply([
    { op: 'create', entry: { id: 'app:tmp', kind: 'registry.entry' } },
    { op: 'delete', entry: { id: 'app:tmp' } },
  ]);
  assert.deepEqual(net, { ok: false, errors: [{ code: 'empty-changeset', message: 'no changes' }] });
});

test('several ops on one entry are squashed', () => {
  const reg = boot();
  const r = reg.apply([
    { op: 'create', entry: { id: 'app:n', kind: 'registry.entry', data: { v: 1 } } },
    { op: 'update', entry: { id: 'app:n', kind: 'registry.entry', data: { v: 2 } } },
    { op: 'delete', entry: { id: 'app:rule' } },
    { op: 'create', entry: { id: 'app:rule', kind: 'registry.entry', data: { rule: 'c' } } },
  ]);
  assert.ok(r.ok);
  // delete + create is an update in place, so app:rule keeps its position before the new app:n
  assert.deepEqual(summary(r.changes), ['update app:rule', 'create app:n']);
  assert.equal(r.changes[1].entry.data.v, 2);
  // replaying history rebuilds the same registry order
  const ids = reg.all().map((e) => e.id);
  assert.ok(reg.apply([{ op: 'create', entry: { id: 'app:later', kind: 'registry.entry' } }]).ok);
  assert.deepEqual(reg.at(2)!.all().map((e) => e.id), ids);
});

test('history and at(version) give every earlier state; applyVersion rolls back as a new version', () => {
  const reg = boot();
  // version 1 keeps load order even though its record lists creates in dependency order
  const loaded = new Registry([entry('app:svc', 'process.service', { host: 'h' }), entry('app:h', 'process.host')]);
  loaded.apply([{ op: 'create', entry: { id: 'app:x', kind: 'registry.entry' } }]);
  assert.deepEqual(summary(loaded.history()[0].changes), ['create app:h', 'create app:svc']);
  assert.deepEqual(loaded.at(1)!.all().map((e) => e.id), ['app:svc', 'app:h']);

  reg.apply([{ op: 'create', entry: { id: 'app:a', kind: 'registry.entry' } }]);
  reg.apply([{ op: 'update', entry: { id: 'app:rule', kind: 'registry.entry', meta: { type: 'rule' }, data: { rule: 'z' } } }]);
  assert.deepEqual(reg.history().map((h) => [h.version, summary(h.changes)]), [
    [1, ['create app:host', 'create app:worker', 'create app:svc', 'create app:rule']],
    [2, ['create app:a']],
    [3, ['update app:rule']],
  ]);
  assert.equal(reg.at(1)?.has('app:a'), false);
  assert.equal(reg.at(2)?.get('app:rule')?.data.rule, 'a');
  assert.equal(reg.at(2)?.find({ '.name': 'a' }).length, 1);
  assert.equal(reg.at(3), reg.current());
  assert.equal(reg.at(4), undefined);
  assert.equal(reg.at(0), undefined);

  const back = reg.applyVersion(1);
  assert.ok(back.ok);
  assert.equal(back.version, 4);
  assert.deepEqual(summary(back.changes), ['delete app:a', 'update app:rule']);
  assert.deepEqual(reg.all().map((e) => e.id), reg.at(1)!.all().map((e) => e.id));
  assert.equal(reg.get('app:rule')?.data.rule, 'a');
});

test('problems that already existed do not block a changeset; tolerate() admits chosen new ones', () => {
  const withModuleRef = [entry('app:f', 'function.lua', { source: '', imports: { llm: 'wippy.llm:llm' } })];
  const reg = new Registry(withModuleRef);
  assert.ok(reg.apply([{ op: 'create', entry: { id: 'app:x', kind: 'registry.entry' } }]).ok);
  const second = { op: 'create' as const, entry: { id: 'app:g', kind: 'function.lua', data: { source: '', imports: { p: 'wippy.llm:prompt' } } } };
  assert.ok(!reg.apply([second]).ok);
  const lenient = new Registry(withModuleRef, { tolerate: (e) => e.code === 'unresolved-module-reference' });
  assert.ok(lenient.apply([second]).ok);
});

test('prepare() lets handlers veto before commit; a stale prepare cannot commit', () => {
  const reg = boot();
  const p = reg.prepare([{ op: 'create', entry: { id: 'app:a', kind: 'registry.entry' } }]);
  assert.ok(p.ok);
  assert.equal(p.next.version, 2);
  assert.ok(p.next.has('app:a'));
  assert.equal(reg.version, 1); // nothing happens until commit
  const other = reg.prepare([{ op: 'create', entry: { id: 'app:b', kind: 'registry.entry' } }]);
  assert.ok(other.ok);
  assert.ok(other.commit().ok);
  assert.deepEqual(p.commit(), {
    ok: false,
    errors: [{ code: 'version-conflict', message: 'prepared against version 1, registry is at 2' }],
  });
  assert.equal(reg.get('app:a'), undefined);
});

test('a listener that throws does not undo the commit or starve other listeners', () => {
  const failures: unknown[] = [];
  const reg = new Registry([], { onListenerError: (e) => failures.push(e) });
  let seen = 0;
  reg.onChange(() => {
    throw new Error('boom');
  });
  reg.onChange(() => seen++);
  assert.ok(reg.apply([{ op: 'create', entry: { id: 'app:a', kind: 'registry.entry' } }]).ok);
  assert.equal(seen, 1);
  assert.equal(failures.length, 1);
  assert.equal(reg.version, 2);
});

test('an update that keeps a file:// source keeps its loaded text', () => {
  const p = makeProject({
    'src/_index.yaml': yaml('namespace: app', 'entries:', '  - {name: f, kind: function.lua, source: file://f.lua, method: main}'),
    'src/f.lua': 'return { main = function() return 1 end }',
  });
  try {
    const reg = new Registry(loadProject(p.root).entries);
    const stored = reg.get('app:f')!;
    // as Lua would send it back: id, kind, meta, data only
    const r = reg.apply([{ op: 'update', entry: { id: stored.id, kind: stored.kind, meta: {}, data: { ...stored.data, method: 'other' } } }]);
    assert.ok(r.ok);
    assert.equal(reg.get('app:f')?.sourceText, 'return { main = function() return 1 end }');
    assert.equal(reg.get('app:f')?.sourceFile, 'src/f.lua');
  } finally {
    p.cleanup();
  }
});

test('buildDelta: minimal ordered changes between two sets', () => {
  const from = [entry('app:host', 'process.host'), entry('app:svc', 'process.service', { host: 'host' }), entry('app:k', 'registry.entry')];
  const to = [entry('app:k', 'store.memory'), entry('app:svc2', 'process.service', { host: 'host2' }), entry('app:host2', 'process.host')];
  assert.deepEqual(summary(buildDelta(from, to)), ['delete app:k', 'delete app:svc', 'delete app:host', 'create app:k', 'create app:host2', 'create app:svc2']);
  assert.deepEqual(buildDelta(from, from), []);
});
