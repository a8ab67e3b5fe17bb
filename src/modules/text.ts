// The `text` module, splitting part (agents.md §10.3: the LLM package's compressor and RAG
// use it): `text.splitter.recursive{chunk_size, chunk_overlap, separators?, keep_separator?}`
// and `text.splitter.markdown{...}` give a splitter with `:split_text(s) -> {chunks}` and
// `:split_batch({{content, metadata}}) -> {{content, metadata}}`.
//
// Recursive splitting: split on the first separator that occurs (paragraphs, lines, words,
// characters), split oversized pieces again with the next separator, then merge neighbouring
// pieces into chunks of at most chunk_size characters, carrying up to chunk_overlap
// characters of the previous chunk into the next. The markdown splitter first cuts before
// headings (keeping each heading with its section) and, with code_blocks, never inside a
// ``` fence; sections still too long go through the recursive splitter.
// Sizes count bytes of the Lua string. Regular expressions and diffing are not provided.

import { makeLib } from '../lua/lib/args.js';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { KIND, fail } from './errors.js';

interface SplitOptions {
  size: number;
  overlap: number;
  separators: string[];
  keepSeparator: boolean;
  markdown?: { codeBlocks: boolean };
}

const DEFAULT_SEPARATORS = ['\n\n', '\n', ' ', ''];

/** Pieces of `text` no longer than `o.size`, split on the coarsest separator that works. */
export function splitRecursive(text: string, o: SplitOptions, separators = o.separators): string[] {
  const i = separators.findIndex((s) => s === '' || text.includes(s));
  const sep = i < 0 ? '' : separators[i];
  const rest = i < 0 ? [] : separators.slice(i + 1);
  const parts = splitKeeping(text, sep, o.keepSeparator);
  const chunks: string[] = [];
  let small: string[] = [];
  const joiner = o.keepSeparator ? '' : sep;
  for (const p of parts) {
    if (p.length <= o.size) {
      small.push(p);
      continue;
    }
    if (small.length > 0) chunks.push(...merge(small, joiner, o));
    small = [];
    chunks.push(...(rest.length > 0 ? splitRecursive(p, o, rest) : [p]));
  }
  if (small.length > 0) chunks.push(...merge(small, joiner, o));
  return chunks;
}

function splitKeeping(text: string, sep: string, keep: boolean): string[] {
  if (sep === '') return [...text];
  const raw = text.split(sep);
  const parts = keep ? raw.map((p, i) => (i === 0 ? p : sep + p)) : raw;
  return parts.filter((p) => p !== '');
}

/** Joins pieces into chunks up to size, starting each new chunk with up to `overlap` characters of trailing pieces. */
function merge(pieces: string[], joiner: string, o: SplitOptions): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let total = 0;
  const len = (n: number) => total + (current.length > 0 ? joiner.length : 0) + n;
  for (const p of pieces) {
    if (current.length > 0 && len(p.length) > o.size) {
      const chunk = current.join(joiner).trim();
      if (chunk !== '') out.push(chunk);
      // keep trailing pieces as overlap while they fit both limits
      while (current.length > 0 && (total > o.overlap || len(p.length) > o.size)) {
        total -= current[0].length + (current.length > 1 ? joiner.length : 0);
        current.shift();
      }
    }
    total = len(p.length);
    current.push(p);
  }
  const last = current.join(joiner).trim();
  if (last !== '') out.push(last);
  return out;
}

/** Markdown: sections start at headings; fenced code blocks are not cut when code_blocks is set. */
export function splitMarkdown(text: string, o: SplitOptions): string[] {
  const sections: string[] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && /^#{1,6}\s/.test(line) && current.some((l) => l.trim() !== '')) {
      sections.push(current.join('\n'));
      current = [];
    }
    current.push(line);
  }
  if (current.length > 0) sections.push(current.join('\n'));
  const out: string[] = [];
  for (const s of sections) {
    const trimmed = s.trim();
    if (trimmed === '') continue;
    if (trimmed.length <= o.size || (o.markdown?.codeBlocks && isOneFence(trimmed))) out.push(trimmed);
    else out.push(...splitRecursive(trimmed, o));
  }
  return out;
}

function isOneFence(s: string): boolean {
  const lines = s.split('\n');
  return /^(```|~~~)/.test(lines[0]) && /^(```|~~~)\s*$/.test(lines[lines.length - 1]);
}

function options(t: LuaValue, markdown: boolean): SplitOptions | string {
  const get = (k: string) => (t instanceof LuaTable ? t.get(k) : undefined);
  const size = get('chunk_size') ?? 512;
  const overlap = get('chunk_overlap') ?? 100;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) return 'chunk_size must be a positive integer';
  if (typeof overlap !== 'number' || !Number.isInteger(overlap) || overlap < 0) return 'chunk_overlap must be a non-negative integer';
  if (overlap >= size) return 'chunk_overlap must be smaller than chunk_size';
  const seps = get('separators');
  const separators: string[] = [];
  if (seps instanceof LuaTable) for (let i = 1; typeof seps.get(i) === 'string'; i++) separators.push(seps.get(i));
  const o: SplitOptions = { size, overlap, separators: separators.length > 0 ? separators : DEFAULT_SEPARATORS, keepSeparator: get('keep_separator') === true };
  if (markdown) o.markdown = { codeBlocks: get('code_blocks') === true };
  return o;
}

export function createTextModule(): LuaTable {
  const splitterMeta = new LuaTable();
  const split = (self: LuaValue, s: string): string[] => {
    const o = (self as Userdata).data as SplitOptions;
    return o.markdown ? splitMarkdown(s, o) : splitRecursive(s, o);
  };
  splitterMeta.setStr('__index', makeLib({
    split_text: (self: LuaValue, s: LuaValue) => {
      if (typeof s !== 'string') return fail(KIND.INVALID, 'text must be a string');
      return [new LuaTable(split(self, s)), undefined];
    },
    split_batch: (self: LuaValue, docs: LuaValue) => {
      if (!(docs instanceof LuaTable)) return fail(KIND.INVALID, 'pages must be a table');
      const out: LuaValue[] = [];
      for (let i = 1; docs.get(i) !== undefined; i++) {
        const d = docs.get(i);
        const content = d instanceof LuaTable ? d.get('content') : undefined;
        if (typeof content !== 'string') return fail(KIND.INVALID, `pages[${i}].content must be a string`);
        for (const c of split(self, content)) {
          const t = new LuaTable();
          t.setStr('content', c);
          const meta = d.get('metadata');
          if (meta !== undefined) t.setStr('metadata', meta);
          out.push(t);
        }
      }
      return [new LuaTable(out), undefined];
    },
  }));
  splitterMeta.setStr('__name', 'text.Splitter');
  const make = (markdown: boolean) => (t: LuaValue) => {
    const o = options(t, markdown);
    return typeof o === 'string' ? fail(KIND.INVALID, o) : [new Userdata(o, splitterMeta), undefined];
  };
  const splitter = makeLib({ recursive: make(false), markdown: make(true) });
  splitter.frozen = true;
  const mod = makeLib({ splitter });
  mod.frozen = true;
  return mod;
}
