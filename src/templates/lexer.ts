// Jet template text -> a flat list of pieces: literal text and actions (the tokens between
// the delimiters). Comments vanish here, and `{{-` / `-}}` trim the whitespace of the
// neighbouring text, so the parser never sees either.

import { TemplateError, type Pos } from './errors.js';

export interface Delimiters {
  left: string;
  right: string;
  commentLeft: string;
  commentRight: string;
}

export const DEFAULT_DELIMITERS: Delimiters = { left: '{{', right: '}}', commentLeft: '{*', commentRight: '*}' };

export type TokKind = 'ident' | 'field' | 'number' | 'string' | 'op' | 'dot';

export interface Token {
  kind: TokKind;
  /** identifier/field name, operator text, decoded string, or number text */
  value: string;
  pos: Pos;
}

export type Piece =
  | { kind: 'text'; text: string; pos: Pos }
  | { kind: 'action'; tokens: Token[]; pos: Pos; end: Pos };

// Longest first, so `:=` wins over `:` and `&&` over a stray `&`.
const OPERATORS = [':=', '==', '!=', '<=', '>=', '&&', '||', '+', '-', '*', '/', '%', '<', '>', '!', '=',
  '(', ')', '[', ']', ',', '|', ':', '?'];

const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isIdentStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentChar = (c: string) => isIdentStart(c) || (c >= '0' && c <= '9');
const isDigit = (c: string) => c >= '0' && c <= '9';

/** Line/column bookkeeping over one source text (1-based both). */
class Cursor {
  private lineStarts: number[] = [0];
  constructor(readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  pos(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo] + 1 };
  }
}

export function lex(name: string, src: string, delims: Delimiters = DEFAULT_DELIMITERS): Piece[] {
  const cur = new Cursor(src);
  const fail = (offset: number, msg: string): never => { throw new TemplateError(name, cur.pos(offset), msg); };
  const pieces: Piece[] = [];
  let trimNext = false;
  let i = 0;
  const pushText = (from: number, to: number, trimEnd: boolean) => {
    let a = from;
    let b = to;
    if (trimNext) while (a < b && isSpace(src[a])) a++;
    if (trimEnd) while (b > a && isSpace(src[b - 1])) b--;
    trimNext = false;
    if (b > a) pieces.push({ kind: 'text', text: src.slice(a, b), pos: cur.pos(a) });
  };

  while (i < src.length) {
    const open = src.indexOf(delims.left, i);
    const comment = src.indexOf(delims.commentLeft, i);
    if (open < 0 && comment < 0) {
      pushText(i, src.length, false);
      break;
    }
    if (comment >= 0 && (open < 0 || comment < open)) {
      const close = src.indexOf(delims.commentRight, comment + delims.commentLeft.length);
      if (close < 0) fail(comment, `comment is not closed with "${delims.commentRight}"`);
      pushText(i, comment, false);
      i = close + delims.commentRight.length;
      continue;
    }
    // `{{-` followed by a space trims the text before; `{{-1}}` stays a negative number
    let start = open + delims.left.length;
    const trimBefore = src[start] === '-' && isSpace(src[start + 1] ?? '');
    if (trimBefore) start++;
    pushText(i, open, trimBefore);
    const { tokens, end, trimAfter } = lexAction(src, start, delims.right, cur, name, fail);
    pieces.push({ kind: 'action', tokens, pos: cur.pos(open), end: cur.pos(end) });
    trimNext = trimAfter;
    i = end;
  }
  return pieces;
}

function lexAction(src: string, from: number, right: string, cur: Cursor, _name: string,
  fail: (offset: number, msg: string) => never): { tokens: Token[]; end: number; trimAfter: boolean } {
  const tokens: Token[] = [];
  let i = from;
  for (;;) {
    while (i < src.length && isSpace(src[i])) i++;
    if (i >= src.length) fail(from, `action is not closed with "${right}"`);
    if (src.startsWith(right, i)) return { tokens, end: i + right.length, trimAfter: false };
    if (src[i] === '-' && isSpace(src[i - 1]) && src.startsWith(right, i + 1)) {
      return { tokens, end: i + 1 + right.length, trimAfter: true };
    }
    const start = i;
    const c = src[i];
    const pos = cur.pos(i);
    if (isIdentStart(c)) {
      while (i < src.length && isIdentChar(src[i])) i++;
      tokens.push({ kind: 'ident', value: src.slice(start, i), pos });
    } else if (c === '.' && isIdentStart(src[i + 1] ?? '')) {
      i++;
      while (i < src.length && isIdentChar(src[i])) i++;
      tokens.push({ kind: 'field', value: src.slice(start + 1, i), pos });
    } else if (isDigit(c) || (c === '.' && isDigit(src[i + 1] ?? ''))) {
      while (i < src.length && (isIdentChar(src[i]) || src[i] === '.')) {
        // `1.5`, `1e3`, `0x1F`; an exponent may carry a sign
        if ((src[i] === 'e' || src[i] === 'E') && (src[i + 1] === '-' || src[i + 1] === '+') && !/^0[xX]/.test(src.slice(start, i))) i++;
        i++;
      }
      const text = src.slice(start, i).replace(/_/g, '');
      if (Number.isNaN(Number(text))) fail(start, `bad number syntax: ${src.slice(start, i)}`);
      tokens.push({ kind: 'number', value: text, pos });
    } else if (c === '.') {
      i++;
      tokens.push({ kind: 'dot', value: '.', pos });
    } else if (c === '"' || c === "'") {
      const [value, next] = readQuoted(src, i, fail);
      tokens.push({ kind: 'string', value, pos });
      i = next;
    } else if (c === '`') {
      const close = src.indexOf('`', i + 1);
      if (close < 0) fail(i, 'raw string is not closed');
      tokens.push({ kind: 'string', value: src.slice(i + 1, close), pos });
      i = close + 1;
    } else {
      const op = OPERATORS.find((o) => src.startsWith(o, i));
      if (op === undefined) fail(i, `unexpected character ${JSON.stringify(c)} in action`);
      tokens.push({ kind: 'op', value: op, pos });
      i += op.length;
    }
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

function readQuoted(src: string, at: number, fail: (offset: number, msg: string) => never): [string, number] {
  const quote = src[at];
  let out = '';
  let i = at + 1;
  for (;;) {
    if (i >= src.length || src[i] === '\n') fail(at, 'string is not closed');
    const c = src[i];
    if (c === quote) return [out, i + 1];
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = src[i + 1];
    if (e === 'x') {
      out += String.fromCharCode(parseInt(src.slice(i + 2, i + 4), 16));
      i += 4;
    } else if (e === 'u') {
      // the source is bytes: a \u escape becomes the character's UTF-8 bytes
      out += Buffer.from(String.fromCodePoint(parseInt(src.slice(i + 2, i + 6), 16)), 'utf8').toString('latin1');
      i += 6;
    } else if (e !== undefined && e in ESCAPES) {
      out += ESCAPES[e];
      i += 2;
    } else {
      fail(i, `unknown escape sequence \\${e ?? ''}`);
    }
  }
}
