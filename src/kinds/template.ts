// `template.set` and `template.jet` entries (config §2.11, services §10.1).
//
//   template.set   engine: {development_mode, delimiters: {left, right, comment_left,
//                  comment_right}, extensions, globals}; all optional
//   template.jet   set (the set's id; a bare name is in the entry's namespace), source (inline
//                  or file://); its name in the set is meta.name or the entry name
//
// Sets are read from the live registry on every `templates.get`, so a changed, added or
// removed template reaches the next render without a restart. A set's compiled templates are
// cached by name and source text (unless development_mode); a changed set entry (new options)
// gets a fresh set. A template that does not parse is a registry problem: the boot, a file
// reload or a registry changeset carrying it is rejected whole.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { textToBytes } from '../lua/runtime/values.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { EntrySource, RtEntry } from '../system/runtime.js';
import { TemplateSet, type SetOptions } from '../templates/set.js';
import { TemplateError } from '../templates/errors.js';
import type { TValue } from '../templates/values.js';

type AnyEntry = Pick<RtEntry, 'id' | 'kind' | 'meta' | 'data' | 'sourceText'>;

/** `set: x` relative to the template entry's namespace, as references are. */
export function setIdOf(e: AnyEntry): string | undefined {
  const s = e.data.set;
  if (typeof s !== 'string' || s === '') return undefined;
  return s.includes(':') ? s : `${e.id.slice(0, e.id.indexOf(':'))}:${s}`;
}

/** The template's name in its set: meta.name, else the entry name. */
export function templateNameOf(e: AnyEntry): string {
  const n = e.meta.name;
  return typeof n === 'string' && n !== '' ? n : e.id.slice(e.id.indexOf(':') + 1);
}

/** The template text as a Lua byte string (file:// sources are loaded as bytes already). */
export function templateTextOf(e: AnyEntry): string | undefined {
  if (e.sourceText !== undefined) return e.sourceText;
  const s = e.data.source;
  return typeof s === 'string' ? textToBytes(s) : undefined;
}

/** YAML values -> template values: strings as bytes, maps as Maps (globals). */
function fromYaml(v: unknown): TValue {
  if (typeof v === 'string') return textToBytes(v);
  if (Array.isArray(v)) return v.map(fromYaml);
  if (v !== null && typeof v === 'object') {
    const t = new LuaTable();
    for (const [k, x] of Object.entries(v)) t.set(textToBytes(k), fromYaml(x));
    return t;
  }
  return v ?? undefined;
}

/** The engine options of a template.set entry, or the problems with them. */
export function setOptionsOf(set: AnyEntry): { options: SetOptions; problems: string[] } {
  const problems: string[] = [];
  const engine = (set.data.engine ?? {}) as Record<string, unknown>;
  if (typeof engine !== 'object' || Array.isArray(engine)) return { options: {}, problems: ["'engine' must be a map"] };
  const options: SetOptions = {};
  if (engine.development_mode !== undefined) {
    if (typeof engine.development_mode !== 'boolean') problems.push("'engine.development_mode' must be true or false");
    else options.developmentMode = engine.development_mode;
  }
  const d = engine.delimiters as Record<string, unknown> | undefined;
  if (d !== undefined) {
    if (typeof d !== 'object' || d === null || Array.isArray(d)) problems.push("'engine.delimiters' must be a map");
    else {
      const pick = (k: string): string | undefined => {
        const v = d[k];
        if (v === undefined) return undefined;
        if (typeof v !== 'string' || v.trim() === '') problems.push(`'engine.delimiters.${k}' must be a non-empty string`);
        return typeof v === 'string' ? textToBytes(v) : undefined;
      };
      options.delimiters = { left: pick('left'), right: pick('right'), commentLeft: pick('comment_left'), commentRight: pick('comment_right') };
    }
  }
  if (engine.extensions !== undefined) {
    if (!Array.isArray(engine.extensions) || engine.extensions.some((x) => typeof x !== 'string')) problems.push("'engine.extensions' must be a list of strings");
    else options.extensions = engine.extensions.map((x) => textToBytes(x as string));
  }
  if (engine.globals !== undefined) {
    if (typeof engine.globals !== 'object' || engine.globals === null || Array.isArray(engine.globals)) problems.push("'engine.globals' must be a map");
    else options.globals = new Map(Object.entries(engine.globals).map(([k, v]) => [k, fromYaml(v)]));
  }
  return { options, problems };
}

