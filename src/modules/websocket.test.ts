// The websocket client module against a real `ws` server: connect, send text and binary,
// receive frames on a channel that closes with the connection, errors for bad targets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { bootApp } from '../system/testing.js';

test('connect, send and receive text and binary frames, then the channel closes with the connection', async () => {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws, req) => {
    ws.send(`hello ${req.headers['x-user']}`);
    ws.on('message', (d, binary) => {
      if (String(d) === 'close me') ws.close(1000, 'bye');
      else ws.send(binary ? Buffer.concat([Buffer.from([0xff]), d as Buffer]) : `echo:${d}`, { binary });
    });
  });
  const port = (wss.address() as { port: number }).port;
  const t = await bootApp({
    'src/_index.yaml': `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: client
    kind: process.lua
    source: file://client.lua
    method: main
    modules: [websocket]
`,
    'src/client.lua': `local websocket = require("websocket")
return { main = function(url)
  local c, err = websocket.connect(url, { headers = { ["X-User"] = "ann" }, dial_timeout = "2s" })
  assert(not err, tostring(err))
  local ch = c:channel()
  local out = {}
  local m = ch:receive()
  out[#out + 1] = m.type .. "=" .. m.data
  assert(c:send("ping?"))
  m = ch:receive()
  out[#out + 1] = m.type .. "=" .. m.data
  assert(c:send("\\1\\2", websocket.BINARY))
  m = ch:receive()
  out[#out + 1] = m.type .. "=" .. string.byte(m.data, 1) .. "," .. string.byte(m.data, 2) .. "," .. #m.data
  c:send("close me")
  local v, ok = ch:receive()
  out[#out + 1] = "closed=" .. tostring(not ok)
  local _, cerr = websocket.connect("ws://127.0.0.1:1/")
  out[#out + 1] = cerr:kind() .. "," .. tostring(cerr:retryable())
  local _, uerr = websocket.connect("http://nope")
  out[#out + 1] = uerr:kind() .. "," .. websocket.CLOSE_CODES.GOING_AWAY
  return table.concat(out, " ")
end }`,
  });
  try {
    const r = await t.exec('app:client', `ws://127.0.0.1:${port}/chat`);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(r.value, 'text=hello ann text=echo:ping? binary=255,1,3 closed=true Internal,true Invalid,1001');
  } finally {
    await t.stop();
    wss.close();
  }
});
