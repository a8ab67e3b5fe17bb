// Route matching: exact paths, `{name}` parameters, a trailing `{name...}` catch-all, router
// prefixes, HEAD falling back to GET, and which methods a path allows (405 vs 404).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RouteTable } from './routes.js';
import type { RtEntry } from '../system/runtime.js';

const e = (id: string, kind: string, meta: Record<string, unknown>, data: Record<string, unknown>): RtEntry => ({ id, kind, meta, data });

function table(): RouteTable {
  return new RouteTable('app:gw', [
    e('app:api', 'http.router', { server: 'app:gw' }, { prefix: '/api/' }),
    e('app:root', 'http.router', { server: 'app:gw' }, { prefix: '/' }),
    e('app:other', 'http.router', { server: 'app:elsewhere' }, { prefix: '/' }),
    e('app:list', 'http.endpoint', { router: 'app:api' }, { method: 'GET', path: '/users', func: 'app:f' }),
    e('app:one', 'http.endpoint', { router: 'app:api' }, { method: 'get', path: '/users/{id}', func: 'app:f' }),
    e('app:post', 'http.endpoint', { router: 'app:api' }, { method: 'POST', path: '/users/{id}/posts/{post}', func: 'app:f' }),
    e('app:files', 'http.endpoint', { router: 'app:api' }, { method: 'GET', path: '/files/{rest...}', func: 'app:f' }),
    e('app:del', 'http.endpoint', { router: 'app:api' }, { method: 'DELETE', path: '/users/{id}', func: 'app:f' }),
    e('app:home', 'http.endpoint', { router: 'app:root' }, { method: 'GET', path: '/', func: 'app:f' }),
    e('app:hidden', 'http.endpoint', { router: 'app:other' }, { method: 'GET', path: '/hidden', func: 'app:f' }),
  ]);
}

const hit = (t: RouteTable, method: string, path: string) => {
  const m = t.match(method, path);
  return m === undefined ? undefined : { id: m.ep.id, params: m.params };
};

test('routes: exact paths, parameters and catch-alls under router prefixes', () => {
  const t = table();
  assert.deepEqual(hit(t, 'GET', '/api/users'), { id: 'app:list', params: undefined });
  assert.deepEqual(hit(t, 'GET', '/api/users/42'), { id: 'app:one', params: { id: '42' } });
  assert.deepEqual(hit(t, 'POST', '/api/users/7/posts/hello-world'), { id: 'app:post', params: { id: '7', post: 'hello-world' } });
  assert.deepEqual(hit(t, 'GET', '/api/files/a/b/c.txt'), { id: 'app:files', params: {} });
  assert.deepEqual(hit(t, 'GET', '/'), { id: 'app:home', params: undefined });
  // an exact route answers every request with the same match object
  assert.equal(t.match('GET', '/api/users'), t.match('GET', '/api/users'));
});

test('routes: segments must fit exactly — no empty parameter, no extra or missing segment', () => {
  const t = table();
  for (const path of ['/api/users/', '/api/users/42/', '/api/users/42/x', '/api/user/42', '/api/usersx/42', '/api', '/api/users/7/posts/', '/hidden']) {
    assert.equal(hit(t, path.includes('posts') ? 'POST' : 'GET', path), undefined, path);
  }
});

test('routes: HEAD falls back to GET; other methods at a path are listed for a 405', () => {
  const t = table();
  assert.deepEqual(hit(t, 'HEAD', '/api/users/1'), { id: 'app:one', params: { id: '1' } });
  assert.deepEqual(t.allowed('/api/users/1').sort(), ['DELETE', 'GET']);
  assert.deepEqual(t.allowed('/nowhere'), []);
});
