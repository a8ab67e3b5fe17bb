// A template set: named sources, engine options, and the compiled-template cache. Names
// resolve like paths in a small virtual file system: `./x`, `/x` and `x` are the same, and a
// name may be written with or without one of the set's extensions (`layout` = `layout.jet`).
// The cache is keyed by name and checked against the source text, so a changed template is
// compiled again on its next use; development mode compiles on every use.

import type { Template } from './ast.js';
import { TemplateNotFound } from './errors.js';
import { DEFAULT_DELIMITERS, type Delimiters } from './lexer.js';
import { parse } from './parser.js';
import { Renderer, type TemplateSource } from './render.js';
import type { TValue } from './values.js';

export const DEFAULT_EXTENSIONS = ['.jet', '.html.jet', '.jet.html'];

export interface SetOptions {
  delimiters?: Partial<Delimiters>;
  extensions?: string[];
  globals?: ReadonlyMap<string, TValue>;
  developmentMode?: boolean;
}

/** Supplies template text by exact name (as the set declares it). */
export interface SourceLookup {
  get(name: string): string | undefined;
  names(): Iterable<string>;
}

export class TemplateSet implements TemplateSource {
  readonly delimiters: Delimiters;
  readonly extensions: string[];
  readonly developmentMode: boolean;
  private globals: ReadonlyMap<string, TValue>;
  private cache = new Map<string, { text: string; tpl: Template }>();

  constructor(private sources: SourceLookup, opts: SetOptions = {}) {
    this.delimiters = { ...DEFAULT_DELIMITERS, ...stripUndefined(opts.delimiters ?? {}) };
    this.extensions = opts.extensions ?? DEFAULT_EXTENSIONS;
    this.globals = opts.globals ?? new Map();
    this.developmentMode = opts.developmentMode ?? false;
  }

  /** Replaces the sources (a registry change); cached templates stay valid while their text is the same. */
  setSources(sources: SourceLookup): void {
    this.sources = sources;
  }

  render(name: string, data: TValue): string {
    return new Renderer(this, this.globals).render(name, data);
  }

  has(name: string, _from?: string): boolean {
    return this.resolve(name) !== undefined;
  }

  load(name: string, _from?: string): Template {
    const found = this.resolve(name);
    if (found === undefined) throw new TemplateNotFound(name);
    const [resolved, text] = found;
    if (!this.developmentMode) {
      const hit = this.cache.get(resolved);
      if (hit !== undefined && hit.text === text) return hit.tpl;
    }
    const tpl = parse(resolved, text, this.delimiters);
    if (!this.developmentMode) this.cache.set(resolved, { text, tpl });
    return tpl;
  }

  /** Parses `text` as a template of this set would (a syntax check; throws TemplateError). */
  check(name: string, text: string): Template {
    return parse(name, text, this.delimiters);
  }

  private resolve(name: string): [string, string] | undefined {
    const clean = name.replace(/^(\.\/|\/)+/, '');
    const candidates = [clean, ...this.extensions.map((e) => clean + e)];
    for (const e of this.extensions) if (clean.endsWith(e)) candidates.push(clean.slice(0, -e.length));
    for (const c of candidates) {
      const text = this.sources.get(c);
      if (text !== undefined) return [c, text];
    }
    return undefined;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
