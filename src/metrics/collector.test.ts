import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Collector, DEFAULT_BUCKETS, MAX_SERIES } from './collector.js';
import { exposition } from './exposition.js';
import { parseExposition } from './testing.js';

test('counters add up per label set, independent of label order', () => {
  const c = new Collector();
  assert.equal(c.counterAdd('orders_total', 1, { status: 'ok', region: 'eu' }), undefined);
  assert.equal(c.counterAdd('orders_total', 2.5, { region: 'eu', status: 'ok' }), undefined);
  assert.equal(c.counterAdd('orders_total', 1, { region: 'us', status: 'ok' }), undefined);
  const s = parseExposition(exposition(c));
  assert.equal(s.type.get('orders_total'), 'counter');
  assert.equal(s.value('orders_total', { region: 'eu', status: 'ok' }), 3.5);
  assert.equal(s.value('orders_total', { region: 'us', status: 'ok' }), 1);
});

test('a counter refuses negative, NaN and infinite steps and keeps its value', () => {
  const c = new Collector();
  c.counterAdd('c_total', 5, undefined);
  assert.match(c.counterAdd('c_total', -1, undefined)!, /cannot decrease: value -1 is negative/);
  assert.match(c.counterAdd('c_total', NaN, undefined)!, /finite number/);
  assert.match(c.counterAdd('c_total', Infinity, undefined)!, /finite number/);
  assert.equal(parseExposition(exposition(c)).value('c_total'), 5);
});

test('gauges set, go up and go down (below zero too)', () => {
  const c = new Collector();
  c.gaugeSet('queue_depth', 42, { queue: 'emails' });
  c.gaugeAdd('queue_depth', -50, { queue: 'emails' });
  c.gaugeAdd('conns', 1, undefined);
  c.gaugeAdd('conns', 1, undefined);
  c.gaugeAdd('conns', -1, undefined);
  const s = parseExposition(exposition(c));
  assert.equal(s.type.get('queue_depth'), 'gauge');
  assert.equal(s.value('queue_depth', { queue: 'emails' }), -8);
  assert.equal(s.value('conns'), 1);
});

test('histograms count observations in cumulative default buckets with sum and count', () => {
  const c = new Collector();
  for (const v of [0.003, 0.005, 0.2, 0.2, 7, 100]) assert.equal(c.observe('latency_seconds', v, { op: 'read' }), undefined);
  const s = parseExposition(exposition(c));
  assert.equal(s.type.get('latency_seconds'), 'histogram');
  const at = (le: string) => s.value('latency_seconds_bucket', { op: 'read', le });
  assert.equal(at('0.005'), 2, 'le is inclusive');
  assert.equal(at('0.01'), 2);
  assert.equal(at('0.1'), 2);
  assert.equal(at('0.25'), 4);
  assert.equal(at('5'), 4);
  assert.equal(at('10'), 5);
  assert.equal(at('+Inf'), 6);
  assert.equal(s.value('latency_seconds_count', { op: 'read' }), 6);
  assert.ok(Math.abs(s.value('latency_seconds_sum', { op: 'read' })! - 107.408) < 1e-9);
  const les = s.samples.filter((x) => x.name === 'latency_seconds_bucket').map((x) => x.labels.le);
  assert.deepEqual(les, [...DEFAULT_BUCKETS.map(String), '+Inf'], 'every default bound, ascending, then +Inf');
});

test('names and label names must follow the Prometheus rules', () => {
  const c = new Collector();
  assert.match(c.counterAdd('orders-total', 1, undefined)!, /invalid metric name 'orders-total'/);
  assert.match(c.counterAdd('9lives', 1, undefined)!, /invalid metric name '9lives'/);
  assert.match(c.counterAdd('', 1, undefined)!, /invalid metric name ''/);
  assert.match(c.gaugeSet('g', 1, { 'bad-label': 'x' })!, /invalid label name 'bad-label'/);
  assert.match(c.gaugeSet('g', 1, { __name__: 'x' })!, /'__name__' is reserved/);
  assert.match(c.observe('h', 1, { le: '1' })!, /'le' is reserved/);
  assert.equal(c.gaugeSet('ns:sub_metric', 1, { le: 'fine on a gauge' }), undefined);
  assert.deepEqual(c.snapshot().map((f) => f.name), ['ns:sub_metric'], 'refused writes create nothing');
});

