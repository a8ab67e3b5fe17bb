// examples/http-metrics run as a user would (`wippy run` in its folder), on free ports: the
// HTTP address from HTTP_ADDR, the metrics address from `--set prometheus.address=...`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseExposition, type Scrape } from './testing.js';

test('http-metrics: its requests and Lua metrics are served at /metrics', async () => {
  const child = spawn(process.execPath, [join(process.cwd(), 'bin/wippy.js'), 'run', '--no-watch', '--set', 'prometheus.address=127.0.0.1:0'], {
    cwd: join(process.cwd(), 'examples', 'http-metrics'), env: { ...process.env, HTTP_ADDR: '127.0.0.1:0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const { api, metrics } = await new Promise<{ api: string; metrics: string }>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening lines: ${out}`)), 15000);
      const onData = (d: Buffer) => {
        out += d;
        const http = /"port":(\d+)/.exec(out);
        const prom = /"address":"([^"]+)","path":"\/metrics"/.exec(out);
        if (http && prom) {
          clearTimeout(timer);
          resolve({ api: `http://127.0.0.1:${http[1]}/api`, metrics: `http://${prom[1]}/metrics` });
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
    });
    const resize = (name: string, width: number) => fetch(`${api}/images/${name}/resize?width=${width}`, { method: 'POST' });
    const ok = await resize('cat.png', 800);
    assert.equal(ok.status, 200);
    const body = await ok.json() as { width: number; seconds: number };
    assert.equal(body.width, 800);
    assert.ok(body.seconds >= 0.007, `slept about 8 ms, took ${body.seconds}`);
    assert.equal((await resize('dog.webp', 300)).status, 200);
    assert.equal((await resize('cat.gif', 800)).status, 400);
    assert.equal((await resize('cat.png', 99999)).status, 400);
    assert.equal((await fetch(`${api}/queue/emails/depth`, { method: 'PUT', body: '42' })).status, 204);
    assert.equal((await fetch(`${api}/queue/emails/depth`, { method: 'PUT', body: '17' })).status, 204);

    // a request is counted when the server sees its response finish, which can come just
    // after the client has read it: scrape until nothing is in flight
    let s: Scrape;
    for (const until = Date.now() + 3000; ;) {
      const r = await fetch(metrics);
      assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
      s = parseExposition(await r.text());
      if ((s.value('wippy_http_requests_in_flight') ?? 0) === 0 || Date.now() > until) break;
      await new Promise((res) => setTimeout(res, 10));
    }
    assert.equal(s.value('resize_done_total', { format: 'png' }), 1);
    assert.equal(s.value('resize_done_total', { format: 'webp' }), 1);
    assert.equal(s.value('resize_pixels_total', { format: 'png' }), 640000);
    assert.equal(s.value('resize_rejected_total', { reason: 'format' }), 1);
    assert.equal(s.value('resize_rejected_total', { reason: 'width' }), 1);
    assert.equal(s.value('resize_in_progress'), 0);
    assert.equal(s.value('resize_seconds_count', { format: 'png' }), 1);
    assert.equal(s.value('resize_seconds_bucket', { format: 'png', le: '0.005' }), 0, 'the 8 ms resize is above 5 ms');
    assert.equal(s.value('queue_depth', { queue: 'emails' }), 17);
    const route = '/api/images/{name}/resize';
    assert.equal(s.value('wippy_http_requests_total', { method: 'POST', route, status: '200' }), 2);
    assert.equal(s.value('wippy_http_requests_total', { method: 'POST', route, status: '400' }), 2);
    assert.equal(s.value('wippy_http_requests_total', { method: 'PUT', route: '/api/queue/{name}/depth', status: '204' }), 2);
    assert.equal(s.value('wippy_http_request_duration_seconds_count', { method: 'POST', route, status: '200' }), 2);
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
});
