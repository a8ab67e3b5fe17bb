// Client certificates (mTLS): the four `tls.client_auth` modes of an http.service, each
// tried without a certificate, with one signed by `tls.client_ca` and with a self-signed
// stranger; and the load-time check of the client_auth fields.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { bootHttpApp } from './testing.js';
import { bootApp } from '../system/testing.js';

function openssl(dir: string, ...args: string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** A server certificate, a CA with a client certificate it signed, and a stranger's. */
function certificates() {
  const dir = mkdtempSync(join(tmpdir(), 'wippy-mtls-'));
  openssl(dir, 'req', '-x509', ...EC, '-keyout', 'server.key', '-out', 'server.pem', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost');
  openssl(dir, 'req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=test-ca');
  openssl(dir, 'req', ...EC, '-keyout', 'client.key', '-out', 'client.csr', '-subj', '/CN=client');
  openssl(dir, 'x509', '-req', '-in', 'client.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'client.pem', '-days', '1');
  openssl(dir, 'req', '-x509', ...EC, '-keyout', 'stranger.key', '-out', 'stranger.pem', '-days', '1', '-subj', '/CN=stranger');
  const f = (n: string) => readFileSync(join(dir, n), 'utf8');
  return {
    server: { cert: f('server.pem'), key: f('server.key') },
    ca: f('ca.pem'),
    client: { cert: f('client.pem'), key: f('client.key') },
    stranger: { cert: f('stranger.pem'), key: f('stranger.key') },
  };
}

const MODES = ['request', 'require_any', 'verify_if_given', 'require_and_verify'] as const;

function app(c: ReturnType<typeof certificates>): Record<string, string> {
  let yaml = `version: "1.0"
namespace: app
entries:
  - name: processes
    kind: process.host
    lifecycle: { auto_start: true }
  - name: hello
    kind: function.lua
    source: file://hello.lua
    method: handler
    modules: [http]
`;
  for (const m of MODES) {
    yaml += `  - name: gw_${m}
    kind: http.service
    addr: "127.0.0.1:0"
    tls: { mode: manual, cert: "file://certs/server.pem", key: "file://certs/server.key", client_ca: "file://certs/ca.pem", client_auth: ${m} }
    lifecycle: { auto_start: true }
  - name: api_${m}
    kind: http.router
    meta: { server: gw_${m} }
    prefix: /
  - name: hello_${m}
    kind: http.endpoint
    meta: { router: api_${m} }
    method: GET
    path: /hello
    func: hello
`;
  }
  return {
    'src/_index.yaml': yaml,
    'src/certs/server.pem': c.server.cert,
    'src/certs/server.key': c.server.key,
    'src/certs/ca.pem': c.ca,
    'src/hello.lua': `local http = require("http")
return { handler = function() http.response():write("hello") end }`,
  };
}

/** 'ok' when the request got its answer, 'refused' when the TLS connection was cut. */
function get(url: string, serverCert: string, client?: { cert: string; key: string }): Promise<string> {
  return new Promise((resolve) => {
    const req = request(url, { ca: serverCert, cert: client?.cert, key: client?.key, agent: false }, (res) => {
      let s = '';
      res.on('data', (d) => { s += d; });
      res.on('end', () => resolve(res.statusCode === 200 && s === 'hello' ? 'ok' : `status ${res.statusCode}`));
    });
    req.on('error', () => resolve('refused'));
    req.end();
  });
}

test('tls.client_auth: request, require_any, verify_if_given and require_and_verify each admit the clients they should', async () => {
  const c = certificates();
  const t = await bootHttpApp(app(c));
  try {
    const got: Record<string, string[]> = {};
    for (const m of MODES) {
      const url = t.url(`app:gw_${m}`).replace('http:', 'https:') + '/hello';
      got[m] = [await get(url, c.server.cert), await get(url, c.server.cert, c.client), await get(url, c.server.cert, c.stranger)];
    }
    // [no certificate, signed by client_ca, self-signed stranger]
    assert.deepEqual(got, {
      request: ['ok', 'ok', 'ok'],
      require_any: ['refused', 'ok', 'ok'],
      verify_if_given: ['ok', 'ok', 'refused'],
      require_and_verify: ['refused', 'ok', 'refused'],
    });
  } finally {
    await t.stop();
  }
});

test('an unknown tls.client_auth, or a verifying one without client_ca, stops the boot naming the entry', async () => {
  for (const [tls, msg] of [
    ['{ mode: manual, cert: x, key: y, client_auth: always }', /gateway.*tls\.client_auth must be one of request, require_any, verify_if_given, require_and_verify \(got 'always'\)/s],
    ['{ mode: manual, cert: x, key: y, client_auth: require_and_verify }', /gateway.*tls\.client_auth require_and_verify needs tls\.client_ca/s],
  ] as const) {
    await assert.rejects(bootApp({
      'src/_index.yaml': `version: "1.0"
namespace: app
entries:
  - name: gateway
    kind: http.service
    addr: "127.0.0.1:0"
    tls: ${tls}
`,
    }), msg);
  }
});
