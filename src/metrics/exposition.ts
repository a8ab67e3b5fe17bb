// The Prometheus text exposition format, version 0.0.4: what a Prometheus server scrapes.
//
//   # HELP <name> <help, with \ and newline escaped>
//   # TYPE <name> counter|gauge|histogram
//   <name>{<label>="<value, with \ " and newline escaped>",...} <value>
//
// A histogram `x` is written as cumulative x_bucket{...,le="<bound>"} lines ending with
// le="+Inf" (equal to the count), then x_sum and x_count. Families come sorted by name and
// series by label values, so two scrapes of the same state are byte-identical. Families
// without a series are left out (a declared but unused family has nothing to report).

import type { Collector, Family, Series } from './collector.js';

export const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function exposition(c: Collector): string {
  const out: string[] = [];
  for (const f of c.snapshot()) {
    if (f.series.size === 0) continue;
    out.push(`# HELP ${f.name} ${escapeHelp(f.help || defaultHelp(f))}`);
    out.push(`# TYPE ${f.name} ${f.type}`);
    const series = [...f.series.values()].sort(byLabels);
    for (const s of series) {
      if (f.type !== 'histogram') {
        out.push(`${f.name}${labelText(s.labels, undefined)} ${formatValue(s.value)}`);
        continue;
      }
      let cumulative = 0;
      for (let i = 0; i <= f.buckets.length; i++) {
        cumulative += s.counts![i];
        const le = i < f.buckets.length ? formatValue(f.buckets[i]) : '+Inf';
        out.push(`${f.name}_bucket${labelText(s.labels, le)} ${formatValue(cumulative)}`);
      }
      out.push(`${f.name}_sum${labelText(s.labels, undefined)} ${formatValue(s.sum)}`);
      out.push(`${f.name}_count${labelText(s.labels, undefined)} ${formatValue(s.count)}`);
    }
  }
  return out.length === 0 ? '' : out.join('\n') + '\n';
}

function defaultHelp(f: Family): string {
  return `${f.type} recorded by the metrics module`;
}

function labelText(labels: Series['labels'], le: string | undefined): string {
  if (labels.length === 0 && le === undefined) return '';
  let s = '{';
  for (let i = 0; i < labels.length; i++) {
    if (i > 0) s += ',';
    s += `${labels[i][0]}="${escapeLabelValue(labels[i][1])}"`;
  }
  if (le !== undefined) s += `${labels.length > 0 ? ',' : ''}le="${le}"`;
  return s + '}';
}

/** Label values: backslash, double quote and line feed are escaped. */
export function escapeLabelValue(v: string): string {
  return v.replace(/[\\"\n]/g, (ch) => (ch === '\\' ? '\\\\' : ch === '"' ? '\\"' : '\\n'));
}

/** HELP text: backslash and line feed are escaped (a quote is literal there). */
export function escapeHelp(v: string): string {
  return v.replace(/[\\\n]/g, (ch) => (ch === '\\' ? '\\\\' : '\\n'));
}

/** Numbers as Go's ParseFloat reads them: +Inf, -Inf, NaN, else the shortest exact form. */
export function formatValue(n: number): string {
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  if (Number.isNaN(n)) return 'NaN';
  return String(n);
}

function byLabels(a: Series, b: Series): number {
  for (let i = 0; i < a.labels.length; i++) {
    const x = a.labels[i][1];
    const y = b.labels[i][1];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
