// The whole path on real sockets: Lua handlers write metrics, the `metrics` middleware counts
// the requests, and the Prometheus listener from `.wippy.yaml` serves both at /metrics,
// read back with a strict exposition parser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { bootHttpApp, httpHead, endpoint } from '../http/testing.js';
import { freePort } from '../system/testing-postgres.js';
import { startApp, BootError } from '../system/boot.js';
import { writeApp } from '../system/testing.js';
import { createLog, type Log } from '../system/log.js';
import { parseExposition, type Scrape } from './testing.js';

const ORDER = `local http = require("http")
local metrics = require("metrics")
local time = require("time")
return { handler = function()
  local req, res = http.request(), http.response()
  local start = time.now()
  local body = req:body_json()
  if not body or not body.item then
    metrics.counter_inc("orders_total", {status = "error"})
    res:set_status(400)
    res:write_json({error = "missing item"})
    return
  end
  local amount = tonumber(body.amount) or 1
  local price = tonumber(body.price) or 9.99
  assert(metrics.counter_inc("orders_total", {status = "ok"}) == true)
  assert(metrics.counter_add("revenue_total", price * amount, {item = body.item}))
  assert(metrics.gauge_inc("orders_pending", {}))
  assert(metrics.gauge_dec("orders_pending"))
  assert(metrics.gauge_set("last_order_amount", amount))
  assert(metrics.histogram("order_seconds", start:sub(time.now()):seconds(), {status = "ok"}))
  res:set_status(201)
  res:write_json({total = price * amount})
end }`;

const SLOW = `local http = require("http")
local time = require("time")
return { handler = function()
  time.sleep("300ms")
  http.response():write("done")
end }`;

const BAD = `local http = require("http")
local metrics = require("metrics")
local json = require("json")
local function try(f, ...)
  local ok, err = f(...)
  return { ok = ok, kind = err and err:kind(), message = err and err:message() }
end
return { handler = function()
  local out = {
    negative = try(metrics.counter_add, "bad_total", -1),
    name = try(metrics.counter_inc, "orders-total"),
    no_name = try(metrics.gauge_inc, nil),
    bool_label = try(metrics.counter_inc, "bad_total", {flag = true}),
    table_label = try(metrics.gauge_set, "bad_gauge", 1, {nested = {}}),
    int_key = try(metrics.counter_inc, "bad_total", {"positional"}),
    not_table = try(metrics.histogram, "bad_seconds", 1, "status=ok"),
    not_number = try(metrics.gauge_set, "bad_gauge", "lots"),
    nan = try(metrics.histogram, "bad_seconds", 0/0),
    first = try(metrics.counter_inc, "shape_total", {a = "1"}),
    other_type = try(metrics.gauge_set, "shape_total", 1, {a = "1"}),
    other_labels = try(metrics.counter_inc, "shape_total", {b = "1"}),
    reserved = try(metrics.histogram, "h_seconds", 1, {le = "1"}),
    number_label = try(metrics.counter_inc, "codes_total", {code = 404}),
    numeric_value = try(metrics.counter_add, "codes_total", "2", {code = "404"}),
  }
  http.response():write_json(out)
end }`;

function config(port: number): string {
  return `version: "1.0"\nprometheus:\n  enabled: true\n  address: "127.0.0.1:${port}"\n`;
}

async function scrape(port: number): Promise<Scrape> {
  const r = await fetch(`http://127.0.0.1:${port}/metrics`);
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  return parseExposition(await r.text());
}

/**
 * A scrape once no request is in flight. A request is counted when the server sees its
 * response finish, which can come just after the client has read the whole response.
 */
