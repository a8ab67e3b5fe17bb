// TLS: an http.service with tls.mode manual serves HTTPS with a certificate from a file;
// http_client reaches it by trusting that certificate as its CA.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { bootHttpApp, httpHead, endpoint } from './testing.js';

function selfSigned(): { cert: string; key: string } {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-tls-'));
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
}

test('tls.mode manual serves HTTPS; http_client trusts it through tls.ca', async () => {
  const { cert, key } = selfSigned();
  const t = await bootHttpApp({
    // the client calls this app's own server on 127.0.0.1: opt in to private addresses
    '.wippy.yaml': 'security:\n  allow_private_ip: true\n',
    'src/_index.yaml': httpHead().replace('addr: "127.0.0.1:0"', 'addr: "127.0.0.1:0"\n    tls: { mode: manual, cert: "file://certs/cert.pem", key: "file://certs/key.pem" }')
      + endpoint('hello', 'GET', '/hello', 'hello.lua')
      + `  - name: client
    kind: process.lua
    source: file://client.lua
    method: main
    modules: [http_client]
`,
    'src/certs/cert.pem': cert,
    'src/certs/key.pem': key,
    'src/hello.lua': `local http = require("http")
return { handler = function() http.response():write("secure " .. http.request():host()) end }`,
    'src/client.lua': `local http_client = require("http_client")
return { main = function(url, ca)
  local r, err = http_client.get(url, { tls = { ca = ca } })
  if err then return "error " .. tostring(err) end
  local _, untrusted = http_client.get(url)
  return r.status_code .. " " .. r.body .. " | " .. untrusted:kind()
end }`,
  });
  try {
    const base = t.url().replace('http:', 'https:');
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(base + '/hello', { ca: cert }, (res) => {
        let s = '';
        res.on('data', (c) => { s += c; });
        res.on('end', () => resolve(s));
      });
      req.on('error', reject);
      req.end();
    });
    assert.match(body, /^secure 127\.0\.0\.1:\d+$/);
    const r = await new Promise<unknown>((resolve) => {
      const p = t.app.runtime.spawn(undefined, 'app:client', 'app:processes', [base + '/hello', cert], {});
      if ('kind' in p) resolve(p.message);
      else p.onExit((x) => resolve(x.value ?? String(x.error)));
    });
    assert.match(String(r), /^200 secure 127\.0\.0\.1:\d+ \| Internal$/);
  } finally {
    await t.stop();
  }
});
