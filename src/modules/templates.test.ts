// The `templates` module and the template.set / template.jet kinds in booted apps: rendering
// through Lua and over HTTP, the module's errors, live changes of templates (and the
// rejection of a broken one), boot errors with file and line, and the views page renderer
// stand-in reference apps use.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootApp, HOSTS, luaEntry, writeApp } from '../system/testing.js';
import { readerProbe } from '../security/testing.js';
import { bootHttpApp, httpHead, endpoint } from '../http/testing.js';
import { loadApp, BootError } from '../system/boot.js';
import { watchApp } from '../system/watch.js';
import { createLog } from '../system/log.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const TEMPLATES = `  - name: views
    kind: template.set
    engine:
      globals: { site: "Acme" }
  - name: layout
    kind: template.jet
    set: views
    source: file://layout.jet
  - name: page-v1
    kind: template.jet
    set: app:views
    meta: { name: page }
    source: |
      {{ extends "layout" }}
      {{ block body() }}<h1>{{ title }}</h1>{{ range i, item := items }}<li>{{ i }}:{{ item.name }}</li>{{ end }}{{ end }}
`;
const LAYOUT = '<html><title>{{ site }}: {{ block title() }}{{ title }}{{ end }}</title><body>{{ yield body() }}</body></html>\n';

test('an HTTP endpoint renders a page through the templates module; data is HTML-escaped', async () => {
  const t = await bootHttpApp({
    'src/_index.yaml': httpHead() + TEMPLATES + endpoint('page', 'GET', '/page', 'page.lua', ['http', 'templates']),
    'src/layout.jet': LAYOUT,
    'src/page.lua': `return { handler = function()
      local req, res = http.request(), http.response()
      local set, err = templates.get("app:views")
      assert(set, tostring(err))
      local html, rerr = set:render("page", { title = req:query("t"), items = { { name = "a" }, { name = "b&c" } } })
      set:release()
      if rerr then res:set_status(500) res:write(tostring(rerr)) return end
      res:set_content_type("text/html")
      res:write(html)
    end }`,
  });
  try {
    const r = await fetch(t.url() + '/page?t=' + encodeURIComponent('<script>alert(1)</script> é'));
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '<html><title>Acme: &lt;script&gt;alert(1)&lt;/script&gt; é</title><body>'
      + '<h1>&lt;script&gt;alert(1)&lt;/script&gt; é</h1><li>0:a</li><li>1:b&amp;c</li></body></html>\n');
  } finally {
    await t.stop();
  }
});

test('module errors: INVALID ids and names, NOT_FOUND sets and templates, INTERNAL render errors and released sets', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'templates']) + TEMPLATES
      + '  - name: broken\n    kind: template.jet\n    set: views\n    source: "a\\n{{ 1 + x }}"\n',
    'src/layout.jet': LAYOUT,
    'src/main.lua': `return { main = function()
      local function show(label, v, err) io.print(label, tostring(v), err and err:kind() or "-", err and tostring(err) or "-") end
      show("empty id", templates.get(""))
      show("no set", templates.get("app:nope"))
      local set = templates.get("app:views")
      show("empty name", set:render(""))
      show("no template", set:render("missing", {}))
      show("render error", set:render("broken", {}))
      show("bad data", set:render("layout", "x"))
      io.print("release", set:release(), set:release())
      show("released", set:render("layout", {}))
    end }`,
  });
  try {
    await t.exec('app:main');
    assert.equal(t.output(), [
      'empty id\tnil\tInvalid\ttemplate set id required',
      'no set\tnil\tNotFound\ttemplate set app:nope not found',
      'empty name\tnil\tInvalid\ttemplate name required',
      'no template\tnil\tNotFound\ttemplate "missing" not found in set app:views',
      'render error\tnil\tInternal\ttemplate "broken" line 2, column 8: identifier "x" is not available in the current scope',
      'bad data\tnil\tInvalid\ttemplate data must be a table',
      'release\ttrue\tfalse',
      'released\tnil\tInternal\ttemplate set app:views is released',
      '',
    ].join('\n'));
  } finally {
    await t.stop();
  }
});

test('a changed template reaches the next render; a broken change is rejected whole and the last good version keeps serving', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'templates', 'registry']) + TEMPLATES,
    'src/layout.jet': LAYOUT,
    'src/main.lua': `return { main = function()
      local function render()
        local set = templates.get("app:views")
        local html, err = set:render("page", { title = "T", items = {} })
        set:release()
        return html or tostring(err)
      end
      io.print(render())
      local entry = registry.get("app:page-v1")
      entry.data.source = '{{ extends "layout" }}{{ block body() }}v2 {{ upper(title) }}{{ end }}'
      local v, err = registry.snapshot():changes():update(entry):apply()
      io.print("applied", v ~= nil, err)
      io.print(render())
      entry.data.source = '{{ extends "layout" }}{{ block body() }}{{ if }}{{ end }}'
      local broken = { id = "app:extra", kind = "template.jet", data = { set = "app:views", source = "fine" } }
      local v3, err3 = registry.snapshot():changes():create(broken):update(entry):apply()
      io.print("rejected", v3 == nil, tostring(err3):find('template "page" line 1, column 44', 1, true) ~= nil)
      io.print(render())
      io.print("extra", registry.get("app:extra") == nil)
    end }`,
  });
  try {
    await t.exec('app:main');
    const lines = t.output().split('\n');
    assert.equal(lines[0], '<html><title>Acme: T</title><body><h1>T</h1></body></html>');
    assert.equal(lines[2], 'applied\ttrue\tnil');
    assert.equal(lines[3], '<html><title>Acme: T</title><body>v2 T</body></html>');
    assert.equal(lines[5], 'rejected\ttrue\ttrue');
    assert.equal(lines[6], '<html><title>Acme: T</title><body>v2 T</body></html>');
    assert.equal(lines[8], 'extra\ttrue');
  } finally {
    await t.stop();
  }
});

test('the boot stops on a template that does not parse, naming its file, line and entry', () => {
  const root = writeApp({
    'src/_index.yaml': HOSTS + TEMPLATES.replace('file://layout.jet', 'file://tpl/layout.jet')
      + '  - name: orphan\n    kind: template.jet\n    set: nowhere\n    source: "x"\n'
      + '  - name: home\n    kind: template.jet\n    set: layout\n    source: "x"\n',
    'src/tpl/layout.jet': 'ok\nok\n  {{ range }}',
  });
  let problems: string[] = [];
  try {
    loadApp(root);
  } catch (e) {
    assert.ok(e instanceof BootError);
    problems = e.problems;
  }
  assert.deepEqual(problems.sort(), [
    "src/_index.yaml:25: entry app:orphan: reference 'set' points to missing entry 'app:nowhere'",
    'src/_index.yaml:29: entry app:home: template set app:layout is not a template.set entry',
    'src/tpl/layout.jet:3: entry app:layout: template "layout" line 3, column 6: unexpected end of action',
  ].sort());
});

test('reference apps: renderer.render of the views package renders a page with its data function', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io']) + `    imports: { renderer: wippy.views:renderer }
  - name: views_dep
    kind: ns.dependency
    component: wippy/views
    version: "*"
  - name: templates
    kind: template.set
  - name: layout
    kind: template.jet
    set: app:templates
    source: "<title>{{ yield title() }}</title>{{ yield body() }}"
  - name: home
    kind: template.jet
    set: app:templates
    meta: { type: view.page, title: Home }
    data_func: app:home_data
    source: |
      {{ extends "layout" }}
      {{ block title() }}{{ data.title }}{{ end }}
      {{ block body() }}{{ range data.rows }}<p>{{ .kind }} ({{ .count }})</p>{{ end }}{{ end }}
  - name: home_data
    kind: function.lua
    method: handler
    source: |
      return { handler = function(ctx)
        return { title = "Home " .. tostring(ctx.params.id), rows = { { kind = "a", count = 2 }, { kind = "b", count = 10 } } }
      end }