/** The template.jet entries of one set, by their in-set name. */
function templatesOf(setId: string, all: readonly AnyEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of all) {
    if (e.kind !== 'template.jet' || setIdOf(e) !== setId) continue;
    const text = templateTextOf(e);
    if (text !== undefined) out.set(textToBytes(templateNameOf(e)), text);
  }
  return out;
}

/** The template sets of one runtime: one TemplateSet per set entry object, sources re-read per get. */
export class TemplateSets {
  private sets = new Map<string, { entry: RtEntry; set: TemplateSet }>();

  constructor(private entries: EntrySource) {}

  /** The set with its current templates, or undefined when there is no such template.set. */
  get(setId: string): TemplateSet | undefined {
    const entry = this.entries.get(setId);
    if (entry === undefined || entry.kind !== 'template.set') {
      this.sets.delete(setId);
      return undefined;
    }
    const sources = templatesOf(setId, this.entries.all());
    const lookup = { get: (n: string) => sources.get(n), names: () => sources.keys() };
    let cached = this.sets.get(setId);
    if (cached === undefined || cached.entry !== entry) {
      cached = { entry, set: new TemplateSet(lookup, setOptionsOf(entry).options) };
      this.sets.set(setId, cached);
    } else {
      cached.set.setSources(lookup);
    }
    return cached.set;
  }
}

const perRuntime = new WeakMap<EntrySource, TemplateSets>();

export function templateSets(entries: EntrySource): TemplateSets {
  let s = perRuntime.get(entries);
  if (s === undefined) perRuntime.set(entries, (s = new TemplateSets(entries)));
  return s;
}

// ---- checks -------------------------------------------------------------------------------------

function problem(e: Entry, message: string, at?: { file: string; line: number; column?: number }): RegistryError {
  const p: RegistryError = { code: 'template', message, entry: e.id };
  const where = at ?? e.source;
  if (where !== undefined) Object.assign(p, { file: where.file, line: where.line });
  return p;
}

/** One template entry against its set: the set exists, the source is there and parses. */
export function templateEntryProblem(e: Entry, setOf: (id: string) => AnyEntry | undefined): RegistryError | undefined {
  if (e.kind !== 'template.jet') return undefined;
  const setId = setIdOf(e);
  if (setId === undefined) return problem(e, "template.jet needs 'set' (the id of its template.set)");
  const set = setOf(setId);
  // a missing set is already a reference problem of the registry's own validation
  if (set === undefined) return undefined;
  if (set.kind !== 'template.set') return problem(e, `template set ${setId} is not a template.set entry`);
  const text = templateTextOf(e);
  if (text === undefined) return problem(e, "template.jet needs 'source' (inline text or file://)");
  try {
    new TemplateSet({ get: () => undefined, names: () => [] }, setOptionsOf(set).options).check(textToBytes(templateNameOf(e)), text);
    return undefined;
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    // a file:// template's position is in its own file; an inline one's is in the entry's text
    const at = e.sourceFile !== undefined ? { file: e.sourceFile, line: err.pos.line, column: err.pos.col } : undefined;
    return problem(e, err.message, at);
  }
}

/** Every template problem of a whole entry set (boot, file reloads). */
export function templateProblems(entries: readonly Entry[]): RegistryError[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const out: RegistryError[] = [];
  for (const e of entries) {
    if (e.kind === 'template.set') {
      for (const message of setOptionsOf(e).problems) out.push(problem(e, message));
      continue;
    }
    const p = templateEntryProblem(e, (id) => byId.get(id));
    if (p !== undefined) out.push(p);
  }
  return out;
}
