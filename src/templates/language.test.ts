// The Jet language as the engine renders it: each feature with its expected output, data
// given as Lua tables (as the `templates` module passes it).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textToBytes, bytesToText } from '../lua/runtime/values.js';
import { lua, setOf } from './testing.js';

const render = (src: string, data: Record<string, unknown> = {}, extra: Record<string, string> = {}) =>
  bytesToText(setOf({ main: src, ...extra }).render('main', lua(data)));

test('prints values: strings, integers, floats, booleans, nil as nothing', () => {
  assert.equal(render('{{ s }}|{{ n }}|{{ f }}|{{ b }}|{{ nil }}|{{ tiny }}', { s: 'hi', n: 42, f: 2.5, b: true, tiny: 0.00001 }),
    'hi|42|2.5|true||1e-05');
});

test('dotted field access and 0-based indexing of Lua lists; map index by string', () => {
  const data = { user: { name: 'Ann', tags: ['a', 'b', 'c'] }, m: { 'x-y': 7 } };
  assert.equal(render('{{ user.name }} {{ user.tags[0] }}{{ user.tags[2] }} {{ m["x-y"] }} {{ user["name"] }}', data), 'Ann ac 7 Ann');
});

test('HTML escaping by default: an XSS payload in data is escaped; raw and unsafe write as is', () => {
  const data = { x: `<script>alert('x')</script>&"` };
  assert.equal(render('{{ x }}', data), '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&#34;');
  assert.equal(render('{{ x | raw }}', data), data.x);
  assert.equal(render('{{ unsafe(x) }}', data), data.x);
  assert.equal(render('{{ raw: x }}', data), data.x);
  // escaping applies to every printed value, including the result of other functions
  assert.equal(render('{{ x | upper }}', data), '&lt;SCRIPT&gt;ALERT(&#39;X&#39;)&lt;/SCRIPT&gt;&amp;&#34;');
  // literal template text is never escaped
  assert.equal(render('<b>{{ "a<b" }}</b>'), '<b>a&lt;b</b>');
});

test('comments vanish, even across lines and around actions', () => {
  assert.equal(render('a{* one *}b{*\n {{ x }} \n*}c'), 'abc');
});

test('variables: declare with :=, assign with =, scoped to their block', () => {
  assert.equal(render('{{ x := 1 }}{{ x = x + 1 }}{{ x }}{{ if true }}{{ y := 5 }}{{ x = y }}{{ end }}{{ x }}'), '25');
  assert.throws(() => render('{{ z = 1 }}'), /line 1, column 4: variable "z" is not declared/);
  assert.throws(() => render('{{ if true }}{{ y := 1 }}{{ end }}{{ y }}'), /identifier "y" is not available/);
});

test('if / else if / else with Jet truth (0, "", empty tables and nil are false)', () => {
  const t = '{{ if a }}A{{ else if b }}B{{ else }}C{{ end }}';
  assert.equal(render(t, { a: 1, b: 1 }), 'A');
  assert.equal(render(t, { a: 0, b: 'x' }), 'B');
  assert.equal(render(t, { a: '', b: [] }), 'C');
  assert.equal(render('{{ if !missing && 1 < 2 || false }}yes{{ end }}', { missing: false }), 'yes');
});

test('range over lists: context ".", one name is the index, two names are index and value; else when empty', () => {
  const data = { xs: [{ n: 'a' }, { n: 'b' }], empty: [] };
  assert.equal(render('{{ range xs }}[{{ .n }}]{{ end }}', data), '[a][b]');
  assert.equal(render('{{ range i := xs }}{{ i }}={{ .n }} {{ end }}', data), '0=a 1=b ');
  assert.equal(render('{{ range i, v := xs }}{{ i }}:{{ v.n }} {{ end }}', data), '0:a 1:b ');
  assert.equal(render('{{ range empty }}x{{ else }}none{{ end }}', data), 'none');
});

test('range over maps visits keys in sorted order', () => {
  assert.equal(render('{{ range k, v := m }}{{ k }}={{ v }};{{ end }}', { m: { b: 2, a: 1, c: 3 } }), 'a=1;b=2;c=3;');
  assert.equal(render('{{ range k := m }}{{ k }}{{ . }}{{ end }}', { m: { y: 2, x: 1 } }), 'x1y2');
});