`,
    'src/main.lua': `return { main = function()
      local renderer = require("renderer")
      io.print(renderer.render("app:home", { id = 7 }, {}))
      io.print(renderer.render("app:nothing", {}, {}))
    end }`,
  });
  try {
    await t.exec('app:main');
    const lines = t.output().split('\n');
    assert.equal(lines[0], '<title>Home 7</title><p>a (2)</p><p>b (10)</p>');
    assert.match(lines[1], /^nil\tFailed to get page 'app:nothing'/);
  } finally {
    await t.stop();
  }
});

test('an edited template file is served by the next render; a broken edit is rejected with file, line and column', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'templates']) + TEMPLATES,
    'src/layout.jet': LAYOUT,
    'src/main.lua': `return { main = function()
      local set = templates.get("app:views")
      io.print(set:render("page", { title = "T", items = {} }))
    end }`,
  });
  const root = t.app.runtime.root!;
  const watcher = watchApp(root, t.app.live, createLog({ silent: true }));
  try {
    await t.exec('app:main');
    writeFileSync(join(root, 'src/layout.jet'), 'v2 {{ title | lower }}');
    assert.equal(watcher.reload().ok, true);
    await t.exec('app:main');
    writeFileSync(join(root, 'src/layout.jet'), 'v3\n{{ if title }}');
    const r = watcher.reload();
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors, ['src/layout.jet:2: entry app:layout: template "layout" line 2, column 4: "if" is not closed with {{ end }}']);
    await t.exec('app:main');
    assert.equal(t.output(), '<html><title>Acme: T</title><body><h1>T</h1></body></html>\n\nv2 t\nv2 t\n');
  } finally {
    watcher.close();
    await t.stop();
  }
});

const PROBE = readerProbe(['templates'], `  io.print(who, kind(templates.get("app:open")), kind(templates.get("app:closed")))`);

test('templates.get is checked as template.get on the set id for code with an identity; the app itself passes', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + `
  - name: reader
    kind: security.policy
    policy:
      actions: [template.get, process.exec, process.host]
      resources: ["app:open", "app:probe", "app:terminal"]
      effect: allow
    groups: [readers]
  - name: open
    kind: template.set
  - name: closed
    kind: template.set
