// The HTTP example apps, run as a user would (`wippy run` in the example folder) on a free
// port, answering real requests.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';

const root = process.cwd();

async function runExample(name: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(root, 'bin/wippy.js'), 'run', '--no-watch'], {
    cwd: join(root, 'examples', name), env: { ...process.env, HTTP_ADDR: '127.0.0.1:0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no listening line from ${name}: ${out}`)), 15000);
    const onData = (d: Buffer) => {
      out += d;
      const m = /"port":(\d+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}: ${out}`)));
  });
  return { base: `http://127.0.0.1:${port}`, child };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

test('http-hello: API endpoints, validation, SSE and the static site', async () => {
  const { base, child } = await runExample('http-hello');
  try {
    const hello = await fetch(base + '/api/hello');
    assert.deepEqual(await hello.json(), { message: 'hello world' });
    assert.match(hello.headers.get('x-request-id') ?? '', /\S/);
    assert.deepEqual(await (await fetch(base + '/api/greet/ada?lang=es')).json(), { greeting: 'Hola, ada!', lang: 'es' });
    assert.equal((await fetch(base + '/api/greet/ada?lang=xx')).status, 400);
    const post = (body: string, type = 'application/json') => fetch(base + '/api/notes', { method: 'POST', body, headers: { 'content-type': type } });
    const created = await post('{"title":"milk","tags":["shop"]}');
    assert.equal(created.status, 201);
    assert.equal(created.headers.get('location'), '/api/notes/1');
    const note = await created.json();
    assert.equal(note.title, 'milk');
    assert.deepEqual(note.tags, ['shop']);
    assert.equal((await post('{"title":')).status, 400);
    assert.equal((await post('{"tags":[]}')).status, 422);
    assert.equal((await post('title=milk', 'application/x-www-form-urlencoded')).status, 415);
    assert.equal((await post(JSON.stringify({ title: 'x'.repeat(2 * 1024 * 1024) }))).status, 413);
    const sse = await (await fetch(base + '/api/countdown?from=2')).text();
    assert.equal(sse, 'event: tick\ndata: {"n":2}\n\nevent: tick\ndata: {"n":1}\n\nevent: done\ndata: "liftoff"\n\n');
    const page = await fetch(base + '/');
    assert.match(await page.text(), /<h1>http-hello<\/h1>/);
    assert.equal(page.headers.get('cache-control'), 'public, max-age=300');
  } finally {
    await stop(child);
  }
});

test('http-chat: messages from one WebSocket client are broadcast to every client in the room', async () => {
  const { base, child } = await runExample('http-chat');
  try {
    const url = base.replace('http', 'ws') + '/chat';
    const received: Record<string, { topic: string; data: Record<string, string> }[]> = { ann: [], bob: [] };
    const open = (name: string) => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${url}?name=${name}`);
      ws.on('message', (d) => received[name].push(JSON.parse(String(d))));
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
    const ann = await open('ann');
    await waitFor(() => received.ann.length >= 1);
    const bob = await open('bob');
    await waitFor(() => received.ann.length >= 2 && received.bob.length >= 1);
    ann.send('hi bob');
    await waitFor(() => received.bob.some((m) => m.topic === 'said'));
    bob.close();
    await waitFor(() => received.ann.some((m) => m.topic === 'left'));
    ann.close();
    assert.deepEqual(received.ann.map((m) => [m.topic, m.data.name, m.data.text]), [
      ['joined', 'ann', undefined], ['joined', 'bob', undefined], ['said', 'ann', 'hi bob'], ['left', 'bob', undefined]]);
    assert.deepEqual(received.bob.map((m) => [m.topic, m.data.name, m.data.text]), [['joined', 'bob', undefined], ['said', 'ann', 'hi bob']]);
  } finally {
    await stop(child);
  }
});

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
