// Bad HTTP configuration stops the boot with file, line and entry for every problem.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadApp, BootError } from '../system/boot.js';
import { writeApp } from '../system/testing.js';

test('bad addr, durations, methods, paths and duplicate routes are reported with their location', () => {
  const root = writeApp({
    'src/_index.yaml': `version: "1.0"
namespace: app
entries:
  - name: gateway
    kind: http.service
    addr: "8080"
    timeouts: { read: soon }
  - name: api
    kind: http.router
    meta: { server: gateway }
  - name: h
    kind: function.lua
    source: file://h.lua
    method: handler
  - name: a
    kind: http.endpoint
    meta: { router: api }
    method: FETCH
    path: /x/{rest...}/y
    func: h
  - name: b
    kind: http.endpoint
    meta: { router: api }
    method: GET
    path: /same
    func: h
  - name: c
    kind: http.endpoint
    meta: { router: app:api }
    method: GET
    path: /same
    func: h
`,
    'src/h.lua': 'return { handler = function() end }',
  });
  let problems: string[] = [];
  try {
    loadApp(root);
  } catch (e) {
    assert.ok(e instanceof BootError);
    problems = e.problems;
  }
  assert.deepEqual(problems.filter((p) => p.includes('app:')).sort(), [
    `src/_index.yaml:15: entry app:a: catch-all '{rest...}' must be the last segment of the path`,
    `src/_index.yaml:15: entry app:a: method 'FETCH' is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, TRACE`,
    `src/_index.yaml:27: entry app:c: GET /same is already routed by app:b on the same router`,
    `src/_index.yaml:4: entry app:gateway: invalid addr '8080': expected host:port or :port`,
    `src/_index.yaml:4: entry app:gateway: timeouts.read: invalid duration 'soon'`,
  ]);
});
