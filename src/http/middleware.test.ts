// The middleware catalogue on a real server: CORS (preflight and simple), rate limiting,
// gzip, request ids, real client IPs. Token auth and the firewalls against the security model:
// src/security/http.test.ts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import { bootHttpApp, httpHead, endpoint } from './testing.js';
import { inSubnet } from './middleware.js';

const whoami = `local http = require("http")
return { handler = function()
  local req, res = http.request(), http.response()
  res:write_json({ addr = req:remote_addr(), id = req:request_id(), big = string.rep("x", 4000) })
end }`;

function routerWith(middleware: string[], options: Record<string, string>, post: string[] = [], postOptions: Record<string, string> = {}): string {
  const map = (o: Record<string, string>) => `{ ${Object.entries(o).map(([k, v]) => `"${k}": "${v}"`).join(', ')} }`;
  return `    middleware: [${middleware.join(', ')}]
    options: ${map(options)}
    post_middleware: [${post.join(', ')}]
    post_options: ${map(postOptions)}
`;
}

test('cors answers preflights itself and adds headers to allowed origins only', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', routerWith(['cors'], { 'cors.allow.origins': 'https://app.example.com,*.trusted.org', 'cors.allow.credentials': 'true' }))
      + endpoint('who', 'POST', '/who', 'who.lua'),
    'src/who.lua': whoami,
  });
  try {
    const pre = await fetch(t.url() + '/who', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://app.example.com');
    assert.equal(pre.headers.get('access-control-allow-credentials'), 'true');
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    const sub = await fetch(t.url() + '/who', { method: 'POST', headers: { origin: 'https://api.trusted.org' } });
    assert.equal(sub.headers.get('access-control-allow-origin'), 'https://api.trusted.org');
    const other = await fetch(t.url() + '/who', { method: 'POST', headers: { origin: 'https://evil.test' } });
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const denied = await fetch(t.url() + '/who', { method: 'OPTIONS', headers: { origin: 'https://evil.test', 'access-control-request-method': 'POST' } });
    assert.equal(denied.status, 403);
  } finally {
    await t.stop();
  }
});

test('ratelimit answers 429 with the limit headers once the burst is spent', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', routerWith(['ratelimit'], { 'ratelimit.requests': '2', 'ratelimit.window': '1m', 'ratelimit.burst': '3' }))
      + endpoint('who', 'GET', '/who', 'who.lua'),
    'src/who.lua': whoami,
  });
  try {
    const codes: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await fetch(t.url() + '/who');
      codes.push(last.status);
    }
    assert.deepEqual(codes, [200, 200, 200, 429, 429]);
    assert.equal(last!.headers.get('x-ratelimit-limit'), '2');
    assert.equal(last!.headers.get('x-ratelimit-window'), '1m');
  } finally {
    await t.stop();
  }
});

test('compress gzips large bodies for clients that accept gzip; request_id and real_ip fill the request', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', routerWith(['real_ip', 'request_id', 'compress'], { 'compress.min.length': '1000' }))
      + endpoint('who', 'GET', '/who', 'who.lua'),
    'src/who.lua': whoami,
  });
  try {
    const u = new URL(t.url());
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const req = request({ host: u.hostname, port: u.port, path: '/who', headers: { 'accept-encoding': 'gzip', 'x-forwarded-for': '203.0.113.7, 10.0.0.1', 'x-request-id': 'abc-123' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(raw.headers['content-encoding'], 'gzip');
    assert.equal(raw.headers['x-request-id'], 'abc-123');
    const j = JSON.parse(gunzipSync(raw.body).toString());
    assert.match(j.addr, /^203\.0\.113\.7:\d+$/);
    assert.equal(j.id, 'abc-123');
    assert.equal(j.big.length, 4000);
    const plain = await fetch(t.url() + '/who', { headers: { 'accept-encoding': 'identity' } });
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.match(plain.headers.get('x-request-id') ?? '', /^[\w-]+$/);
  } finally {
    await t.stop();
  }
});

test('subnet matching for trusted proxies', () => {
  assert.ok(inSubnet('10.1.2.3', '10.0.0.0/8'));
  assert.ok(!inSubnet('11.1.2.3', '10.0.0.0/8'));
  assert.ok(inSubnet('172.31.0.1', '172.16.0.0/12'));
  assert.ok(inSubnet('::1', '::1/128'));
  assert.ok(inSubnet('fd00::5', 'fc00::/7'));
  assert.ok(!inSubnet('2001:db8::1', 'fc00::/7'));
});
