// Responses that outlive or stream past the handler's return: background coroutines after
// a 202 (the reference's http-async-task pattern), chunked flushes and server-sent events.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootHttpApp, httpHead, endpoint } from './testing.js';

test('a coroutine spawned by a handler keeps running after the response was sent', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + endpoint('task', 'POST', '/tasks', 'task.lua', ['http', 'time'])
      + `  - name: collector
    kind: process.lua
    source: file://collector.lua
    method: main
`,
    'src/task.lua': `local http = require("http")
local time = require("time")
return { handler = function()
  local name = http.request():body()
  coroutine.spawn(function()
    time.sleep("500ms")
    process.send("collector", "done", name)
  end)
  http.response():set_status(202):write("accepted " .. name)
end }`,
    'src/collector.lua': `return { main = function()
  process.registry.register("collector")
  local msg = process.inbox():receive()
  return msg:payload():data()
end }`,
  });
  try {
    const collector = t.app.runtime.spawn(undefined, 'app:collector', 'app:processes', [], {});
    assert.ok(!('kind' in collector));
    const got = new Promise((res) => collector.onExit((r) => res(r.value)));
    await new Promise((r) => setTimeout(r, 20));
    const started = Date.now();
    const r = await fetch(t.url() + '/tasks', { method: 'POST', body: 'report' });
    assert.equal(r.status, 202);
    assert.equal(await r.text(), 'accepted report');
    assert.ok(Date.now() - started < 400, 'the response did not wait for the coroutine');
    assert.equal(await got, 'report');
  } finally {
    await t.stop();
  }
});

test('flush streams chunks before the handler returns; write_event sends server-sent events', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + endpoint('chunks', 'GET', '/chunks', 'chunks.lua', ['http', 'time'])
      + endpoint('events', 'GET', '/events', 'events.lua', ['http', 'time']),
    'src/chunks.lua': `local http = require("http")
local time = require("time")
return { handler = function()
  local res = http.response()
  res:set_content_type("text/plain")
  for i = 1, 3 do
    res:write("part" .. i .. ";")
    res:flush()
    time.sleep("30ms")
  end
  local ok, err = res:set_header("X-Late", "1")
  res:write(err and err:kind() or "no error")
end }`,
    'src/events.lua': `local http = require("http")
local time = require("time")
return { handler = function()
  local res = http.response()
  for i = 1, 3 do
    res:write_event({ name = "progress", data = { step = i } })
    time.sleep("10ms")
  end
  res:write_event({ name = "done", data = "ok" })
end }`,
  });
  try {
    const r = await fetch(t.url() + '/chunks');
    assert.equal(r.headers.get('transfer-encoding'), 'chunked');
    const reader = r.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.equal(first, 'part1;', 'the first chunk arrived on its own, before the handler finished');
    let rest = '';
    for (;;) {
      const c = await reader.read();
      if (c.done) break;
      rest += new TextDecoder().decode(c.value);
    }
    assert.equal(rest, 'part2;part3;Invalid');
    const ev = await fetch(t.url() + '/events');
    assert.equal(ev.headers.get('content-type'), 'text/event-stream');
    assert.equal(await ev.text(), 'event: progress\ndata: {"step":1}\n\nevent: progress\ndata: {"step":2}\n\n'
      + 'event: progress\ndata: {"step":3}\n\nevent: done\ndata: "ok"\n\n');
  } finally {
    await t.stop();
  }
});

test('http.request outside an HTTP handler is an INTERNAL error', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + `  - name: plain
    kind: process.lua
    source: file://plain.lua
    method: main
    modules: [http]
`,
    'src/plain.lua': `local http = require("http")
return { main = function()
  local req, err = http.request()
  return tostring(req) .. " " .. err:kind() .. " " .. tostring(http.STATUS.NOT_FOUND) .. " " .. http.CONTENT.JSON
end }`,
  });
  try {
    const p = t.app.runtime.spawn(undefined, 'app:plain', 'app:processes', [], {});
    assert.ok(!('kind' in p));
    const v = await new Promise((res) => p.onExit((r) => res(r.value)));
    assert.equal(v, 'nil Internal 404 application/json');
  } finally {
    await t.stop();
  }
});
