// Template rendering speed: a layout + page with a 100-row table (escaped cells, an `if`
// per row, a block per row) rendered from Lua data, against the same page built by a
// hand-written JavaScript function from the same data (the floor: string building and
// escaping only). Also the compile time of an 850-line page. Rounds interleave the two.
//
//   npm run build && node bench/templates/run.js

import { cpus } from 'node:os';
import { LuaTable } from '../../dist/src/lua/runtime/table.js';
import { TemplateSet } from '../../dist/src/templates/set.js';
import { escapeHtml } from '../../dist/src/templates/builtins.js';
import { parse } from '../../dist/src/templates/parser.js';
import { median, markdownTable } from '../common.js';

const ROWS = 100;
const ROUNDS = 15;
const RENDERS = 400;

const layout = '<!DOCTYPE html><html><head><title>{{ yield title() }}</title></head><body>{{ yield body() }}</body></html>';
const page = `{{ extends "layout" }}
{{ block title() }}{{ data.title }}{{ end }}
{{ block row(r) }}<tr{{ if r.count > 50 }} class="big"{{ end }}><td>{{ r.kind }}</td><td>{{ r.count }}</td></tr>{{ end }}
{{ block body() }}<h1>{{ data.title }}</h1><table>{{ range data.rows }}{{ yield row(r=.) }}{{ end }}</table>{{ end }}`;

const rows = new LuaTable(Array.from({ length: ROWS }, (_, i) => {
  const t = new LuaTable();
  t.setStr('kind', `kind.<${i}>&co`);
  t.setStr('count', i);
  return t;
}));
const dataT = new LuaTable();
dataT.setStr('title', 'Registry "graph"');
dataT.setStr('rows', rows);
const data = new LuaTable();
data.setStr('data', dataT);

const set = new TemplateSet({ get: (n) => ({ layout, page })[n], names: () => ['layout', 'page'] });
const engine = () => set.render('page', data);

// the anchor: the same page written by hand in JavaScript, reading the same Lua tables
const byHand = () => {
  const d = data.getStr('data');
  const title = escapeHtml(d.getStr('title'));
  let body = `<h1>${title}</h1><table>`;
  const rs = d.getStr('rows');
  for (let i = 1; i <= rs.length(); i++) {
    const r = rs.get(i);
    body += `<tr${r.getStr('count') > 50 ? ' class="big"' : ''}><td>${escapeHtml(r.getStr('kind'))}</td><td>${r.getStr('count')}</td></tr>`;
  }
  return `<!DOCTYPE html><html><head><title>${title}</title></head><body>${body}</table></body></html>`;
};

if (engine() !== byHand()) throw new Error('the two pages differ:\n' + engine() + '\n' + byHand());

const big = Array.from({ length: 850 }, (_, i) => (i % 20 === 0 ? `<li>{{ range data.rows }}{{ .kind | upper }}{{ end }}</li>` : `<div class="line-${i}">static text of line ${i}</div>`)).join('\n');

function cpuMicros(fn, n) {
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}

const results = { engine: [], byHand: [], compile: [] };
for (let r = 0; r < ROUNDS; r++) {
  results.engine.push(cpuMicros(engine, RENDERS));
  results.byHand.push(cpuMicros(byHand, RENDERS));
  results.compile.push(cpuMicros(() => parse('big', big), 40));
}

const f = (x) => x.toFixed(1);
console.log(`${cpus()[0].model}, ${cpus().length} cores, node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
console.log(markdownTable(['what', 'CPU µs (median of rounds)'], [
  [`render: layout + page, ${ROWS} rows (engine)`, f(median(results.engine))],
  [`render: the same page by hand in JS (anchor)`, f(median(results.byHand))],
  ['compile: 850-line page, 43 actions', f(median(results.compile))],
]));
