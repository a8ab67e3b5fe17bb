// `${env:...}` placeholders resolved against a real env system built from entries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEnvSystem } from '../kinds/env.js';
import { resolvePlaceholders, PlaceholderError } from './placeholders.js';

const env = createEnvSystem([
  { id: 'app:fixed', kind: 'env.storage.static', meta: {}, data: { values: { DB_HOST: 'db.internal', DB_PORT: '6543', DEBUG: 'true', EMPTY: '' } } },
  { id: 'app:host', kind: 'env.variable', meta: {}, data: { variable: 'DB_HOST', storage: 'fixed' } },
  { id: 'app:port', kind: 'env.variable', meta: {}, data: { variable: 'DB_PORT', storage: 'fixed' } },
  { id: 'app:debug', kind: 'env.variable', meta: {}, data: { variable: 'DEBUG', storage: 'fixed' } },
  { id: 'app:empty', kind: 'env.variable', meta: {}, data: { variable: 'EMPTY', storage: 'fixed' } },
  { id: 'app:with_default', kind: 'env.variable', meta: {}, data: { variable: 'REGION', storage: 'fixed', default: 'eu' } },
  { id: 'app:private', kind: 'env.variable', meta: {}, data: { storage: 'fixed', default: 'hidden' } },
], '/tmp');

test('a whole-field placeholder takes the value; a typed default coerces it', () => {
  const r = resolvePlaceholders({ host: '${env:DB_HOST}', port: '${env:DB_PORT|5432}', debug: '${env:DEBUG|false}' }, env);
  assert.deepEqual(r, { host: 'db.internal', port: 6543, debug: true });
});

test('inline defaults apply to unset variables, typed when the default is', () => {
  const r = resolvePlaceholders({ a: '${env:NOPE|5}', b: '${env:NOPE|1.5}', c: '${env:NOPE|text}', d: '${env:EMPTY|x}' }, env);
  assert.deepEqual(r, { a: 5, b: 1.5, c: 'text', d: 'x' });
});

test('a placeholder inside text is interpolated; $${ escapes; bare ${VAR} stays', () => {
  const r = resolvePlaceholders({ dsn: 'postgres://${env:DB_HOST}:${env:DB_PORT}/x', lit: 'cost $${price}', bare: '${HOME}' }, env);
  assert.deepEqual(r, { dsn: 'postgres://db.internal:6543/x', lit: 'cost ${price}', bare: '${HOME}' });
});

test('the shorthand needs an UPPER_SNAKE name and a default', () => {
  const r = resolvePlaceholders({ a: '${DB_HOST|local}', b: '${db_host|local}', c: '${MISSING_X|fallback}' }, env);
  assert.deepEqual(r, { a: 'db.internal', b: '${db_host|local}', c: 'fallback' });
});

test('the variable default wins over the inline default; entry ids work as names', () => {
  const r = resolvePlaceholders({ region: '${env:REGION|us}', priv: '${env:app:private}' }, env);
  assert.deepEqual(r, { region: 'eu', priv: 'hidden' });
});

test('an unresolvable placeholder without a default fails naming the field', () => {
  assert.throws(() => resolvePlaceholders({ pool: { password: '${env:NOT_THERE}' } }, env),
    (e: unknown) => e instanceof PlaceholderError && /pool\.password/.test(e.message) && /NOT_THERE/.test(e.message));
});

test('nested maps and lists are resolved; the input is left untouched', () => {
  const input = { options: { sslmode: '${env:NOPE|disable}' }, hosts: ['${env:DB_HOST}', 'x'] };
  const r = resolvePlaceholders(input, env);
  assert.deepEqual(r, { options: { sslmode: 'disable' }, hosts: ['db.internal', 'x'] });
  assert.equal(input.hosts[0], '${env:DB_HOST}');
});

test('legacy <field>_env siblings: registered and set replaces, unregistered or empty keeps', () => {
  const r = resolvePlaceholders({ host: 'inline', host_env: 'app:host', user: 'u', user_env: 'app:unknown', pw: 'keep', pw_env: 'app:empty' }, env);
  assert.equal(r.host, 'db.internal');
  assert.equal(r.user, 'u');
  assert.equal(r.pw, 'keep');
});