async function settled(port: number): Promise<Scrape> {
  const until = Date.now() + 3000;
  for (;;) {
    const s = await scrape(port);
    if ((s.value('wippy_http_requests_in_flight') ?? 0) === 0 || Date.now() > until) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('Lua metrics and HTTP request metrics are scraped together from the prometheus listener', async () => {
  const port = await freePort();
  const t = await bootHttpApp({
    '.wippy.yaml': config(port),
    'src/_index.yaml': httpHead('/api', '    middleware: [metrics]\n')
      + endpoint('order', 'POST', '/orders', 'order.lua', ['http', 'json', 'metrics', 'time'])
      + endpoint('item', 'GET', '/items/{id}', 'slow.lua', ['http', 'time']),
    'src/order.lua': ORDER,
    'src/slow.lua': SLOW,
  });
  try {
    const post = (body: string) => fetch(t.url() + '/api/orders', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    assert.equal((await post('{"item":"laptop","amount":2,"price":999.99}')).status, 201);
    assert.equal((await post('{"item":"laptop","amount":1,"price":1000}')).status, 201);
    assert.equal((await post('{"item":"mouse"}')).status, 201);
    assert.equal((await post('{}')).status, 400);
    assert.equal((await fetch(t.url() + '/api/nope')).status, 404);

    // a request in flight is seen as one while it runs, and counted when it ends
    const slow = fetch(t.url() + '/api/items/1');
    await new Promise((r) => setTimeout(r, 120));
    const during = await scrape(port);
    assert.equal(during.value('wippy_http_requests_in_flight'), 1);
    assert.equal(during.value('wippy_http_requests_total', { method: 'GET', route: '/api/items/{id}', status: '200' }), undefined);
    assert.equal(await (await slow).text(), 'done');
    await fetch(t.url() + '/api/items/2').then((r) => r.text());

    const s = await settled(port);
    assert.equal(s.value('orders_total', { status: 'ok' }), 3);
    assert.equal(s.value('orders_total', { status: 'error' }), 1);
    assert.ok(Math.abs(s.value('revenue_total', { item: 'laptop' })! - 2999.98) < 1e-9);
    assert.equal(s.value('revenue_total', { item: 'mouse' }), 9.99);
    assert.equal(s.type.get('orders_pending'), 'gauge');
    assert.equal(s.value('orders_pending'), 0);
    assert.equal(s.value('last_order_amount'), 1);
    assert.equal(s.type.get('order_seconds'), 'histogram');
    assert.equal(s.value('order_seconds_count', { status: 'ok' }), 3);
    assert.equal(s.value('order_seconds_bucket', { status: 'ok', le: '+Inf' }), 3);

    const reqs = (labels: Record<string, string>) => s.value('wippy_http_requests_total', labels);
    assert.equal(s.type.get('wippy_http_requests_total'), 'counter');
    assert.equal(reqs({ method: 'POST', route: '/api/orders', status: '201' }), 3);
    assert.equal(reqs({ method: 'POST', route: '/api/orders', status: '400' }), 1);
    assert.equal(reqs({ method: 'GET', route: '/api/items/{id}', status: '200' }), 2, 'one series per route pattern');
    assert.equal(reqs({ method: 'GET', route: 'unmatched', status: '404' }), 1);
    assert.equal(s.value('wippy_http_requests_in_flight'), 0);
    assert.equal(s.type.get('wippy_http_request_duration_seconds'), 'histogram');
    const slowLabels = { method: 'GET', route: '/api/items/{id}', status: '200' };
    assert.equal(s.value('wippy_http_request_duration_seconds_count', slowLabels), 2);
    assert.ok(s.value('wippy_http_request_duration_seconds_sum', slowLabels)! >= 0.55, 'two requests of 300 ms');
    assert.equal(s.value('wippy_http_request_duration_seconds_bucket', { ...slowLabels, le: '0.25' }), 0);
    assert.equal(s.value('wippy_http_request_duration_seconds_bucket', { ...slowLabels, le: '+Inf' }), 2);
    assert.match(s.help.get('wippy_http_requests_total')!, /HTTP requests/);

    const gz = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/metrics', headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(parts) }));
      }).on('error', reject);
    });
    assert.equal(gz.encoding, 'gzip');
    assert.equal(parseExposition(gunzipSync(gz.body).toString('utf8')).value('orders_total', { status: 'ok' }), 3);

    assert.equal((await fetch(`http://127.0.0.1:${port}/`)).status, 404);
    assert.equal((await fetch(`http://127.0.0.1:${port}/metrics`, { method: 'POST' })).status, 405);
  } finally {
    await t.stop();
  }
  // the listener is gone with the app: the port can be bound again
  await new Promise<void>((resolve, reject) => {
    const srv = createServer().once('error', reject).listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
});

test('bad input to the metrics module is false plus an INVALID error naming the problem, never a raise', async () => {
  const port = await freePort();
  const t = await bootHttpApp({
    '.wippy.yaml': config(port),
    'src/_index.yaml': httpHead('/') + endpoint('bad', 'GET', '/bad', 'bad.lua', ['http', 'json', 'metrics']),
    'src/bad.lua': BAD,
  });
  try {
    const r = await fetch(t.url() + '/bad');
    assert.equal(r.status, 200);
    const out = await r.json() as Record<string, { ok: boolean; kind?: string; message?: string }>;
    const refused = (k: string, re: RegExp) => {
      assert.equal(out[k].ok, false, k);
      assert.equal(out[k].kind, 'Invalid', k);
      assert.match(out[k].message!, re, k);
    };
    refused('negative', /counter_add: counter 'bad_total' cannot decrease: value -1 is negative/);
    refused('name', /counter_inc: invalid metric name 'orders-total'/);
    refused('no_name', /gauge_inc: metric name must be a string, got nil/);
    refused('bool_label', /counter_inc: bad_total: label 'flag' must be a string, got boolean/);
    refused('table_label', /gauge_set: bad_gauge: label 'nested' must be a string, got table/);
    refused('int_key', /label names must be strings, got number/);
    refused('not_table', /histogram: bad_seconds: labels must be a table of strings, got string/);
    refused('not_number', /gauge_set: value must be a number, got string/);
    refused('nan', /histogram: histogram 'bad_seconds': value must be a finite number/);
    assert.equal(out.first.ok, true);
    refused('other_type', /'shape_total' is a counter, not a gauge/);
    refused('other_labels', /'shape_total' has labels \{a\}, got \{b\}/);
    refused('reserved', /label name 'le' is reserved/);
    assert.equal(out.number_label.ok, true);
    assert.equal(out.numeric_value.ok, true);

    const s = await scrape(port);
    assert.equal(s.value('shape_total', { a: '1' }), 1);
    assert.equal(s.value('codes_total', { code: '404' }), 3, 'a number label and a numeric string value');
    for (const name of ['bad_total', 'bad_gauge', 'bad_seconds', 'h_seconds']) assert.equal(s.type.get(name), undefined, `${name} was never created`);
  } finally {
    await t.stop();
  }
});

test('static files count as route "static", misses as "unmatched", once when router and mount both measure', async () => {
  const port = await freePort();
  const t = await bootHttpApp({
    '.wippy.yaml': config(port),
    'src/_index.yaml': httpHead('/files', '    middleware: [metrics]\n') + `  - name: public
    kind: fs.directory
    directory: ./public
  - name: site
    kind: http.static
    meta: { server: gateway }
    path: /
    fs: public
    middleware: [metrics]
`,
    'public/index.html': '<h1>home</h1>',
    'public/files/a.txt': 'under the router prefix',
  });
  try {
    // the collector is the process's: earlier tests in this file counted requests too
    const before = await scrape(port);
    const count = (sc: Scrape, route: string, status: string) => sc.value('wippy_http_requests_total', { method: 'GET', route, status }) ?? 0;
    assert.equal((await fetch(t.url() + '/index.html')).status, 200);
    assert.equal(await (await fetch(t.url() + '/files/a.txt')).text(), 'under the router prefix');
    assert.equal((await fetch(t.url() + '/missing.txt')).status, 404);
    const s = await settled(port);
    assert.equal(count(s, 'static', '200') - count(before, 'static', '200'), 2,
      'the file under /files passed the router chain and the mount chain: counted once');
    assert.equal(count(s, 'unmatched', '404') - count(before, 'unmatched', '404'), 1);
    assert.equal(s.value('wippy_http_requests_in_flight'), 0);
  } finally {
    await t.stop();
  }
});

function capture(): { log: Log; lines: string[] } {
  const lines: string[] = [];
  const log: Log = {
    log(level, msg) { lines.push(`${level} ${msg}`); },
    child() { return log; },
  };
  return { log, lines };
}

test('prometheus config: a bad address stops the boot with file and line; enabled without address only warns', async () => {
  const app = (wippy: string) => writeApp({ '.wippy.yaml': wippy, 'src/_index.yaml': 'version: "1.0"\nnamespace: app\nentries: []\n' });
  const problems = async (wippy: string) => {
    try {
      const a = await startApp(app(wippy), createLog({ silent: true }));
      await a.supervisor.stopAll();
    } catch (e) {
      if (e instanceof BootError) return e.problems.join('\n');
      throw e;
    }
    assert.fail('expected a BootError');
  };
  assert.equal(await problems('version: "1.0"\nprometheus:\n  enabled: true\n  address: "9090"\n'),
    ".wippy.yaml:2: prometheus.address: invalid addr '9090': expected host:port or :port");
  assert.equal(await problems('version: "1.0"\n\nprometheus: { enabled: "yes", address: ":9090" }\n'),
    '.wippy.yaml:3: prometheus.enabled: expected true or false, got "yes"');

  const { log, lines } = capture();
  const a = await startApp(app('prometheus:\n  enabled: true\n'), log);
  await a.supervisor.stopAll();
  assert.ok(lines.includes('warn prometheus.enabled is true but no prometheus.address is set: the metrics endpoint is not started'), lines.join('\n'));
  assert.ok(!lines.some((l) => l.includes('metrics endpoint listening')));
});

test('a port already taken fails the endpoint service, which the supervisor retries', async () => {
  const port = await freePort();
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
  const lines: string[] = [];
  const log: Log = { log(level, msg, f) { lines.push(`${level} ${msg} ${JSON.stringify(f)}`); }, child() { return log; } };
  try {
    const root = writeApp({ '.wippy.yaml': config(port), 'src/_index.yaml': 'version: "1.0"\nnamespace: app\nentries: []\n' });
    const a = await startApp(root, log);
    await a.supervisor.stopAll();
    assert.ok(lines.some((l) => l.startsWith('warn service failed; restarting') && l.includes('":prometheus"') && l.includes('metrics endpoint: listen EADDRINUSE')), lines.join('\n'));
  } finally {
    blocker.close();
  }
});
