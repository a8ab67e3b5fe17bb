// The HTTP server with real requests: routing, parameters, the request and response API,
// bad input (malformed JSON, oversized bodies, bad paths) and handler failures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootHttpApp, httpHead, endpoint } from './testing.js';

const echo = `local http = require("http")
return { handler = function()
  local req, res = http.request(), http.response()
  res:set_header("X-Echo", "yes")
  res:write_json({
    method = req:method(), path = req:path(), id = req:param("id"), q = req:query("q"),
    tags = req:query("tags"), ua = req:header("user-agent"), ct = req:content_type(),
    body = req:body(), has_body = req:has_body(), params = req:params(),
  })
end }`;

test('endpoints answer with status, headers, path parameters, query and body', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/api') + endpoint('get_item', 'GET', '/items/{id}', 'echo.lua') + endpoint('post_item', 'POST', '/items', 'echo.lua'),
    'src/echo.lua': echo,
  });
  try {
    const r = await fetch(t.url() + '/api/items/42?q=hello%20world&tags=lua&tags=go', { headers: { 'user-agent': 'test-agent' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('x-echo'), 'yes');
    assert.equal(r.headers.get('content-type'), 'application/json');
    const j = await r.json();
    assert.deepEqual(j, { method: 'GET', path: '/api/items/42', id: '42', q: 'hello world', tags: 'lua,go', ua: 'test-agent',
      body: '', has_body: false, params: { id: '42' } });
    const p = await fetch(t.url() + '/api/items', { method: 'POST', body: 'héllo', headers: { 'content-type': 'text/plain' } });
    const pj = await p.json();
    assert.equal(pj.body, 'héllo');
    assert.equal(pj.ct, 'text/plain');
    assert.equal(pj.has_body, true);
    const missing = await fetch(t.url() + '/api/nothing');
    assert.equal(missing.status, 404);
    const wrongMethod = await fetch(t.url() + '/api/items', { method: 'DELETE' });
    assert.equal(wrongMethod.status, 405);
    assert.equal(wrongMethod.headers.get('allow'), 'POST');
  } finally {
    await t.stop();
  }
});

test('a handler that raises gets a 500 with a request id and the server keeps serving', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + endpoint('boom', 'GET', '/boom', 'boom.lua') + endpoint('ok', 'GET', '/ok', 'ok.lua'),
    'src/boom.lua': `return { handler = function() local t = nil; return t.field end }`,
    'src/ok.lua': `local http = require("http")
return { handler = function() http.response():write("fine") end }`,
  });
  try {
    const r = await fetch(t.url() + '/boom');
    assert.equal(r.status, 500);
    const j = await r.json();
    assert.match(j.request_id, /^[\w-]+$/);
    assert.equal(r.headers.get('x-request-id'), j.request_id);
    const ok = await fetch(t.url() + '/ok');
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'fine');
  } finally {
    await t.stop();
  }
});

test('malformed JSON is an INVALID error the handler turns into a 400; oversized bodies get 413', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead().replace('addr: "127.0.0.1:0"', 'addr: "127.0.0.1:0"\n    max_body: 1KB') + endpoint('create', 'POST', '/things', 'create.lua'),
    'src/create.lua': `local http = require("http")
return { handler = function()
  local req, res = http.request(), http.response()
  local body, err = req:body_json()
  if err then
    return res:set_status(http.STATUS.BAD_REQUEST):write_json({ error = err:message(), kind = err:kind() })
  end
  res:set_status(201):write_json({ name = body.name })
end }`,
  });
  try {
    const bad = await fetch(t.url() + '/things', { method: 'POST', body: '{"name": ', headers: { 'content-type': 'application/json' } });
    assert.equal(bad.status, 400);
    const bj = await bad.json();
    assert.equal(bj.kind, 'Invalid');
    assert.match(bj.error, /invalid JSON body/);
    const good = await fetch(t.url() + '/things', { method: 'POST', body: '{"name":"x"}' });
    assert.equal(good.status, 201);
    assert.deepEqual(await good.json(), { name: 'x' });
    const big = await fetch(t.url() + '/things', { method: 'POST', body: 'x'.repeat(5000) });
    assert.equal(big.status, 413);
    assert.match((await big.json()).error, /too large/);
  } finally {
    await t.stop();
  }
});

test('multipart forms, body streams, content negotiation and query tables', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + endpoint('upload', 'POST', '/upload', 'upload.lua'),
    'src/upload.lua': `local http = require("http")
return { handler = function()
  local req, res = http.request(), http.response()
  local out = {}
  if req:is_content_type(http.CONTENT.MULTIPART) then
    local form, err = req:parse_multipart()
    assert(not err, tostring(err))
    local f = form.files.doc[1]
    out.title = form.values.title
    out.file = f:name() .. ":" .. f:size() .. ":" .. f:header("Content-Type") .. ":" .. f:stream():read()
  else
    local _, err = req:parse_multipart()
    out.not_multipart = err:kind()
    local s = req:stream()
    local parts = {}
    while true do
      local c = s:read(4)
      if not c then break end
      parts[#parts + 1] = c
    end
    out.chunks = table.concat(parts, "|")
  end
  out.json_ok = req:accepts("application/json")
  out.xml_ok = req:accepts("application/xml")
  out.q = req:query_params()
  res:write_json(out)
end }`,
  });
  try {
    const form = new FormData();
    form.set('title', 'report');
    form.set('doc', new Blob(['hello file'], { type: 'text/plain' }), 'a.txt');
    const m = await (await fetch(t.url() + '/upload?x=1&x=2&y=3', { method: 'POST', body: form, headers: { accept: 'application/json, text/*' } })).json();
    assert.deepEqual(m, { title: 'report', file: 'a.txt:10:text/plain:hello file', json_ok: true, xml_ok: false, q: { x: '1,2', y: '3' } });
    const s = await (await fetch(t.url() + '/upload', { method: 'POST', body: 'abcdefghij' })).json();
    assert.deepEqual(s, { not_multipart: 'Invalid', chunks: 'abcd|efgh|ij', json_ok: true, xml_ok: true, q: [] }); // an empty table encodes as []
  } finally {
    await t.stop();
  }
});
