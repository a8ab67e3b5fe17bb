// template.set engine options as entries declare them, and their problems.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytesToText } from '../lua/runtime/values.js';
import { setOptionsOf, templateNameOf, setIdOf } from './template.js';
import { TemplateSet } from '../templates/set.js';
import { lua } from '../templates/testing.js';

const setEntry = (engine: unknown) => ({ id: 'app:views', kind: 'template.set', meta: {}, data: { engine } });

test('engine options: delimiters, extensions, globals and development mode reach the set', () => {
  const { options, problems } = setOptionsOf(setEntry({
    development_mode: true,
    delimiters: { left: '<%', right: '%>', comment_left: '<#', comment_right: '#>' },
    extensions: ['.tpl'],
    globals: { brand: 'Acme', limits: { max: 3 } },
  }));
  assert.deepEqual(problems, []);
  const set = new TemplateSet({ get: (n) => (n === 'p.tpl' ? '<% brand %>/<% limits.max %><# c #>{{ x }}' : undefined), names: () => [] }, options);
  assert.equal(set.developmentMode, true);
  assert.equal(bytesToText(set.render('p', lua({}))), 'Acme/3{{ x }}');
});

test('bad engine options are named', () => {
  const { problems } = setOptionsOf(setEntry({ development_mode: 'yes', delimiters: { left: '' }, extensions: '.jet', globals: [1] }));
  assert.deepEqual(problems, [
    "'engine.development_mode' must be true or false",
    "'engine.delimiters.left' must be a non-empty string",
    "'engine.extensions' must be a list of strings",
    "'engine.globals' must be a map",
  ]);
});

test('a template is named by meta.name or its entry name; a bare set name is in its namespace', () => {
  const e = { id: 'ui:page-v2', kind: 'template.jet', meta: { name: 'page' }, data: { set: 'views' } };
  assert.equal(templateNameOf(e), 'page');
  assert.equal(templateNameOf({ ...e, meta: {} }), 'page-v2');
  assert.equal(setIdOf(e), 'ui:views');
  assert.equal(setIdOf({ ...e, data: { set: 'other:views' } }), 'other:views');
});
