// The in-runtime event bus (lua-core §11): best-effort publish/subscribe, used by the
// `events` module and by host code that wants to announce things (registry changes, ...).
//
// An event is {system, kind, path, data}. A subscription names a `system` pattern and an
// optional `kind` pattern. Patterns are dot-separated segments: a literal segment matches
// exactly, `*` one whole segment, `**` zero or more segments, and `(a|b)` alternatives
// inside a segment (`user.(created|deleted)`); a `*` inside a longer segment is a glob
// (`user*`). A missing kind pattern or `*` means every kind.
//
// Delivery is synchronous and in publish order; a subscriber's `deliver` decides what to do
// with the event (the Lua module copies it into a channel).

export interface BusEvent<D = unknown> {
  system: string;
  kind: string;
  path: string;
  data: D | undefined;
}

export interface BusSubscription {
  readonly closed: boolean;
  close(): void;
}

type Seg = { any: true } | { deep: true } | { re: RegExp } | { lit: string };

/** A compiled pattern; `match(text)` tests a dot-separated name. */
export class Pattern {
  private segs: Seg[];
  readonly all: boolean;

  constructor(readonly source: string) {
    this.all = source === '**';
    this.segs = source.split('.').map(compileSeg);
  }

  match(text: string): boolean {
    if (this.all) return true;
    const parts = text.split('.');
    const segs = this.segs;
    // simple backtracking; `**` is rare and names are short
    const go = (si: number, pi: number): boolean => {
      if (si === segs.length) return pi === parts.length;
      const s = segs[si];
      if ('deep' in s) {
        for (let k = pi; k <= parts.length; k++) if (go(si + 1, k)) return true;
        return false;
      }
      if (pi >= parts.length) return false;
      const p = parts[pi];
      if ('any' in s) { if (p === '') return false; }
      else if ('lit' in s) { if (p !== s.lit) return false; }
      else if (!s.re.test(p)) return false;
      return go(si + 1, pi + 1);
    };
    return go(0, 0);
  }
}

function compileSeg(seg: string): Seg {
  if (seg === '*') return { any: true };
  if (seg === '**') return { deep: true };
  if (!/[*(|)]/.test(seg)) return { lit: seg };
  let re = '';
  let i = 0;
  while (i < seg.length) {
    const c = seg[i];
    if (c === '(') {
      const end = seg.indexOf(')', i);
      if (end > i) {
        re += '(?:' + seg.slice(i + 1, end).split('|').map(globRe).join('|') + ')';
        i = end + 1;
        continue;
      }
    }
    re += globRe(c);
    i++;
  }
  return { re: new RegExp('^' + re + '$') };
}

function globRe(s: string): string {
  return s.split('*').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^.]*');
}

/** Is `s` a pattern (rather than a literal name)? */
export function isPattern(s: string): boolean {
  return /[*(|)]/.test(s);
}

interface Sub<D> {
  system: Pattern;
  kind: Pattern | undefined;
  deliver: (e: BusEvent<D>) => void;
  closed: boolean;
}

export class EventBus<D = unknown> {
  private subs = new Set<Sub<D>>();
  /** literal-system subscriptions, indexed for the common case */
  private bySystem = new Map<string, Set<Sub<D>>>();
  private wild = new Set<Sub<D>>();

  subscribe(system: string, kind: string | undefined, deliver: (e: BusEvent<D>) => void): BusSubscription {
    const sub: Sub<D> = {
      system: new Pattern(system),
      kind: kind === undefined || kind === '' || kind === '*' ? undefined : new Pattern(kind),
      deliver,
      closed: false,
    };
    this.subs.add(sub);
    if (isPattern(system)) this.wild.add(sub);
    else {
      let set = this.bySystem.get(system);
      if (set === undefined) this.bySystem.set(system, set = new Set());
      set.add(sub);
    }
    const bus = this;
    return {
      get closed() { return sub.closed; },
      close() {
        if (sub.closed) return;
        sub.closed = true;
        bus.subs.delete(sub);
        bus.wild.delete(sub);
        const set = bus.bySystem.get(system);
        if (set !== undefined) {
          set.delete(sub);
          if (set.size === 0) bus.bySystem.delete(system);
        }
      },
    };
  }

  /** Deliver to every matching subscriber; returns how many got it. */
  publish(system: string, kind: string, path: string, data?: D): number {
    const ev: BusEvent<D> = { system, kind, path, data };
    let n = 0;
    const targets: Sub<D>[] = [];
    const lit = this.bySystem.get(system);
    if (lit !== undefined) for (const s of lit) targets.push(s);
    for (const s of this.wild) if (s.system.match(system)) targets.push(s);
    for (const s of targets) {
      if (s.closed) continue;
      if (s.kind !== undefined && !s.kind.match(kind)) continue;
      n++;
      try {
        s.deliver(ev);
      } catch {
        // best effort: one broken subscriber does not stop the others
      }
    }
    return n;
  }

  get size(): number {
    return this.subs.size;
  }
}
