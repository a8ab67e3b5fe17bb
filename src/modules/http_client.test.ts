// http_client against a real local HTTP server: methods, headers, query, bodies (raw, form,
// multipart), cookies, basic auth, redirects, timeouts, streaming reads, batches, errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { bootApp, writeApp } from '../system/testing.js';
import { encodeUri, decodeUri } from './http_client.js';

async function echoServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      if (url.pathname === '/slow') {
        setTimeout(() => res.end('late'), 1000);
        return;
      }
      if (url.pathname === '/redirect') {
        res.writeHead(302, { location: '/final?from=redirect' }).end();
        return;
      }
      if (url.pathname === '/stream') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let i = 0;
        const tick = setInterval(() => {
          res.write(`chunk${++i};`);
          if (i === 3) { clearInterval(tick); res.end(); }
        }, 20);
        return;
      }
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['session=abc; Path=/', 'theme=dark'], 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams),
        headers: req.headers, body: Buffer.concat(chunks).toString('latin1') }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  return { server, url: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}` };
}

const head = `version: "1.0"
namespace: app
entries:
  - name: terminal
    kind: terminal.host
    lifecycle: { auto_start: true }
  - name: client
    kind: process.lua
    source: file://client.lua
    method: main
    modules: [http_client, json, io]
`;

const ALLOW_PRIVATE = 'security:\n  allow_private_ip: true\n';

async function runLua(lua: string, base: string): Promise<unknown> {
  // these tests call servers on 127.0.0.1: the app opts in to private addresses (docs/security.md)
  const t = await bootApp({ '.wippy.yaml': ALLOW_PRIVATE, 'src/_index.yaml': head, 'src/client.lua': lua });
  try {
    const r = await t.exec('app:client', base);
    if (r.error !== undefined) throw new Error(String(r.error));
    return r.value;
  } finally {
    await t.stop();
  }
}

test('requests carry method, headers, query, cookies, auth and bodies; responses give status, headers, cookies', async () => {
  const { server, url } = await echoServer();
  try {
    const out = await runLua(`local http_client = require("http_client")
local json = require("json")
return { main = function(base)
  local r, err = http_client.post(base .. "/things?a=1", {
    headers = { ["X-Token"] = "t1" }, query = { b = "two words" }, body = "raw-bytes",
    cookies = { c1 = "v1" }, auth = { user = "u", pass = "p" }, timeout = 5 })
  assert(not err, tostring(err))
  local j = json.decode(r.body)
  local f = json.decode(http_client.put(base .. "/form", { form = { name = "a b", x = "&" } }).body)
  local m = json.decode(http_client.request("PATCH", base .. "/upload", {
    form = { title = "t" }, files = { { name = "doc", filename = "a.txt", content = "file-content" } } }).body)
  return table.concat({ r.status_code, j.method, j.path, j.query.a, j.query.b, j.headers["x-token"], j.headers.cookie,
    j.headers.authorization, j.body, r.headers["x-multi"], r.cookies.session, r.cookies.theme, tostring(r.body_size == #r.body),
    f.method, f.body, f.headers["content-type"], m.method, tostring(m.body:find("file-content", 1, true) ~= nil),
    tostring(m.headers["content-type"]:find("multipart/form-data", 1, true) ~= nil) }, "|")
end }`, url);
    assert.equal(out, ['201', 'POST', '/things', '1', 'two words', 't1', 'c1=v1', 'Basic ' + Buffer.from('u:p').toString('base64'),
      'raw-bytes', 'a, b', 'abc', 'dark', 'true', 'PUT', 'name=a+b&x=%26', 'application/x-www-form-urlencoded', 'PATCH', 'true', 'true'].join('|'));
  } finally {
    server.close();
  }
});

test('redirects are followed, timeouts and bad URLs are errors of the right kind, HTTP errors are not errors', async () => {
  const { server, url } = await echoServer();
  try {
    const out = await runLua(`local http_client = require("http_client")
local json = require("json")
return { main = function(base)
  local r = http_client.get(base .. "/redirect")
  local body = json.decode(r.body)
  local _, terr = http_client.get(base .. "/slow", { timeout = "100ms" })
  local _, uerr = http_client.get("not a url")
  local _, cerr = http_client.get("http://127.0.0.1:1/")
  return table.concat({ r.status_code, body.path, body.query.from, r.url:sub(-20),
    terr:kind(), tostring(terr:retryable()), uerr:kind(), cerr:kind(), tostring(cerr:retryable()) }, "|")
end }`, url);
    assert.equal(out, '201|/final|redirect|/final?from=redirect|Internal|true|Invalid|Internal|true');
  } finally {
    server.close();
  }
});

test('a streamed body is read chunk by chunk until nil; request_batch keeps request order', async () => {
  const { server, url } = await echoServer();
  try {
    const out = await runLua(`local http_client = require("http_client")
local json = require("json")
return { main = function(base)
  local r = http_client.get(base .. "/stream", { stream = true })
  local parts = {}
  while true do
    local c = r.stream:read()
    if not c then break end
    parts[#parts + 1] = c
  end
  r.stream:close()
  local responses, errs = http_client.request_batch({
    { "GET", base .. "/one" }, { "POST", base .. "/two", { body = "x" } }, { "DELETE", base .. "/three" } })
  local paths = {}
  for i, resp in ipairs(responses) do paths[i] = json.decode(resp.body).method .. json.decode(resp.body).path end
  local _, berrs = http_client.request_batch({ { "GET", base .. "/ok" }, { "GET", "::bad::" } })
  return table.concat({ r.body_size, table.concat(parts), tostring(#parts > 1), tostring(errs), table.concat(paths, ","),
    tostring(berrs[1]), berrs[2]:kind() }, "|")
end }`, url);
    assert.equal(out, '-1|chunk1;chunk2;chunk3;|true|nil|GET/one,POST/two,DELETE/three|nil|Invalid');
  } finally {
    server.close();
  }
});

test('encode_uri is form encoding of bytes; decode_uri reverses it and rejects bad escapes', () => {
  assert.equal(encodeUri('a b&c=d/~'), 'a+b%26c%3Dd%2F~');
  assert.equal(encodeUri(Buffer.from('é', 'utf8').toString('latin1')), '%C3%A9');
  assert.equal(decodeUri('a+b%26c'), 'a b&c');
  assert.equal(decodeUri('%zz'), undefined);
  void writeApp;
});