test('whitespace trimming with {{- and -}}', () => {
  assert.equal(render('a  \n {{- "b" -}} \n\t c'), 'abc');
  assert.equal(render('<ul>\n  {{- range xs }}\n  <li>{{ . }}</li>\n  {{- end }}\n</ul>', { xs: [1, 2] }), '<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>');
  // a minus not followed by a space is a negative number, not a trim marker
  assert.equal(render('x {{-3}}'), 'x -3');
});

test('arithmetic, string concatenation, comparisons, ternary', () => {
  assert.equal(render('{{ 1 + 2 * 3 - 4 }} {{ (1 + 2) * 3 }} {{ 7 / 2 }} {{ 7.5 / 2 }} {{ 7 % 3 }} {{ -x }}', { x: 5 }), '3 9 3 3.75 1 -5');
  assert.equal(render('{{ "a" + "b" + 1 }}'), 'ab1');
  assert.equal(render('{{ 2 >= 2 }} {{ "a" < "b" }} {{ 1 == 1.0 }} {{ "x" != "x" }}'), 'true true true false');
  assert.equal(render('{{ n > 1 ? "many" : "one" }}', { n: 3 }), 'many');
});

test('pipes: plain, with arguments after a colon, with a "_" slot; prefix call syntax', () => {
  assert.equal(render('{{ "Hello" | upper }} {{ "FOO" | lower | len }}'), 'HELLO 3');
  assert.equal(render('{{ "ab" | repeat: 2 }} {{ 2 | repeat("xy", _) }}'), 'abab xyxy');
  assert.equal(render('{{ len: "hello" }}'), '5');
});

test('built-in string functions', () => {
  assert.equal(render('{{ hasPrefix("wippy", "wi") }} {{ hasSuffix("wippy", "x") }} {{ replace("a-b-c", "-", "+", 1) }} {{ replace("a-b-c", "-", "+", -1) }}'),
    'true false a+b-c a+b+c');
  assert.equal(render('{{ range split("a,b,c", ",") }}<{{ . }}>{{ end }} [{{ trimSpace("  x  ") }}]'), '&lt;a&gt;&lt;b&gt;&lt;c&gt; [x]'.replace(/&lt;|&gt;/g, (m) => (m === '&lt;' ? '<' : '>')));
  assert.equal(render('{{ upper("straße") }} {{ lower("ÄB") }}'), 'STRASSE äb');
  assert.equal(render('{{ url("a b&c=d/é") }}'), 'a+b%26c%3Dd%2F%C3%A9');
  assert.equal(render('{{ html("<i>") | raw }}'), '&lt;i&gt;');
});

test('len, isset, map, slice, ints and slicing', () => {
  const data = { xs: [1, 2, 3, 4], m: { a: 1 }, s: 'héllo' };
  assert.equal(render('{{ len(xs) }} {{ len(m) }} {{ len(s) }}', data), '4 1 6');
  assert.equal(render('{{ isset(xs) }} {{ isset(nope) }} {{ isset(m.a) }} {{ isset(m.b) }} {{ isset(xs, m) }}', data), 'true false true false true');
  assert.equal(render('{{ m2 := map("k", 1, "j", 2) }}{{ m2.k }}{{ m2["j"] }} {{ s2 := slice(5, 6, 7) }}{{ s2[1] }} {{ len(s2) }}'), '12 6 3');
  assert.equal(render('{{ range ints(0, 3) }}{{ . }}{{ end }} {{ xs[1:3] }} {{ xs[:2] }} {{ "hello"[1:3] }}', data), '012 [2 3] [1 2] el');
});

test('json writes Go-style JSON (sorted keys, HTML-safe) and is escaped unless raw', () => {
  const data = { v: { b: [1, 'x'], a: '<&>', c: true } };
  assert.equal(render('{{ json(v) | raw }}', data), '{"a":"\\u003c\\u0026\\u003e","b":[1,"x"],"c":true}');
  assert.equal(render('{{ json(v.b) }}', data), '[1,&#34;x&#34;]');
});

test('blocks render in place; yield renders them with parameters, defaults and a context', () => {
  const t = '{{ block greet(name, greeting="Hello") }}{{ greeting }}, {{ name }}{{ if . == "?" }}?{{ end }}!{{ end }}|'
    + '{{ yield greet(name="Bo") }}|{{ yield greet(name="Al", greeting="Hi") "?" }}';
  assert.equal(render(t, { name: 'x' }), 'Hello, !|Hello, Bo!|Hi, Al?!');
});

