// Locations: fixed offsets, IANA zones and the process's local zone.
//
// IANA zones are computed with Intl.DateTimeFormat, per instant, so daylight saving time
// and historical changes follow the ICU data Node ships. Two limits of that source:
//  - Intl only covers the JS Date range (±8.64e15 ms, about ±275,000 years); instants
//    beyond it use the offset at the nearest end of the range.
//  - Intl has no API for the tzdata abbreviations Go prints ("CET", "JST", "+04"): they
//    come from the system's tzdata files when present (tzif.ts), else from a few English
//    locales, which know the common ones ("EST", "CET", "IST", "AEDT"), else the numeric
//    form tzdata itself uses for unnamed zones ("+09", "+0530").

import { abbrAt as tzifAbbr, offsetsNamed, tzData, type TzData } from './tzif.js';

export interface Location {
  /** Go's Location.String(): "UTC", "Local", "America/New_York", a fixed zone's name */
  readonly name: string;
  /** seconds east of UTC in effect at the instant */
  offsetAt(unixSec: number): number;
  /** zone abbreviation in effect at the instant ("" for an unnamed fixed zone) */
  abbrAt(unixSec: number): string;
  /**
   * Go's Location.lookupName: the offset of a zone with this abbreviation, preferring one
   * in effect near the instant; undefined when the location never uses the abbreviation.
   */
  lookupName(abbr: string, unixSec: number): number | undefined;
}

export class FixedZone implements Location {
  constructor(readonly name: string, readonly offset: number) {}
  offsetAt(): number {
    return this.offset;
  }
  abbrAt(): string {
    return this.name;
  }
  lookupName(abbr: string): number | undefined {
    return abbr === this.name ? this.offset : undefined;
  }
}

export const UTC: Location = new FixedZone('UTC', 0);

/** tzdata's spelling of an unnamed offset: "+09", "+0530", "-03". */
export function numericAbbr(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  let a = Math.abs(offset);
  const h = Math.floor(a / 3600);
  a -= h * 3600;
  const m = Math.floor(a / 60);
  const s = a - m * 60;
  let out = sign + String(h).padStart(2, '0');
  if (m !== 0 || s !== 0) out += String(m).padStart(2, '0');
  if (s !== 0) out += String(s).padStart(2, '0');
  return out;
}

