// The metrics collector: families of counters, gauges and histograms, each family keyed by
// its name and each series in it by its label set. One collector serves the whole process
// (`processCollector`), as the reference's Prometheus registry does: the Lua `metrics`
// module and the HTTP `metrics` middleware write to it, the Prometheus endpoint reads it.
//
// Every write is checked and answers with an error message instead of throwing, because
// its callers (Lua code through `metrics.*`) turn that into `false, err`; a rejected write
// changes nothing. The rules are the Prometheus data model's:
//   - names match [a-zA-Z_:][a-zA-Z0-9_:]*, label names [a-zA-Z_][a-zA-Z0-9_]* and not `__*`
//     (reserved), nor `le` on a histogram (the bucket label)
//   - a family keeps the type and the label names of its first write; a write with another
//     type or other label names is refused (a query over a family expects one shape)
//   - a histogram `x` also owns the names x_bucket, x_sum and x_count in the exposition
//   - counters only go up; values must be finite numbers
//   - a family holds at most MAX_SERIES label sets, so an unbounded label value (an id, a
//     path) cannot grow memory without end

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Label name -> value. */
export type Labels = Record<string, string>;

/** Prometheus client defaults: request latencies in seconds, 5 ms to 10 s. */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Series per family kept at most (a family past it refuses new label sets). */
export const MAX_SERIES = 10000;

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export interface Series {
  /** label pairs, sorted by name */
  readonly labels: readonly (readonly [string, string])[];
  /** counter and gauge value */
  value: number;
  /** histogram: observations per bucket (not cumulative), the last one is +Inf */
  counts: Float64Array | undefined;
  sum: number;
  count: number;
}

export interface Family {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** sorted label names every series of this family has */
  readonly labelNames: readonly string[];
  /** histogram upper bounds, ascending (+Inf implied) */
  readonly buckets: readonly number[];
  readonly series: Map<string, Series>;
}

export interface FamilyOptions {
  help?: string;
  buckets?: readonly number[];
}

const SUFFIXES = ['_bucket', '_sum', '_count'];

export class Collector {
  private families = new Map<string, Family>();
  /** exposition names a histogram owns (x_bucket, x_sum, x_count) -> the histogram */
  private derived = new Map<string, string>();

  /** Add `value` (>= 0) to a counter. Returns an error message or undefined. */
  counterAdd(name: string, value: number, labels: Labels | undefined): string | undefined {
    if (!Number.isFinite(value)) return `counter '${name}': value must be a finite number, got ${value}`;
    if (value < 0) return `counter '${name}' cannot decrease: value ${value} is negative`;
    const s = this.series(name, 'counter', labels);
    if (typeof s === 'string') return s;
    s.value += value;
    return undefined;
  }

  /** Set a gauge. */
  gaugeSet(name: string, value: number, labels: Labels | undefined): string | undefined {
    if (!Number.isFinite(value)) return `gauge '${name}': value must be a finite number, got ${value}`;
    const s = this.series(name, 'gauge', labels);
    if (typeof s === 'string') return s;
    s.value = value;
    return undefined;
  }

  /** Add `delta` (any sign) to a gauge. */
  gaugeAdd(name: string, delta: number, labels: Labels | undefined): string | undefined {
    if (!Number.isFinite(delta)) return `gauge '${name}': value must be a finite number, got ${delta}`;
    const s = this.series(name, 'gauge', labels);
    if (typeof s === 'string') return s;
    s.value += delta;
    return undefined;
  }

  /** Record one observation in a histogram. */
  observe(name: string, value: number, labels: Labels | undefined): string | undefined {
    if (!Number.isFinite(value)) return `histogram '${name}': value must be a finite number, got ${value}`;
    const s = this.series(name, 'histogram', labels);
    if (typeof s === 'string') return s;
    const bounds = this.families.get(name)!.buckets;
    let i = 0;
    while (i < bounds.length && value > bounds[i]) i++;
    s.counts![i]++;
    s.sum += value;
    s.count++;
    return undefined;
  }

  /**
   * Declare a family before its first write, with a help text and (histograms) buckets.
   * Declaring it again with the same type and labels is a no-op; otherwise an error message.
   */
  declare(name: string, type: MetricType, labelNames: readonly string[], opts: FamilyOptions = {}): string | undefined {
    const f = this.family(name, type, [...labelNames].sort(), opts);
    return typeof f === 'string' ? f : undefined;
  }

