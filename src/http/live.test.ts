// Live changes and lifecycle: routing follows registry changes without a restart; a changed
// http.service rebinds after draining; stopping lets requests in flight finish.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootHttpApp, httpHead, endpoint } from './testing.js';
import { httpServers } from '../kinds/http.js';

const text = (s: string) => `local http = require("http")
return { handler = function() http.response():write("${s}") end }`;

test('a changed endpoint or router changes routing on the next request, without a restart', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/v1') + endpoint('hello', 'GET', '/hello', 'hello.lua'),
    'src/hello.lua': text('hi'),
  });
  try {
    const server = httpServers.get('app:gateway');
    assert.equal(await (await fetch(t.url() + '/v1/hello')).text(), 'hi');
    const reg = t.app.registry;
    const ep = reg.get('app:hello.endpoint')!;
    assert.ok(reg.apply([{ op: 'update', entry: { ...ep, data: { ...ep.data, path: '/greet' } } }]).ok);
    assert.equal((await fetch(t.url() + '/v1/hello')).status, 404);
    assert.equal(await (await fetch(t.url() + '/v1/greet')).text(), 'hi');
    const router = reg.get('app:api')!;
    assert.ok(reg.apply([{ op: 'update', entry: { ...router, data: { ...router.data, prefix: '/v2' } } }]).ok);
    assert.equal(await (await fetch(t.url() + '/v2/greet')).text(), 'hi');
    assert.equal((await fetch(t.url() + '/v1/greet')).status, 404);
    // a new endpoint and function added at run time
    assert.ok(reg.apply([
      { op: 'create', entry: { id: 'app:bye', kind: 'function.lua', meta: {}, data: { method: 'handler', modules: ['http'] }, sourceText: text('bye'), sourceFile: 'bye.lua' } },
      { op: 'create', entry: { id: 'app:bye.endpoint', kind: 'http.endpoint', meta: { router: 'app:api' }, data: { method: 'GET', path: '/bye', func: 'app:bye' } } },
    ]).ok);
    assert.equal(await (await fetch(t.url() + '/v2/bye')).text(), 'bye');
    await t.app.reconciled();
    assert.equal(httpServers.get('app:gateway'), server, 'the server was not restarted');
  } finally {
    await t.stop();
  }
});

test('a changed http.service drains and rebinds; requests in flight finish first', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + endpoint('slow', 'GET', '/slow', 'slow.lua', ['http', 'time']),
    'src/slow.lua': `local http = require("http")
local time = require("time")
return { handler = function()
  time.sleep("300ms")
  http.response():write("done")
end }`,
  });
  try {
    const before = t.url();
    const first = httpServers.get('app:gateway')!;
    const inFlight = fetch(before + '/slow').then(async (r) => [r.status, await r.text()]);
    await new Promise((r) => setTimeout(r, 50));
    const reg = t.app.registry;
    const svc = reg.get('app:gateway')!;
    assert.ok(reg.apply([{ op: 'update', entry: { ...svc, data: { ...svc.data, timeouts: { idle: '2s' } } } }]).ok);
    await t.app.reconciled();
    assert.deepEqual(await inFlight, [200, 'done'], 'the request in flight finished during the drain');
    const second = httpServers.get('app:gateway')!;
    assert.notEqual(second, first);
    assert.equal(first.server.listening, false);
    assert.equal(await (await fetch(t.url() + '/slow')).text(), 'done');
  } finally {
    await t.stop();
  }
});

test('a server that cannot bind fails its start with the address in the reason, and the runtime keeps going', async () => {
  const holder = await bootHttpApp({ 'src/_index.yaml': httpHead() });
  const port = new URL(holder.url()).port;
  try {
    const t = await bootHttpApp({ 'src/_index.yaml': httpHead().replace('127.0.0.1:0', `127.0.0.1:${port}`).replace('name: gateway', 'name: second').replace('server: gateway', 'server: second') });
    try {
      const st = t.app.supervisor.states().find((s) => s.id === 'app:second');
      assert.equal(st?.status, 'Failed');
    } finally {
      await t.stop();
    }
  } finally {
    await holder.stop();
  }
});