const MAX_MS = 8.64e15;
const OFFSET_RE = /^(?:GMT|UTC)(?:([+\-\u2212])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;
const GENERIC_NAME_RE = /^(?:GMT|UTC)[+\-\u2212]/;
const ABBR_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN'];
const CACHE_LIMIT = 4096;

function clampMs(unixSec: number): number {
  return Math.min(Math.max(unixSec * 1000, -MAX_MS), MAX_MS);
}

function zoneNamePart(fmt: Intl.DateTimeFormat, ms: number): string {
  for (const p of fmt.formatToParts(ms)) if (p.type === 'timeZoneName') return p.value;
  return '';
}

export class IanaZone implements Location {
  private readonly offsetFmt: Intl.DateTimeFormat;
  private abbrFmts: Intl.DateTimeFormat[] | undefined;
  // offsets change rarely, but callers ask the same instant many times (each field of a
  // Time, each token of a layout): remember recent answers
  private readonly offsets = new Map<number, number>();
  private readonly abbrs = new Map<string, string>();
  private tzif: TzData | undefined | null = null; // null: not looked up yet

  /** Throws RangeError when Intl does not know the zone. */
  constructor(readonly name: string, readonly tz: string) {
    this.offsetFmt = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset', year: 'numeric' });
  }

  /** The IANA id Intl resolved the name to (links resolve to their target). */
  resolvedId(): string {
    return this.offsetFmt.resolvedOptions().timeZone;
  }

  private tzdata(): TzData | undefined {
    if (this.tzif === null) this.tzif = tzData(this.tz) ?? tzData(this.resolvedId());
    return this.tzif;
  }

  offsetAt(unixSec: number): number {
    let off = this.offsets.get(unixSec);
    if (off !== undefined) return off;
    const m = OFFSET_RE.exec(zoneNamePart(this.offsetFmt, clampMs(unixSec)));
    off = 0;
    if (m !== null && m[1] !== undefined) {
      off = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
      if (m[1] !== '+') off = -off;
    }
    if (this.offsets.size >= CACHE_LIMIT) this.offsets.clear();
    this.offsets.set(unixSec, off);
    return off;
  }

  abbrAt(unixSec: number): string {
    const offset = this.offsetAt(unixSec);
    // the abbreviation of one offset is constant over a month in every real zone
    const key = `${offset}/${Math.floor(unixSec / 2592000)}`;
    let abbr = this.abbrs.get(key);
    if (abbr !== undefined) return abbr;
    const d = this.tzdata();
    abbr = d === undefined ? undefined : tzifAbbr(d, unixSec, offset);
    if (abbr === undefined) {
      this.abbrFmts ??= ABBR_LOCALES.map((l) => new Intl.DateTimeFormat(l, { timeZone: this.tz, timeZoneName: 'short' }));
      const ms = clampMs(unixSec);
      abbr = numericAbbr(offset);
      for (const fmt of this.abbrFmts) {
        const n = zoneNamePart(fmt, ms);
        if (n !== '' && !GENERIC_NAME_RE.test(n) && /^[A-Za-z]+$/.test(n)) {
          abbr = n;
          break;
        }
      }
    }
    if (this.abbrs.size >= CACHE_LIMIT) this.abbrs.clear();
    this.abbrs.set(key, abbr);
    return abbr;
  }

  lookupName(abbr: string, unixSec: number): number | undefined {
    // Go scans every zone of the tzdata file; without one, we sample the zones in effect
    // around the instant (both halves of the year cover standard and daylight time)
    const d = this.tzdata();
    const candidates: number[] = d !== undefined ? offsetsNamed(d, abbr) : [];
    if (d === undefined) {
      for (const days of [0, -182, 182, -365, 365]) {
        const at = unixSec + days * 86400;
        if (this.abbrAt(at) === abbr) candidates.push(this.offsetAt(at));
      }
    }
    // first a zone with that name actually in effect at the given (local) time
    for (const off of candidates) if (this.abbrAt(unixSec - off) === abbr) return this.offsetAt(unixSec - off);
    return candidates[0];
  }
}

const ianaCache = new Map<string, IanaZone>();

function iana(name: string, tz = name): IanaZone | undefined {
  const key = name + '\0' + tz;
  let z = ianaCache.get(key);
  if (z !== undefined) return z;
  try {
    z = new IanaZone(name, tz);
  } catch {
    return undefined;
  }
  ianaCache.set(key, z);
  return z;
}

// ---- Local --------------------------------------------------------------------------

interface LocalSetup {
  tz: string | undefined;
  name: string;
  loc: Location;
}

let localSetup: LocalSetup | undefined;

/**
 * Go's initLocal, re-evaluated when TZ changes: unset → the system zone named "Local";
 * "" or "UTC" or an unknown zone → UTC named "UTC"; a zone name → that zone, named so;
 * an absolute path → the zone of that tzdata file.
 */
function resolveLocal(): LocalSetup {
  const tz = process.env.TZ;
  if (localSetup !== undefined && localSetup.tz === tz) return localSetup;
  let name = 'UTC';
  let loc: Location = UTC;
  if (tz === undefined) {
    const sys = iana('Local', new Intl.DateTimeFormat().resolvedOptions().timeZone);
    if (sys !== undefined) [name, loc] = ['Local', sys];
  } else {
    let spec = tz.startsWith(':') ? tz.slice(1) : tz;
    let label = spec;
    if (spec === '/etc/localtime') {
      spec = new Intl.DateTimeFormat().resolvedOptions().timeZone;
      label = 'Local';
    } else if (spec.startsWith('/')) {
      const m = /\/zoneinfo\/(.+)$/.exec(spec);
      spec = m === null ? '' : m[1];
    }
    if (spec !== '' && spec !== 'UTC') {
      const z = iana(label, spec);
      if (z !== undefined) [name, loc] = [label, z];
    }
  }
  localSetup = { tz, name, loc };
  return localSetup;
}

class LocalZone implements Location {
  get name(): string {
    return resolveLocal().name;
  }
  offsetAt(unixSec: number): number {
    return resolveLocal().loc.offsetAt(unixSec);
  }
  abbrAt(unixSec: number): string {
    return resolveLocal().loc.abbrAt(unixSec);
  }
  lookupName(abbr: string, unixSec: number): number | undefined {
    return resolveLocal().loc.lookupName(abbr, unixSec);
  }
}

/** The process's local zone (`time.localtz`); follows TZ changes. */
export const Local: Location = new LocalZone();

// ---- load_location ---------------------------------------------------------------------

export type LoadResult = Location | { kind: 'Invalid' | 'NotFound'; message: string };

/** time.LoadLocation, with the module's errors: "" is INVALID, an unknown zone NOT_FOUND. */
export function loadLocation(name: string): LoadResult {
  if (name === '') return { kind: 'Invalid', message: 'time: empty location name' };
  if (name === 'UTC') return UTC;
  if (name === 'Local') return Local;
  const unknown = { kind: 'NotFound' as const, message: 'unknown time zone ' + name };
  // Go reads tzdata files: no path tricks, and names are case-sensitive (Intl is not)
  if (name.includes('..') || name[0] === '/' || name[0] === '\\') {
    return { kind: 'Invalid', message: 'time: invalid location name' };
  }
  if (!/^[A-Za-z]/.test(name)) return unknown;
  const z = iana(name);
  if (z === undefined) return unknown;
  const id = z.resolvedId();
  if (id !== name && id.toLowerCase() === name.toLowerCase()) return unknown;
  return z;
}
