// Token stores from TypeScript, as the HTTP layer uses them: signing keys from env
// placeholders, identities from tokens, refusal of tokens whose policies are gone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SecurityService } from './service.js';
import { TokenStores, parseExpiration } from './tokens.js';
import { KvTokenBackend } from './token-kv.js';
import { Actor, Scope } from './model.js';
import { MemoryStore } from '../store/memory.js';
import { SqlStore } from '../store/sql.js';
import { SqliteDatabase } from '../sql/sqlite.js';

type E = { id: string; kind: string; meta: Record<string, unknown>; data: Record<string, unknown> };

function setup(entries: E[], env: Record<string, string> = {}) {
  let view = { all: () => entries, get: (id: string) => entries.find((e) => e.id === id) };
  const svc = new SecurityService(() => view);
  const kvStore = new MemoryStore(1000, 0);
  svc.tokens = new TokenStores({ entry: (id) => view.get(id), env: (n) => env[n], catalog: svc.catalog,
    backend: (id) => (view.get(id)?.kind === 'store.memory' ? new KvTokenBackend(() => kvStore) : `store '${id}' not found`) });
  return { svc, replace: (next: E[]) => { entries = next; view = { all: () => entries, get: (id: string) => entries.find((e) => e.id === id) }; } };
}

const reader: E = { id: 'app:reader', kind: 'security.policy', meta: {}, data: { policy: { actions: 'doc.read', resources: '*', effect: 'allow' } } };
const kv: E = { id: 'app:kv', kind: 'store.memory', meta: {}, data: {} };
const store = (data: Record<string, unknown>): E => ({ id: 'app:tokens', kind: 'security.token_store', meta: {}, data: { store: 'kv', ...data } });

test('a signed token from a store whose key comes from ${env:NAME} gives back its actor and scope', () => {
  const { svc } = setup([reader, kv, store({ token_key: '${env:TOKEN_KEY}' })], { TOKEN_KEY: 'k1' });
  const ts = svc.tokens!.get('app:tokens');
  assert.ok(typeof ts !== 'string', String(ts));
  const token = ts.create(new Actor('user:1', { role: 'r' }), new Scope([svc.catalog.policy('app:reader')!])) as string;
  assert.match(token, /^[\w-]+\.[\w-]+$/);
  const id = svc.identityFromToken('app:tokens', token);
  assert.ok(typeof id !== 'string' && !(id instanceof Promise), String(id));
  assert.equal(id.actor!.id, 'user:1');
  assert.equal(svc.decide(id, 'doc.read', 'doc:1').allowed, true);
  assert.equal(svc.decide(id, 'doc.write', 'doc:1').allowed, false);
  // the same token signed with another key is refused before any lookup
  const other = setup([reader, kv, store({ token_key: 'k2' })]);
  assert.equal(other.svc.identityFromToken('app:tokens', token), 'invalid token signature');
  assert.equal(svc.identityFromToken('app:nope', token), "token store 'app:nope' not found");
});

test('a token whose policy was deleted no longer validates (a lost deny must not widen access)', () => {
  const { svc, replace } = setup([reader, kv, store({})]);
  const ts = svc.tokens!.get('app:tokens');
  assert.ok(typeof ts !== 'string');
  const token = ts.create(new Actor('user:1'), new Scope([svc.catalog.policy('app:reader')!])) as string;
  replace([kv, store({})]);
  assert.equal(svc.identityFromToken('app:tokens', token), 'policy app:reader of this token no longer exists');
});

test('store configuration problems and expirations', () => {
  const unset = setup([kv, store({ token_key: '${env:MISSING}' })]);
  assert.equal(unset.svc.tokens!.get('app:tokens'), 'app:tokens: token_key ${env:MISSING} is not set');
  const short = setup([kv, store({ token_length: 4 })]);
  assert.match(String(short.svc.tokens!.get('app:tokens')), /token_length must be an integer from 16 to 1024/);
  const elsewhere = setup([store({})]);
  assert.equal(elsewhere.svc.tokens!.get('app:tokens'), "app:tokens: store 'app:kv' not found");
  assert.equal(parseExpiration('7d', 0), 7 * 86_400_000);
  assert.equal(parseExpiration('1d12h', 0), 36 * 3_600_000);
  assert.equal(parseExpiration('90s', 0), 90_000);
  assert.equal(parseExpiration(250, 0), 250);
  assert.throws(() => parseExpiration('soon', 0), /invalid duration/);
});

test('tokens in a store.sql table on SQLite: rows under hashed keys; a store that cannot answer leaves the token invalid', () => {
  const db = new SqliteDatabase(':memory:');
  db.execute('CREATE TABLE kv (key VARCHAR(255) PRIMARY KEY, value BLOB, expires_at BIGINT)', []);
  const cfg = { table: 'kv', key: 'key', value: 'value', expires: 'expires_at', cleanupMs: 0 };
  const entries: E[] = [reader, { id: 'app:kv', kind: 'store.sql', meta: {}, data: {} }, store({})];
  const svc = new SecurityService(() => ({ all: () => entries, get: (id: string) => entries.find((e) => e.id === id) }));
  let table = 'kv';
  svc.tokens = new TokenStores({ entry: (id) => entries.find((e) => e.id === id), env: () => undefined, catalog: svc.catalog,
    backend: () => new KvTokenBackend(() => new SqlStore(() => db, { ...cfg, table })) });
  const ts = svc.tokens.get('app:tokens');
  assert.ok(typeof ts !== 'string', String(ts));
  const token = ts.create(new Actor('user:3'), new Scope([svc.catalog.policy('app:reader')!])) as string;
  const rows = db.query('SELECT key FROM kv', []) as { key: string }[];
  assert.equal(rows.length, 1);
  assert.match(rows[0].key, /^token:[0-9a-f]{64}$/);
  const id = svc.identityFromToken('app:tokens', token);
  assert.ok(typeof id !== 'string' && !(id instanceof Promise));
  assert.equal(id.actor!.id, 'user:3');
  assert.equal(ts.revoke(token), true);
  assert.equal((db.query('SELECT key FROM kv', []) as unknown[]).length, 0);
  assert.equal(svc.identityFromToken('app:tokens', token), 'token not found or expired');
  // the store's table is gone: the token does not validate, and nothing throws
  table = 'missing';
  assert.match(String(svc.identityFromToken('app:tokens', token)), /^token store 'app:tokens' failed: .*missing/);
});
