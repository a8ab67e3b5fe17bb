// Placeholder rewriting between drivers' styles (services spec §2.3).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toPostgres, toSqlite } from './rewrite.js';

test('postgres: ? becomes $n in order, outside strings, comments and dollar quotes', () => {
  assert.equal(toPostgres('SELECT * FROM t WHERE a = ? AND b = ?'), 'SELECT * FROM t WHERE a = $1 AND b = $2');
  assert.equal(toPostgres("SELECT '?' , \"q?\" , ? -- why?\n, ? /* ? */"), "SELECT '?' , \"q?\" , $1 -- why?\n, $2 /* ? */");
  assert.equal(toPostgres('SELECT $fn$ select ? $fn$, ?'), 'SELECT $fn$ select ? $fn$, $1');
  assert.equal(toPostgres("SELECT 'it''s ?', ?"), "SELECT 'it''s ?', $1");
});

test('postgres: JSONB ?| and ?& stay operators; $n-only text is unchanged', () => {
  assert.equal(toPostgres("SELECT data ?| array['a'] FROM t WHERE id = ?"), "SELECT data ?| array['a'] FROM t WHERE id = $1");
  assert.equal(toPostgres('SELECT d ?& x'), 'SELECT d ?& x');
  const s = 'UPDATE t SET a = $2 WHERE id = $1';
  assert.equal(toPostgres(s), s);
});

test('sqlite: $n and ?NNN bind by number, ? in order; strings are left alone', () => {
  assert.deepEqual(toSqlite('SELECT $2, $1, $2', ['a', 'b']), { sql: 'SELECT ?, ?, ?', params: ['b', 'a', 'b'] });
  assert.deepEqual(toSqlite('SELECT ?2, ?1', [1, 2]), { sql: 'SELECT ?, ?', params: [2, 1] });
  assert.deepEqual(toSqlite("SELECT '$1', ?", ['x']), { sql: "SELECT '$1', ?", params: ['x'] });
  assert.throws(() => toSqlite('SELECT $3', [1]), /no bind value for placeholder \$3/);
});
