// Template errors name the template, line and column: syntax errors when a template is
// compiled, render errors where the failing expression is (in the template it belongs to).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateError, TemplateNotFound } from './errors.js';
import { lua, setOf } from './testing.js';

function syntaxError(src: string): TemplateError {
  try {
    setOf({ page: src }).load('page');
  } catch (e) {
    assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${String(e)}`);
    return e;
  }
  return assert.fail(`no error for ${JSON.stringify(src)}`);
}

function renderError(templates: Record<string, string>, name: string, data: Record<string, unknown> = {}): TemplateError {
  try {
    setOf(templates).render(name, lua(data));
  } catch (e) {
    assert.ok(e instanceof TemplateError, `expected a TemplateError, got ${String(e)}`);
    return e;
  }
  return assert.fail('no error');
}

test('syntax errors carry template name, line and column', () => {
  const e = syntaxError('line one\n  {{ if x }}\n  {{ x + }}\n{{ end }}');
  assert.equal(e.template, 'page');
  assert.deepEqual(e.pos, { line: 3, col: 8 });
  assert.match(e.message, /^template "page" line 3, column 8: unexpected end of action/);
});

test('unclosed constructs point at where they open', () => {
  assert.deepEqual(syntaxError('a\n{{ range xs }}\nb').pos, { line: 2, col: 4 });
  assert.match(syntaxError('a\n{{ range xs }}\nb').message, /"range" is not closed with \{\{ end \}\}/);
  assert.deepEqual(syntaxError('x {{ y ').pos, { line: 1, col: 5 });
  assert.match(syntaxError('{* never closed').message, /line 1, column 1: comment is not closed/);
  assert.match(syntaxError('{{ "abc }}').message, /string is not closed/);
});

test('misplaced keywords and bad tokens are rejected', () => {
  assert.match(syntaxError('{{ end }}').message, /unexpected "end"/);
  assert.match(syntaxError('{{ else }}').message, /line 1, column 4: unexpected "else"/);
  assert.match(syntaxError('{{ if a }}{{ else }}{{ else }}{{ end }}').message, /column 24: unexpected "else"/);
  assert.match(syntaxError('{{ a # b }}').message, /column 6: unexpected character "#"/);
  assert.match(syntaxError('{{ a b }}').message, /column 6: unexpected "b"/);
  assert.match(syntaxError('text\n{{ extends "x" }}').message, /line 2, column 4: extends must be the first statement/);
  assert.match(syntaxError('{{ block a() }}{{ end }}{{ block a() }}{{ end }}').message, /block "a" is defined twice/);
  assert.match(syntaxError('{{ }}').message, /empty action/);
});

test('render errors name the template and position of the failing expression', () => {
  const e = renderError({ page: 'ok\n  {{ missing.name }}' }, 'page');
  assert.equal(e.message, 'template "page" line 2, column 6: identifier "missing" is not available in the current scope');
  assert.match(renderError({ page: '{{ 1 / n }}' }, 'page', { n: 0 }).message, /column 6: division by zero/);
  assert.match(renderError({ page: '{{ range n }}{{ end }}' }, 'page', { n: true }).message, /cannot range over bool/);
  assert.match(renderError({ page: '{{ s.x }}' }, 'page', { s: 5 }).message, /column 5: number has no fields/);
  assert.match(renderError({ page: '{{ repeat("a") }}' }, 'page').message, /column 4: repeat: expected 2 arguments, got 1/);
  assert.match(renderError({ page: '{{ x() }}' }, 'page', { x: 'str' }).message, /"x" is not a function/);
});

test('an error inside an included or extended template names that template', () => {
  const e = renderError({ page: '{{ include "part" }}', part: '\n\n{{ nope }}' }, 'page');
  assert.equal(e.template, 'part');
  assert.deepEqual(e.pos, { line: 3, col: 4 });
  const s = renderError({ page: '{{ extends "layout" }}{{ block b() }}{{ 1 < "x" }}{{ end }}', layout: '{{ yield b() }}' }, 'page');
  assert.equal(s.template, 'page');
  assert.match(s.message, /cannot compare number < string/);
});

test('missing templates: the rendered name is NOT_FOUND; a missing include names the includer', () => {
  assert.throws(() => setOf({}).render('nope', lua({})), (e) => e instanceof TemplateNotFound && /template "nope" not found/.test(e.message));
  const e = renderError({ page: 'x\n{{ include "gone" }}' }, 'page');
  assert.equal(e.message, 'template "page" line 2, column 4: template "gone" not found');
  assert.match(renderError({ page: '{{ yield nothing() }}' }, 'page').message, /block "nothing" is not defined/);
});

test('endless recursion stops with an error instead of overflowing the stack', () => {
  assert.match(renderError({ page: '{{ include "page" }}' }, 'page').message, /nest deeper than/);
  assert.match(renderError({ a: '{{ extends "b" }}', b: '{{ extends "a" }}' }, 'a').message, /makes a cycle/);
});
