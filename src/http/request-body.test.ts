// Request bodies read while the handler runs: a large upload streamed through `req:stream()`
// (the handler sees its first bytes before the client has sent the rest), `max_body` -> 413
// for chunked bodies, and the per-request `max_body` / `timeout` options of http.request.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request, type IncomingMessage } from 'node:http';
import { bootHttpApp, httpHead, endpoint } from './testing.js';

function withMaxBody(size: string): string {
  return httpHead().replace('addr: "127.0.0.1:0"', `addr: "127.0.0.1:0"\n    max_body: ${size}`);
}

/** A POST whose body the test writes itself (chunked unless a length is given). */
function upload(url: string, headers: Record<string, string> = {}) {
  const req = request(url, { method: 'POST', headers });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    req.on('response', resolve);
    req.on('error', reject);
  });
  return { req, response };
}

function text(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let s = '';
    res.setEncoding('latin1');
    res.on('data', (c: string) => { s += c; });
    res.on('end', () => resolve(s));
    res.on('error', reject);
  });
}

function firstChunk(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => res.once('data', (c: Buffer) => resolve(c.toString('latin1'))));
}

const streamingApp = (maxBody: string) => ({
  'src/_index.yaml': withMaxBody(maxBody) + endpoint('count', 'POST', '/count', 'count.lua', ['http']),
  // answers "first:<n>" as soon as it has read the first chunk, then counts the rest
  'src/count.lua': `local http = require("http")
return { handler = function()
  local req, res = http.request(), http.response()
  local s = req:stream()
  local total, first = 0, true
  while true do
    local chunk, err = s:read(65536)
    if err then return res:write(" error:" .. tostring(err)) end
    if chunk == nil then break end
    if first then
      res:write("first:" .. #chunk .. ";")
      res:flush()
      first = false
    end
    total = total + #chunk
  end
  s:close()
  res:write("total:" .. total .. ";")
end }`,
});

function patterned(size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i++) b[i] = (i * 7) % 251;
  return b;
}

test('a handler streams a large upload: it reads the first bytes before the client has sent the rest', async () => {
  const t = await bootHttpApp(streamingApp('64MB'));
  try {
    const { req, response } = upload(t.url() + '/count');
    const part = patterned(1024 * 1024);
    req.write(part.subarray(0, 1000));
    // the upload is still open: only the handler reading it as it comes can answer now
    const res = await response;
    assert.equal(res.statusCode, 200);
    const first = await firstChunk(res);
    assert.match(first, /^first:\d+;/);
    const rest = text(res);
    // then 24 MB more, far beyond the 64 KB the server buffers ahead of the handler
    req.write(part.subarray(1000));
    for (let i = 1; i < 24; i++) req.write(part);
    req.end();
    const out = first + await rest;
    assert.match(out, /total:25165824;/, out);
    assert.doesNotMatch(out, /error/);
  } finally {
    await t.stop();
  }
});

test('a chunked body past max_body gets 413, whether the handler streams it or reads it whole', async () => {
  const t = await bootHttpApp({
    ...streamingApp('100KB'),
    'src/_index.yaml': withMaxBody('100KB') + endpoint('count', 'POST', '/count', 'count.lua', ['http'])
      + endpoint('sink', 'POST', '/sink', 'sink.lua', ['http'])
      + endpoint('whole', 'POST', '/whole', 'whole.lua', ['http']),
    'src/sink.lua': `local http = require("http")
return { handler = function()
  local s = http.request():stream()
  local total = 0
  while true do
    local chunk, err = s:read()
    if err then error(err) end
    if chunk == nil then break end
    total = total + #chunk
  end
  http.response():write("got " .. total)
end }`,
    'src/whole.lua': `local http = require("http")
return { handler = function()
  local body, err = http.request():body()
  if err then error(err) end
  http.response():write("got " .. #body)
end }`,
  });
  try {
    for (const path of ['/sink', '/whole']) {
      const { req, response } = upload(t.url() + path);
      const chunk = Buffer.alloc(16 * 1024, 120);
      // keep sending until the server answers (it closes the connection after the 413)
      req.on('error', () => {});
      for (let i = 0; i < 20; i++) req.write(chunk);
      req.end();
      const res = await response;
      assert.equal(res.statusCode, 413, path);
      assert.match(await text(res), /too large \(limit 102400 bytes\)/);
    }
    // a handler that already sent its head cannot get a 413 any more: its response is cut
    // short and the rest of its reads fail
    {
      const { req, response } = upload(t.url() + '/count');
      req.on('error', () => {});
      for (let i = 0; i < 20; i++) req.write(Buffer.alloc(16 * 1024, 120));
      req.end();
      const res = await response;
      assert.equal(res.statusCode, 200);
      const out = await text(res);
      assert.match(out, /^first:\d+;$/);
    }
    // under the limit, chunked, read whole: the handler waits for the body
    const { req, response } = upload(t.url() + '/whole');
    req.write(Buffer.alloc(70 * 1024, 65));
    setTimeout(() => req.end(Buffer.alloc(10 * 1024, 66)), 50);
    const res = await response;
    assert.equal(res.statusCode, 200);
    assert.equal(await text(res), `got ${80 * 1024}`);
  } finally {
    await t.stop();
  }
});