test('yield with content: the block renders the content the caller wrote', () => {
  const t = '{{ block link(target) }}<a href="{{ target }}">{{ yield content }}</a>{{ end }}';
  const out = render(`{{ import "lib" }}{{ yield link(target="/x") content }}Go {{ who }}{{ end }}`, { who: 'now' }, { lib: t });
  assert.equal(out, '<a href="/x">Go now</a>');
});

test('recursive blocks walk a tree', () => {
  const t = '{{ block tree() }}{{ range . }}({{ .name }}{{ if isset(.kids) }}{{ yield tree() .kids }}{{ end }}){{ end }}{{ end }}';
  const data = { root: [{ name: 'a', kids: [{ name: 'b' }, { name: 'c', kids: [{ name: 'd' }] }] }] };
  assert.equal(render(`{{ import "lib" }}{{ yield tree() root }}`, data, { lib: t }), '(a(b)(c(d)))');
});

test('extends: the layout renders, its yields take the child\'s blocks; the child\'s loose text is dropped', () => {
  const layout = '<title>{{ yield title() }}</title><main>{{ block body() }}default{{ end }}</main><f>{{ block foot() }}base foot{{ end }}</f>';
  const page = '{{ extends "layout" }}\nignored text\n{{ block title() }}{{ data.title }}{{ end }}\n{{ block body() }}<p>{{ data.title }}</p>{{ end }}';
  assert.equal(bytesToText(setOf({ layout, page }).render('page', lua({ data: { title: 'T&C' } }))),
    '<title>T&amp;C</title><main><p>T&amp;C</p></main><f>base foot</f>');
});

test('extends across three levels and by file name with an extension', () => {
  const set = setOf({
    base: '[{{ yield a() }}|{{ yield b() }}]',
    mid: '{{ extends "./base.jet" }}{{ block a() }}mid-a{{ end }}{{ block b() }}mid-b{{ end }}',
    leaf: '{{ extends "/mid" }}{{ block b() }}leaf-b{{ end }}',
  });
  assert.equal(bytesToText(set.render('leaf', lua({}))), '[mid-a|leaf-b]');
});

test('include renders another template with the current or a given context and sees variables', () => {
  const out = render('{{ v := "V" }}{{ include "part" }}/{{ include "part" user }}', { user: { name: 'U' }, name: 'top' },
    { part: '{{ v }}{{ isset(.name) ? .name : "-" }}' });
  assert.equal(out, 'Vtop/VU');
  assert.equal(render('{{ include "part" 5 }}', {}, { part: '{{ isset(.name) ? .name : "-" }}' }), '-');
});

test('try / catch keeps the page rendering when a part fails', () => {
  assert.equal(render('a{{ try }}b{{ nope }}{{ catch e }}[{{ hasPrefix(e, "template") }}]{{ end }}c'), 'a[true]c');
  assert.equal(render('a{{ try }}{{ 1 / 0 }}{{ end }}c'), 'ac');
});

test('exec runs a template for its return value; includeIfExists skips absent templates', () => {
  assert.equal(render('{{ exec("val") }}:{{ includeIfExists("none") }}{{ includeIfExists("val") }}', {}, { val: 'noise{{ return "R" }}' }), 'R:noise');
});

test('globals from the set are visible to every template; data shadows them', () => {
  const set = setOf({ main: '{{ site }} {{ year }}' }, { globals: new Map<string, unknown>([['site', textToBytes('W')], ['year', 2020]]) });
  assert.equal(bytesToText(set.render('main', lua({ year: 2026 }))), 'W 2026');
});

test('custom delimiters and comment delimiters', () => {
  const set = setOf({ main: '[[ x ]] {{ x }}<# c #> [[- " y" ]]' },
    { delimiters: { left: '[[', right: ']]', commentLeft: '<#', commentRight: '#>' } });
  assert.equal(bytesToText(set.render('main', lua({ x: 1 }))), '1 {{ x }} y');
});

test('UTF-8 text and data pass through unchanged', () => {
  assert.equal(render('привет {{ name }} ✓', { name: 'мир' }), 'привет мир ✓');
});

test('a table that contains itself prints with <cycle> instead of recursing forever', () => {
  const data = lua({ t: { a: 1 } }) as import('../lua/runtime/table.js').LuaTable;
  const t = data.get('t') as import('../lua/runtime/table.js').LuaTable;
  t.set('self', t);
  assert.equal(bytesToText(setOf({ main: '{{ t | raw }}' }).render('main', data)), 'map[a:1 self:<cycle>]');
});
