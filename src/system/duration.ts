// Durations in configuration (`1s`, `500ms`, `1m30s`, or a number of milliseconds).

const UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };

export function parseDurationMs(v: unknown, dflt: number): number {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return dflt;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let pos = 0;
  const s = v.trim();
  while ((m = re.exec(s)) !== null) {
    total += Number(m[1]) * UNITS[m[2]];
    pos = re.lastIndex;
  }
  if (pos !== s.length) throw new Error(`invalid duration '${v}'`);
  return total;
}
