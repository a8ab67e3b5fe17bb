// The `metrics` module (services §8.2, lua-core §15.8): counters, gauges and histograms in
// the process-wide collector (src/metrics/), scraped from the Prometheus endpoint.
//
//   counter_inc(name, labels?)           counter_add(name, value, labels?)
//   gauge_set(name, value, labels?)      gauge_inc(name, labels?)    gauge_dec(name, labels?)
//   histogram(name, value, labels?)
//
// Every function returns `true` or `false, err`, never raises: a bad name, a negative counter
// step, a value that is not a number, labels that are not a table of strings, a change of a
// family's type or label names give kind INVALID; no collector gives INTERNAL. Numbers are
// accepted as label values (written as Lua's tostring writes them), as Lua coerces numbers
// to strings everywhere else; booleans, tables and functions are refused.

import { makeLib } from '../lua/lib/args.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { bytesToText, numberToString, str2number, type } from '../lua/runtime/values.js';
import type { Collector, Labels } from '../metrics/collector.js';
import { KIND, makeError } from './errors.js';

type Result = true | [false, LuaValue];

function invalid(message: string): [false, LuaValue] {
  return [false, makeError(KIND.INVALID, message)];
}

function nameOf(v: LuaValue): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function numberOf(v: LuaValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return str2number(v);
  return undefined;
}

/** Lua labels -> a label map, or an error message. */
export function labelsOf(v: LuaValue): Labels | undefined | string {
  if (v === undefined) return undefined;
  if (!(v instanceof LuaTable)) return `labels must be a table of strings, got ${type(v)}`;
  // a plain object (V8 keeps small ones fast; a null-prototype one is a slow dictionary):
  // `__proto__` is the one key it would not store, and it is a reserved name anyway
  const out: Labels = {};
  let any = false;
  for (let kv = v.next(undefined); kv !== undefined; kv = v.next(kv[0])) {
    const [k, val] = kv;
    if (typeof k !== 'string') return `label names must be strings, got ${type(k)}`;
    if (k === '__proto__') return `label name '__proto__' is reserved (names starting with '__')`;
    let s: string;
    if (typeof val === 'string') s = bytesToText(val);
    else if (typeof val === 'number') s = numberToString(val);
    else return `label '${k}' must be a string, got ${type(val)}`;
    out[k] = s;
    any = true;
  }
  return any ? out : undefined;
}

export function createMetricsModule(collector: () => Collector | undefined): LuaTable {
  /** Checks shared by every function, then the write itself. */
  const write = (fname: string, nameArg: LuaValue, labelsArg: LuaValue,
                 op: (c: Collector, name: string, labels: Labels | undefined) => string | undefined): Result => {
    const name = nameOf(nameArg);
    if (name === undefined) return invalid(`${fname}: metric name must be a string, got ${type(nameArg)}`);
    const labels = labelsOf(labelsArg);
    if (typeof labels === 'string') return invalid(`${fname}: ${name}: ${labels}`);
    const c = collector();
    if (c === undefined) return [false, makeError(KIND.INTERNAL, 'metrics collector is not available')];
    const err = op(c, name, labels);
    return err === undefined ? true : invalid(`${fname}: ${err}`);
  };
  const withValue = (fname: string, args: LuaValue[],
                     op: (c: Collector, name: string, value: number, labels: Labels | undefined) => string | undefined): Result => {
    const value = numberOf(args[1]);
    if (value === undefined) return invalid(`${fname}: value must be a number, got ${type(args[1])}`);
    return write(fname, args[0], args[2], (c, n, l) => op(c, n, value, l));
  };
  const mod = makeLib({
    counter_inc: (...a: LuaValue[]) => write('counter_inc', a[0], a[1], (c, n, l) => c.counterAdd(n, 1, l)),
    counter_add: (...a: LuaValue[]) => withValue('counter_add', a, (c, n, v, l) => c.counterAdd(n, v, l)),
    gauge_set: (...a: LuaValue[]) => withValue('gauge_set', a, (c, n, v, l) => c.gaugeSet(n, v, l)),
    gauge_inc: (...a: LuaValue[]) => write('gauge_inc', a[0], a[1], (c, n, l) => c.gaugeAdd(n, 1, l)),
    gauge_dec: (...a: LuaValue[]) => write('gauge_dec', a[0], a[1], (c, n, l) => c.gaugeAdd(n, -1, l)),
    histogram: (...a: LuaValue[]) => withValue('histogram', a, (c, n, v, l) => c.observe(n, v, l)),
  });
  mod.frozen = true;
  return mod;
}