test('a large JSON body is decoded once it has arrived; http.request max_body and timeout apply to it', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': withMaxBody('10MB') + endpoint('json', 'POST', '/json', 'json.lua', ['http'])
      + endpoint('small', 'POST', '/small', 'small.lua', ['http'])
      + endpoint('slow', 'POST', '/slow', 'slow.lua', ['http']),
    'src/json.lua': `local http = require("http")
return { handler = function()
  local v, err = http.request():body_json()
  if err then error(err) end
  http.response():write_json({ n = #v.items, last = v.items[#v.items] })
end }`,
    'src/small.lua': `local http = require("http")
return { handler = function()
  local req, err = http.request({ max_body = 1000 })
  http.response():set_status(400):write_json({ kind = err:kind(), message = err:message() })
end }`,
    'src/slow.lua': `local http = require("http")
return { handler = function()
  local body, err = http.request({ timeout = 100 }):body()
  http.response():set_status(408):write_json({ kind = err:kind(), message = err:message() })
end }`,
  });
  try {
    const items = Array.from({ length: 20000 }, (_, i) => `item-${i}`);
    const big = await fetch(t.url() + '/json', { method: 'POST', body: JSON.stringify({ items }) });
    assert.equal(big.status, 200);
    assert.deepEqual(await big.json(), { n: 20000, last: 'item-19999' });

    const small = await fetch(t.url() + '/small', { method: 'POST', body: 'y'.repeat(100 * 1024) });
    assert.deepEqual(await small.json(), { kind: 'Invalid', message: `request body too large: ${100 * 1024} bytes, limit 1000` });

    // the client sends part of a chunked body, then stalls
    const { req, response } = upload(t.url() + '/slow');
    req.write('partial');
    const res = await response;
    assert.equal(res.statusCode, 408);
    const err = JSON.parse(await text(res));
    assert.equal(err.kind, 'Internal');
    assert.match(err.message, /timed out after 100 ms/);
    req.destroy();
  } finally {
    await t.stop();
  }
});

test('a handler that ignores a large body leaves the keep-alive connection usable for the next request', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': withMaxBody('64MB') + endpoint('ignore', 'POST', '/ignore', 'ignore.lua', ['http']),
    'src/ignore.lua': `local http = require("http")
return { handler = function() http.response():write("ignored") end }`,
  });
  const { Agent } = await import('node:http');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const send = (size: number) => new Promise<{ status: number; body: string; socket: unknown }>((resolve, reject) => {
      const req = request(t.url() + '/ignore', { method: 'POST', agent, headers: { 'content-length': String(size) } }, (res) => {
        text(res).then((body) => resolve({ status: res.statusCode ?? 0, body, socket: req.socket }), reject);
      });
      req.on('error', reject);
      req.end(Buffer.alloc(size, 97));
    });
    const first = await send(2 * 1024 * 1024);
    const second = await send(2 * 1024 * 1024);
    assert.deepEqual([first.status, first.body, second.status, second.body], [200, 'ignored', 200, 'ignored']);
    assert.equal(first.socket, second.socket, 'both requests went over one connection');
  } finally {
    agent.destroy();
    await t.stop();
  }
});
