// The WebSocket and SSE relays: a handler names a target process; the connection becomes a
// process that forwards frames/events both ways and reports join, leave and exits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { bootHttpApp, httpHead, endpoint } from './testing.js';

const session = `  - name: session
    kind: process.lua
    source: file://session.lua
    method: main
    modules: [json]
`;

const sessionLua = `return { main = function()
  local inbox = process.inbox()
  local client
  while true do
    local msg = inbox:receive()
    local topic, data = msg:topic(), msg:payload():data()
    if topic == "ws.join" then
      client = data.client_pid
      process.send(client, "welcome", { you = client, from = msg:from(), meta = data.metadata })
    elseif topic == "sse.join" then
      client = data.client_pid
      process.send(client, "not.forwarded", "x")
      process.send(client, "sse.message", { from = msg:from() })
      for i = 1, 3 do process.send(client, "sse.message", { n = i }) end
      process.send(client, "sse.message", { event = "named", data = { ok = true } })
      process.send(client, "sse.close", "enough")
    elseif topic == "ws.message" then
      if data == "bye" then
        process.send(client, "ws.close", "done")
      elseif data == "quit" then
        return "quit"
      else
        process.send(client, "echo", { text = data, from_client = msg:from() == client })
      end
    elseif topic == "ws.leave" or topic == "sse.leave" then
      return "left"
    end
  end
end }`;

const connectLua = `local http = require("http")
local json = require("json")
return { handler = function()
  local pid = process.spawn("app:session", "app:processes")
  http.response():set_header("X-WS-Relay", json.encode({ target_pid = pid, metadata = { room = "lobby" } }))
end }`;

function wsApp(extraOptions = '') {
  return {
    'src/_index.yaml': httpHead('/', `    post_middleware: [websocket_relay, sse_relay]
    post_options: { ${extraOptions} }
`) + session + endpoint('connect', 'GET', '/ws', 'connect.lua') + endpoint('stream', 'GET', '/sse', 'stream.lua', ['http', 'json']),
    'src/session.lua': sessionLua,
    'src/connect.lua': connectLua,
    'src/stream.lua': `local http = require("http")
local json = require("json")
return { handler = function()
  local pid = process.spawn("app:session", "app:processes")
  http.response():set_header("X-SSE-Relay", json.encode({ target_pid = pid, heartbeat_interval = "0" }))
end }`,
  };
}

function nextMessage(ws: WebSocket): Promise<{ topic: string; data: unknown }> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));
}

test('the WebSocket relay joins the target, relays frames both ways and closes on ws.close', async () => {
  const t = await bootHttpApp(wsApp());
  try {
    const ws = new WebSocket(t.url().replace('http', 'ws') + '/ws');
    const welcome = nextMessage(ws);
    await new Promise((res, rej) => { ws.once('open', res); ws.once('error', rej); });
    const w = await welcome;
    assert.equal(w.topic, 'welcome');
    const d = w.data as { you: string; from: string; meta: { room: string } };
    assert.equal(d.you, d.from, 'ws.join came from the client process');
    assert.match(d.you, /^\{app:gateway\|0x[0-9a-f]+\}$/);
    assert.deepEqual(d.meta, { room: 'lobby' });
    const echo = nextMessage(ws);
    ws.send('hello there');
    assert.deepEqual(await echo, { topic: 'echo', data: { text: 'hello there', from_client: true } });
    const closed = new Promise<[number, string]>((res) => ws.once('close', (code, reason) => res([code, String(reason)])));
    ws.send('bye');
    assert.deepEqual(await closed, [1000, 'done']);
  } finally {
    await t.stop();
  }
});

test('the WebSocket closes when the target process exits; a cross-origin upgrade is refused', async () => {
  const t = await bootHttpApp(wsApp());
  try {
    const ws = new WebSocket(t.url().replace('http', 'ws') + '/ws');
    const welcome = nextMessage(ws);
    await new Promise((res) => ws.once('open', res));
    await welcome;
    const closed = new Promise<number>((res) => ws.once('close', (code) => res(code)));
    ws.send('quit');
    assert.equal(await closed, 1001);
    const evil = new WebSocket(t.url().replace('http', 'ws') + '/ws', { headers: { origin: 'https://evil.test' } });
    const status = await new Promise<number>((res) => evil.once('unexpected-response', (_req, r) => res(r.statusCode ?? 0)));
    assert.equal(status, 403);
  } finally {
    await t.stop();
  }
});

test('the SSE relay streams messages sent to the stream process and ends on sse.close', async () => {
  const t = await bootHttpApp(wsApp());
  try {
    const r = await fetch(t.url() + '/sse');
    assert.equal(r.headers.get('content-type'), 'text/event-stream');
    const text = await r.text();
    const datas = text.split('\n\n').filter(Boolean);
    assert.match(datas[0], /^data: \{"from":"\{app:gateway\|0x[0-9a-f]+\}"/);
    assert.deepEqual(datas.slice(1), ['data: {"n":1}', 'data: {"n":2}', 'data: {"n":3}', 'event: named\ndata: {"ok":true}']);
  } finally {
    await t.stop();
  }
});