${PROBE.entries}`,
    ...PROBE.files,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, String(r.error));
    assert.deepEqual(t.output().trim().split('\n'), ['actor\tok\tPermissionDenied', 'app\tok\tok']);
  } finally {
    await t.stop();
  }
});

test('Lua functions in the data are called from templates; one that would wait fails the render instead', async () => {
  const t = await bootApp({
    'src/_index.yaml': HOSTS + luaEntry('main', 'main.lua', ['io', 'templates', 'time'])
      + '  - name: views\n    kind: template.set\n'
      + '  - name: page\n    kind: template.jet\n    set: views\n    source: "{{ user.label(\\"<b>\\") }}|{{ 2 | twice }}"\n'
      + '  - name: slow\n    kind: template.jet\n    set: views\n    source: "a{{ wait() }}"\n',
    'src/main.lua': `return { main = function()
      local set = templates.get("app:views")
      local user = { name = "Ann" }
      user.label = function(tag) return tag .. user.name end
      user.twice = function(n) return n * 2 end
      io.print(set:render("page", { user = user, twice = user.twice }))
      local html, err = set:render("slow", { wait = function() time.sleep("1ms") return 1 end })
      io.print(html, err and err:kind(), tostring(err))
      io.print("still running")
    end }`,
  });
  try {
    const r = await t.exec('app:main');
    assert.equal(r.error, undefined, String(r.error));
    assert.equal(t.output(), '&lt;b&gt;Ann|4\n'
      + 'nil\tInternal\ttemplate "slow" line 1, column 5: wait: src/main.lua:7: attempt to yield from outside a coroutine\n'
      + 'still running\n');
  } finally {
    await t.stop();
  }
});
