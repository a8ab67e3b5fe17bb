// http.static: files from an fs.directory entry, traversal refused, SPA fallback, caching.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { bootHttpApp, httpHead } from './testing.js';
import { staticPath } from './static.js';

/** A raw request: fetch would normalize `..` away before sending. */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const app = (spa: boolean) => ({
  'src/_index.yaml': httpHead('/api') + `  - name: public
    kind: fs.directory
    directory: ./public
  - name: site
    kind: http.static
    meta: { server: gateway }
    path: /
    fs: public
    static_options: { spa: ${spa}, index: index.html, cache: "public, max-age=60" }
`,
  'public/index.html': '<h1>home</h1>',
  'public/css/app.css': 'body { color: red }',
  'secret.txt': 'top secret',
});

test('static files are served with content type, cache header and ETag revalidation', async () => {
  const t = await bootHttpApp(app(false));
  try {
    const css = await fetch(t.url() + '/css/app.css');
    assert.equal(css.status, 200);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal(css.headers.get('cache-control'), 'public, max-age=60');
    assert.equal(await css.text(), 'body { color: red }');
    const again = await fetch(t.url() + '/css/app.css', { headers: { 'if-none-match': css.headers.get('etag')! } });
    assert.equal(again.status, 304);
    assert.equal(await (await fetch(t.url() + '/')).text(), '<h1>home</h1>');
    assert.equal((await fetch(t.url() + '/missing.js')).status, 404);
  } finally {
    await t.stop();
  }
});

test('path traversal out of the directory is refused with 400, encoded or not', async () => {
  const t = await bootHttpApp(app(false));
  try {
    for (const p of ['/../secret.txt', '/css/../../secret.txt', '/%2e%2e/secret.txt', '/css/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
      const r = await rawGet(t.url(), p);
      assert.equal(r.status, 400, p);
      assert.ok(!r.body.includes('top secret'), p);
    }
  } finally {
    await t.stop();
  }
});

test('SPA mode answers unknown paths with the index file', async () => {
  const t = await bootHttpApp(app(true));
  try {
    const r = await fetch(t.url() + '/some/client/route');
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '<h1>home</h1>');
    assert.equal(await (await fetch(t.url() + '/css/app.css')).text(), 'body { color: red }');
  } finally {
    await t.stop();
  }
});

test('staticPath keeps every resolved path inside the root', () => {
  assert.equal(staticPath('/srv/www', '/', '/a/b.css'), '/srv/www/a/b.css');
  assert.equal(staticPath('/srv/www', '/static', '/static/a.css'), '/srv/www/a.css');
  assert.equal(staticPath('/srv/www', '/', '/a/../../etc/passwd'), 'bad');
  assert.equal(staticPath('/srv/www', '/', '/a\\..\\b'), 'bad');
  assert.equal(staticPath('/srv/www', '/', '/a\0b'), 'bad');
});

test('sendfile streams the file a handler names, with download name and byte ranges', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead('/', `    middleware: [sendfile]
    options: { "sendfile.fs": "files" }
`) + `  - name: files
    kind: fs.directory
    directory: ./files
  - name: dl
    kind: function.lua
    source: file://dl.lua
    method: handler
    modules: [http]
  - name: dl.endpoint
    kind: http.endpoint
    meta: { router: api }
    method: GET
    path: /download/{name}
    func: dl
`,
    'files/report.txt': '0123456789',
    'secret.txt': 'top secret',
    'src/dl.lua': `local http = require("http")
return { handler = function()
  local req, res = http.request(), http.response()
  res:set_header("X-Sendfile", req:param("name"))
  res:set_header("X-File-Name", "my report.txt")
  res:write("this body is replaced")
end }`,
  });
  try {
    const r = await fetch(t.url() + '/download/report.txt');
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '0123456789');
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="my report.txt"');
    assert.equal(r.headers.get('x-sendfile'), null);
    const part = await fetch(t.url() + '/download/report.txt', { headers: { range: 'bytes=2-5' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 2-5/10');
    assert.equal(await part.text(), '2345');
    const tail = await fetch(t.url() + '/download/report.txt', { headers: { range: 'bytes=-3' } });
    assert.equal(await tail.text(), '789');
    assert.equal((await fetch(t.url() + '/download/missing.txt')).status, 404);
    const escape = await fetch(t.url() + '/download/..%2Fsecret.txt');
    assert.equal(escape.status, 404);
    assert.ok(!(await escape.text()).includes('top secret'));
  } finally {
    await t.stop();
  }
});
