// Zone abbreviations from the system's tzdata files (TZif), the source Go itself reads.
//
// Offsets come from Intl (zone.ts); Intl has no tzdata abbreviations ("JST", "MSK",
// "+04"), so we read them from the same files Go would load, when they exist. Each
// answer is checked against the Intl offset, so a tzdata/ICU version mismatch degrades to
// another source instead of printing a wrong name.

import { readFileSync } from 'node:fs';

interface ZoneType {
  offset: number; // seconds east of UTC
  abbr: string;
}

export interface TzData {
  /** transition instants (Unix seconds), ascending */
  times: number[];
  /** the type in effect from each transition */
  typeIdx: number[];
  types: ZoneType[];
  /** the POSIX TZ rule's names, for instants after the last transition */
  rule: ZoneType[];
}

// Go's search path on Unix (after $ZONEINFO)
const DIRS = ['/usr/share/zoneinfo/', '/usr/share/lib/zoneinfo/', '/usr/lib/locale/TZ/', '/etc/zoneinfo/'];

const cache = new Map<string, TzData | undefined>();

/** The parsed tzdata file of an IANA zone, or undefined when there is none. */
export function tzData(id: string): TzData | undefined {
  if (cache.has(id)) return cache.get(id);
  let data: TzData | undefined;
  const env = process.env.ZONEINFO;
  for (const dir of env ? [env.endsWith('/') ? env : env + '/', ...DIRS] : DIRS) {
    try {
      data = parseTzif(readFileSync(dir + id));
    } catch {
      data = undefined;
    }
    if (data !== undefined) break;
  }
  cache.set(id, data);
  return data;
}

/** RFC 8536: a v1 block with 32-bit times, then (version 2+) a 64-bit block and a footer. */
function parseTzif(buf: Buffer): TzData | undefined {
  if (buf.length < 44 || buf.toString('latin1', 0, 4) !== 'TZif') return undefined;
  const v2 = buf[4] >= 0x32;
  const counts = (at: number) => [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32BE(at + 20 + 4 * i));
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(0);
  let p = 44;
  let timeSize = 4;
  if (v2) {
    p += timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    [isut, isstd, leap, timecnt, typecnt, charcnt] = counts(p);
    p += 44;
    timeSize = 8;
  }
  const times: number[] = [];
  for (let i = 0; i < timecnt; i++, p += timeSize) {
    times.push(timeSize === 8 ? Number(buf.readBigInt64BE(p)) : buf.readInt32BE(p));
  }
  const typeIdx = [...buf.subarray(p, p + timecnt)];
  p += timecnt;
  const raw: [number, number][] = [];
  for (let i = 0; i < typecnt; i++, p += 6) raw.push([buf.readInt32BE(p), buf[p + 5]]);
  const chars = buf.toString('latin1', p, p + charcnt);
  p += charcnt + leap * (timeSize + 4) + isstd + isut;
  const types = raw.map(([offset, ai]) => ({ offset, abbr: chars.slice(ai, chars.indexOf('\0', ai)) }));
  const footer = v2 ? buf.toString('latin1', p).trim() : '';
  return { times, typeIdx, types, rule: parseRule(footer) };
}

/** Names and offsets of a POSIX TZ string: "EST5EDT,M3.2.0,M11.1.0", "<+0530>-5:30". */
function parseRule(tz: string): ZoneType[] {
  const m = /^(<[^>]*>|[A-Za-z]{3,})([-+]?\d+(?::\d+){0,2})(?:(<[^>]*>|[A-Za-z]{3,})([-+]?\d+(?::\d+){0,2})?)?/.exec(tz);
  if (m === null) return [];
  // POSIX offsets are west of UTC: EST5 is -5h
  const seconds = (s: string) => {
    const [h, mi = 0, se = 0] = s.replace(/^[-+]/, '').split(':').map(Number);
    return (s[0] === '-' ? 1 : -1) * (h * 3600 + mi * 60 + se);
  };
  const name = (s: string) => s.replace(/^<|>$/g, '');
  const std = { abbr: name(m[1]), offset: seconds(m[2]) };
  if (m[3] === undefined) return [std];
  return [std, { abbr: name(m[3]), offset: m[4] !== undefined ? seconds(m[4]) : std.offset + 3600 }];
}

/** The abbreviation in effect at an instant, if the file agrees with the known offset. */
export function abbrAt(d: TzData, unixSec: number, offset: number): string | undefined {
  const { times } = d;
  if (times.length === 0 || unixSec >= times[times.length - 1]) {
    const r = d.rule.find((z) => z.offset === offset);
    if (r !== undefined) return r.abbr;
  }
  if (times.length > 0 && unixSec >= times[0]) {
    // the last transition at or before the instant
    let lo = 0, hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (times[mid] <= unixSec) lo = mid;
      else hi = mid - 1;
    }
    const z = d.types[d.typeIdx[lo]];
    if (z !== undefined && z.offset === offset) return z.abbr;
  } else if (d.types.length > 0 && d.types[0].offset === offset) {
    return d.types[0].abbr; // before the first transition: local mean time, usually
  }
  // ICU and tzdata disagree on when: any name the zone used for this offset, latest first
  for (let i = d.typeIdx.length - 1; i >= 0; i--) {
    const z = d.types[d.typeIdx[i]];
    if (z !== undefined && z.offset === offset) return z.abbr;
  }
  return d.rule.find((z) => z.offset === offset)?.abbr;
}

/** Offsets of the zone types named `abbr`, in file order (Go's lookupName candidates). */
export function offsetsNamed(d: TzData, abbr: string): number[] {
  const out: number[] = [];
  for (const z of [...d.types, ...d.rule]) if (z.abbr === abbr && !out.includes(z.offset)) out.push(z.offset);
  return out;
}
