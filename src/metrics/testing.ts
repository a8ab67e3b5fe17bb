// Test support: a strict reader of the Prometheus text format 0.0.4, written from the format's
// grammar rather than from our writer, so tests check what a scraper would read. Any line it
// cannot read, a sample before its family's TYPE, or a TYPE given twice throws.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  help: Map<string, string>;
  type: Map<string, string>;
  samples: Sample[];
  /** the value of the one sample with this name and exactly these labels, or undefined */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: -?\\d+)?$`);

export function parseExposition(text: string): Scrape {
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  const samples: Sample[] = [];
  if (text !== '' && !text.endsWith('\n')) throw new Error('exposition must end with a line feed');
  const lines = text.split('\n').slice(0, -1);
  for (const [i, line] of lines.entries()) {
    const where = `line ${i + 1}: ${JSON.stringify(line)}`;
    if (line.startsWith('# HELP ')) {
      const m = new RegExp(`^# HELP (${NAME}) (.*)$`).exec(line);
      if (m === null) throw new Error(`bad HELP ${where}`);
      help.set(m[1], unescape(m[2], false));
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const m = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
      if (m === null) throw new Error(`bad TYPE ${where}`);
      if (type.has(m[1])) throw new Error(`TYPE given twice ${where}`);
      type.set(m[1], m[2]);
      continue;
    }
    if (line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (m === null) throw new Error(`bad sample ${where}`);
    const family = familyOf(m[1], type);
    if (family === undefined) throw new Error(`sample before its TYPE ${where}`);
    samples.push({ name: m[1], labels: parseLabels(m[2] ?? '', where), value: parseValue(m[3], where) });
  }
  return {
    help, type, samples,
    value(name, labels = {}) {
      const want = JSON.stringify(Object.entries(labels).sort());
      const hits = samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want);
      if (hits.length > 1) throw new Error(`${name} ${want}: ${hits.length} samples`);
      return hits[0]?.value;
    },
  };
}

function familyOf(name: string, type: Map<string, string>): string | undefined {
  if (type.has(name)) return name;
  for (const sfx of ['_bucket', '_sum', '_count']) {
    if (name.endsWith(sfx) && type.get(name.slice(0, -sfx.length)) === 'histogram') return name.slice(0, -sfx.length);
  }
  return undefined;
}

function parseLabels(text: string, where: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    const m = /^([a-zA-Z_][a-zA-Z0-9_]*)="/.exec(text.slice(i));
    if (m === null) throw new Error(`bad label at ${i} ${where}`);
    i += m[0].length;
    let v = '';
    for (;;) {
      if (i >= text.length) throw new Error(`unterminated label value ${where}`);
      const ch = text[i++];
      if (ch === '"') break;
      if (ch === '\n') throw new Error(`raw line feed in label value ${where}`);
      if (ch !== '\\') { v += ch; continue; }
      const e = text[i++];
      if (e === '\\') v += '\\';
      else if (e === '"') v += '"';
      else if (e === 'n') v += '\n';
      else throw new Error(`bad escape \\${e} ${where}`);
    }
    if (m[1] in out) throw new Error(`label ${m[1]} twice ${where}`);
    out[m[1]] = v;
    if (i < text.length) {
      if (text[i] !== ',') throw new Error(`expected ',' at ${i} ${where}`);
      i++;
    }
  }
  return out;
}

function parseValue(s: string, where: string): number {
  if (s === '+Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) throw new Error(`bad value ${s} ${where}`);
  return Number(s);
}

function unescape(s: string, quotes: boolean): string {
  return s.replace(/\\(.)/g, (all, e: string) => (e === 'n' ? '\n' : e === '\\' ? '\\' : quotes && e === '"' ? '"' : all));
}