test('a family keeps its type and label names', () => {
  const c = new Collector();
  c.counterAdd('jobs_total', 1, { queue: 'a' });
  assert.match(c.gaugeSet('jobs_total', 1, { queue: 'a' })!, /'jobs_total' is a counter, not a gauge/);
  assert.match(c.counterAdd('jobs_total', 1, { queue: 'a', extra: 'x' })!, /has labels \{queue\}, got \{extra, queue\}/);
  assert.match(c.counterAdd('jobs_total', 1, undefined)!, /has labels \{queue\}, got \{\}/);
  assert.equal(parseExposition(exposition(c)).value('jobs_total', { queue: 'a' }), 1);
});

test('a histogram owns its _bucket, _sum and _count names', () => {
  const c = new Collector();
  c.observe('req', 1, undefined);
  assert.match(c.counterAdd('req_count', 1, undefined)!, /taken by histogram 'req'/);
  c.counterAdd('size_sum', 1, undefined);
  assert.match(c.observe('size', 1, undefined)!, /clash with metric 'size_sum'/);
});

test('label values with backslashes, quotes, line feeds and look-alike boundaries stay apart and round-trip', () => {
  const c = new Collector();
  const tricky = ['a\\b', 'say "hi"', 'two\nlines', 'ünï'];
  for (const v of tricky) c.counterAdd('t_total', 1, { v, w: '' });
  // values that would collide if series keys were plain joins
  c.counterAdd('pair_total', 1, { a: 'x\u0000', b: 'y' });
  c.counterAdd('pair_total', 1, { a: 'x', b: '\u0000y' });
  const text = exposition(c);
  assert.ok(text.includes('v="a\\\\b"') && text.includes('v="say \\"hi\\""') && text.includes('v="two\\nlines"'), text);
  const s = parseExposition(text);
  for (const v of tricky) assert.equal(s.value('t_total', { v, w: '' }), 1, v);
  assert.equal(s.samples.filter((x) => x.name === 'pair_total').length, 2);
});

test('a family keeps at most MAX_SERIES label sets', () => {
  const c = new Collector();
  for (let i = 0; i < MAX_SERIES; i++) assert.equal(c.counterAdd('ids_total', 1, { id: String(i) }), undefined);
  assert.match(c.counterAdd('ids_total', 1, { id: 'one-more' })!, /already has 10000 label sets/);
  assert.equal(c.counterAdd('ids_total', 1, { id: '7' }), undefined, 'existing series still count');
});

test('HELP and TYPE come once per family, families sorted, declared-but-empty families left out', () => {
  const c = new Collector();
  c.declare('b_seconds', 'histogram', ['x'], { help: 'line one\nback\\slash "quoted"' });
  c.declare('unused', 'gauge', []);
  c.gaugeSet('a_gauge', 1, undefined);
  c.observe('b_seconds', 0.5, { x: '1' });
  const text = exposition(c);
  const lines = text.split('\n');
  assert.equal(lines[0], '# HELP a_gauge gauge recorded by the metrics module');
  assert.equal(lines[1], '# TYPE a_gauge gauge');
  assert.equal(lines[2], 'a_gauge 1');
  assert.equal(lines[3], '# HELP b_seconds line one\\nback\\\\slash "quoted"');
  assert.equal(lines[4], '# TYPE b_seconds histogram');
  assert.equal(lines[5], 'b_seconds_bucket{x="1",le="0.005"} 0');
  assert.ok(!text.includes('unused'));
  assert.equal(parseExposition(text).help.get('b_seconds'), 'line one\nback\\slash "quoted"');
  assert.equal(exposition(new Collector()), '');
});

test('declare refuses a different shape and bad buckets', () => {
  const c = new Collector();
  assert.equal(c.declare('d', 'histogram', ['a'], { buckets: [1, 2, 3] }), undefined);
  assert.equal(c.declare('d', 'histogram', ['a']), undefined, 'same shape again is fine');
  assert.match(c.declare('d', 'counter', ['a'])!, /is a histogram, not a counter/);
  assert.match(c.declare('e', 'histogram', [], { buckets: [1, 1] })!, /strictly increasing/);
  c.observe('d', 2, { a: 'x' });
  const s = parseExposition(exposition(c));
  assert.deepEqual(s.samples.filter((x) => x.name === 'd_bucket').map((x) => [x.labels.le, x.value]),
    [['1', 0], ['2', 1], ['3', 1], ['+Inf', 1]]);
});