  /** The families, sorted by name (for the exposition). */
  snapshot(): Family[] {
    return [...this.families.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private series(name: string, type: MetricType, labels: Labels | undefined): Series | string {
    const known = this.existing(name, type, labels);
    if (known !== undefined) return known;
    const names = labels === undefined ? [] : Object.keys(labels).sort();
    const f = this.family(name, type, names, {});
    if (typeof f === 'string') return f;
    // length-prefixed values: no value can fake the boundary between two others
    let key = '';
    for (const n of names) {
      const v = labels![n];
      if (typeof v !== 'string') return `${type} '${name}': label '${n}' must be a string`;
      key += v.length + ':' + v;
    }
    let s = f.series.get(key);
    if (s === undefined) {
      if (f.series.size >= MAX_SERIES) {
        return `${type} '${name}' already has ${MAX_SERIES} label sets; label values must come from a small set`;
      }
      s = {
        labels: names.map((n) => [n, labels![n]] as const),
        value: 0,
        counts: type === 'histogram' ? new Float64Array(f.buckets.length + 1) : undefined,
        sum: 0,
        count: 0,
      };
      f.series.set(key, s);
    }
    return s;
  }

  /** The series when it exists and `labels` fit the family exactly: the common write costs
   * no sort and no array (the slow path below explains any mismatch). */
  private existing(name: string, type: MetricType, labels: Labels | undefined): Series | undefined {
    const f = this.families.get(name);
    if (f === undefined || f.type !== type) return undefined;
    let count = 0;
    if (labels !== undefined) for (const _ in labels) count++;
    if (count !== f.labelNames.length) return undefined;
    let key = '';
    for (const n of f.labelNames) {
      const v = labels![n];
      if (typeof v !== 'string') return undefined;
      key += v.length + ':' + v;
    }
    return f.series.get(key);
  }

  private family(name: string, type: MetricType, names: readonly string[], opts: FamilyOptions): Family | string {
    const f = this.families.get(name);
    if (f !== undefined) {
      if (f.type !== type) return `metric '${name}' is a ${f.type}, not a ${type}`;
      if (!sameNames(f.labelNames, names)) return `${type} '${name}' has labels {${f.labelNames.join(', ')}}, got {${names.join(', ')}}`;
      return f;
    }
    const bad = checkShape(name, type, names);
    if (bad !== undefined) return bad;
    const owner = this.derived.get(name);
    if (owner !== undefined) return `metric name '${name}' is taken by histogram '${owner}'`;
    if (type === 'histogram') {
      for (const sfx of SUFFIXES) {
        if (this.families.has(name + sfx)) return `histogram '${name}' would clash with metric '${name + sfx}'`;
      }
    }
    const buckets = type === 'histogram' ? opts.buckets ?? DEFAULT_BUCKETS : [];
    const badBuckets = checkBuckets(buckets);
    if (badBuckets !== undefined) return `histogram '${name}': ${badBuckets}`;
    const made: Family = { name, type, help: opts.help ?? '', labelNames: names, buckets, series: new Map() };
    this.families.set(name, made);
    if (type === 'histogram') for (const sfx of SUFFIXES) this.derived.set(name + sfx, name);
    return made;
  }
}

/** An error message when `name` or `labels` break the Prometheus naming rules. */
export function checkShape(name: string, type: MetricType, labelNames: readonly string[]): string | undefined {
  if (!METRIC_NAME.test(name)) return `invalid metric name '${name}': expected letters, digits, '_' or ':' (not starting with a digit)`;
  for (const l of labelNames) {
    if (!LABEL_NAME.test(l)) return `${type} '${name}': invalid label name '${l}': expected letters, digits or '_' (not starting with a digit)`;
    if (l.startsWith('__')) return `${type} '${name}': label name '${l}' is reserved (names starting with '__')`;
    if (type === 'histogram' && l === 'le') return `histogram '${name}': label name 'le' is reserved for buckets`;
  }
  return undefined;
}

function checkBuckets(b: readonly number[]): string | undefined {
  for (let i = 0; i < b.length; i++) {
    if (!Number.isFinite(b[i])) return `bucket bounds must be finite numbers`;
    if (i > 0 && b[i] <= b[i - 1]) return `bucket bounds must be strictly increasing`;
  }
  return undefined;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The collector of this process. */
export const processCollector = new Collector();
