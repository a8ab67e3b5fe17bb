// The templates of the reference example apps that use Jet (17-treesitter, 20-bar-roguelike,
// 21-registry-graph), rendered with the data their data functions return, against the output
// Jet gives: the layout with each `yield` replaced by the page's block, the block's actions
// replaced by their values. The examples are read from the reference examples repository
// when it is on this machine; without it the test is skipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { bytesToText } from '../lua/runtime/values.js';
import { escapeHtml } from './builtins.js';
import { lua, setOf } from './testing.js';

const REPO = '/work/.mirror/wippy-projects+examples/repo';
const skip = existsSync(REPO) ? false : 'reference examples repository not present';

const show = (path: string) => execFileSync('git', ['-C', REPO, 'show', `HEAD:${path}`], { encoding: 'utf8' });

/** The expected page: blocks cut from the page by hand-simple rules, actions substituted. */
function expected(layout: string, page: string, data: { title: string } & Record<string, unknown>): string {
  const blocks = new Map<string, string>();
  const parts = page.split(/\{\{ block (\w+)\(\) \}\}/);
  for (let i = 1; i < parts.length; i += 2) {
    const body = parts[i + 1];
    blocks.set(parts[i], body.slice(0, body.lastIndexOf('{{ end }}')));
  }
  const fill = (body: string) => body
    .replace(/\{\{ range data\.(\w+) \}\}([\s\S]*?)\{\{ end \}\}/g, (_, list: string, item: string) =>
      (data[list] as Record<string, unknown>[]).map((x) => item.replace(/\{\{ \.(\w+) \}\}/g, (__, k: string) => escapeHtml(String(x[k])))).join(''))
    .replace(/\{\{ data\.title \}\}/g, escapeHtml(data.title));
  return layout.replace(/\{\{ yield (\w+)\(\) \}\}/g, (_, name: string) => fill(blocks.get(name)!));
}

function check(app: string, page: string, data: { title: string } & Record<string, unknown>) {
  const layout = show(`${app}/src/templates/layout.jet`);
  const text = show(`${app}/src/templates/${page}`);
  const set = setOf({ layout, page: text });
  const out = bytesToText(set.render('page', lua({ data, resources: {}, query_params: {}, route_params: {}, env: {} })));
  assert.ok(!out.includes('{{'), 'no action is left unrendered');
  assert.equal(out, expected(layout, text, data));
  return out;
}

test('20-bar-roguelike: the chat page renders its layout with the page blocks', { skip }, () => {
  const out = check('20-bar-roguelike', 'chat.jet', { title: 'The Rusty Flagon', ws_url: 'ws://localhost:8080/ws/chat' });
  assert.match(out, /<title>The Rusty Flagon<\/title>/);
});

test('17-treesitter: the viewer lists the languages in the select and the script', { skip }, () => {
  const languages = [{ lang: 'python', ext: 'py', label: 'Python (Data Pipeline)' }, { lang: 'php', ext: 'php', label: 'PHP <MVC> & "co"' }];
  const out = check('17-treesitter', 'page.jet', { title: 'Tree-sitter Call Graph', languages });
  assert.match(out, /<option value="python">Python \(Data Pipeline\)<\/option>/);
  assert.match(out, /\{lang: "php", ext: "php", label: "PHP &lt;MVC&gt; &amp; &#34;co&#34;"\},/);
});

test('21-registry-graph: the viewer lists kinds and namespaces with their counts', { skip }, () => {
  const kinds = [{ kind: 'function.lua', count: 7 }, { kind: 'http.endpoint', count: 6 }];
  const namespaces = [{ ns: 'app', count: 3 }, { ns: 'graph', count: 22 }];
  const out = check('21-registry-graph', 'page.jet', { title: 'Registry Graph', kinds, namespaces });
  assert.match(out, /<option value="http.endpoint">http.endpoint \(6\)<\/option>/);
  assert.match(out, /\{ns: "graph", count: 22\},/);
});
