// Lexer for the Wippy Lua dialect: Lua 5.1 tokens plus the 5.3/5.4 additions (`//`, bitwise
// operators, `::`, `goto`) and the type-annotation tokens (`->`, `?`, `!`, `@`).
//
// The input is a *byte string* (every char code is 0..255: the file's bytes read as latin1), so
// the lexer never has to think about UTF-8. It works on char codes and slices the source only
// when a token needs a value (names, strings), because the whole compiler has to sustain
// several megabytes of source per second.
//
// The parser drives it through `next()` and reads the current token from plain fields
// (`tok`, `sval`, `nval`, ...). One token of lookahead is buffered (`peek()`); deeper lookahead,
// which the annotation syntax needs in a few rare places, goes through `mark()` / `reset()`.

/** A syntax error, formatted the way Lua formats them: `chunk:LINE: message near 'token'`. */
export class LuaSyntaxError extends Error {
  /** the message without the `chunk:line:` prefix */
  readonly reason: string;

  constructor(
    readonly chunkname: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${chunkname}:${line}: ${reason}`);
    this.name = 'LuaSyntaxError';
    this.reason = reason;
  }
}

/** Token kinds. A const enum so every use compiles to a small integer. */
export const enum Tok {
  EOF,
  Name,
  String,
  Number,
  // reserved words
  And, Break, Do, Else, Elseif, End, False, For, Function, Goto, If, In, Local, Nil, Not, Or,
  Repeat, Return, Then, True, Until, While,
  // operators and punctuation
  Plus, Minus, Star, Slash, DSlash, Percent, Caret, Hash, Amp, Tilde, Pipe, Shl, Shr,
  Eq, Ne, Le, Ge, Lt, Gt, Assign,
  LParen, RParen, LBrace, RBrace, LBracket, RBracket,
  DColon, Semi, Colon, Comma, Dot, Concat, Dots,
  // annotation tokens
  Arrow, Question, Bang, At,
  /** any other single byte; the parser reports it as "unexpected symbol" */
  Unknown,
  /** number of token kinds, for tables indexed by kind */
  Count,
}

/** Display text of fixed tokens, indexed by kind (used in error messages). */
const TOKEN_TEXT: string[] = [
  '<eof>', '<name>', '<string>', '<number>',
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
  '+', '-', '*', '/', '//', '%', '^', '#', '&', '~', '|', '<<', '>>',
  '==', '~=', '<=', '>=', '<', '>', '=',
  '(', ')', '{', '}', '[', ']',
  '::', ';', ':', ',', '.', '..', '...',
  '->', '?', '!', '@',
  '<unknown>',
];

/** The text of a token kind, e.g. `end` or `==` (for "'end' expected" messages). */
export function tokenKindText(kind: Tok): string {
  return TOKEN_TEXT[kind];
}

const KEYWORDS = new Map<string, Tok>([
  ['and', Tok.And], ['break', Tok.Break], ['do', Tok.Do], ['else', Tok.Else],
  ['elseif', Tok.Elseif], ['end', Tok.End], ['false', Tok.False], ['for', Tok.For],
  ['function', Tok.Function], ['goto', Tok.Goto], ['if', Tok.If], ['in', Tok.In],
  ['local', Tok.Local], ['nil', Tok.Nil], ['not', Tok.Not], ['or', Tok.Or],
  ['repeat', Tok.Repeat], ['return', Tok.Return], ['then', Tok.Then], ['true', Tok.True],
  ['until', Tok.Until], ['while', Tok.While],
]);

/** Is this kind a reserved word? (Record-type field names may be reserved words.) */
export function isKeyword(kind: Tok): boolean {
  return kind >= Tok.And && kind <= Tok.While;
}

// Character classes, as bit flags in a 256-entry table (the input is bytes). Only ASCII letters
// and `_` start names, as in Lua with the C locale.
const C_ALPHA = 1; // [A-Za-z_]
const C_DIGIT = 2; // [0-9]
const C_XDIGIT = 4; // [0-9A-Fa-f]
const C_SPACE = 8; // Lua's isspace: space \t \n \v \f \r
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  let f = 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) f |= C_ALPHA;
  if (c >= 48 && c <= 57) f |= C_DIGIT | C_XDIGIT;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) f |= C_XDIGIT;
  if (c === 32 || (c >= 9 && c <= 13)) f |= C_SPACE;
  CLASS[c] = f;
}

/** Value of a hex digit char code (caller has checked C_XDIGIT). */
function hexValue(c: number): number {
  return c <= 57 ? c - 48 : (c | 0x20) - 87;
}

// The name intern cache (shared by all lexers: names recur across chunks too). A slot holds
// the last name that hashed to it, and that name's token kind. Only names shorter than
// INTERN_MAX_LEN are cached: V8 copies short slices but makes longer ones views into the
// source, and a long-lived cache must not pin whole source texts in memory.
const INTERN_MAX_LEN = 13;
const INTERN_MASK = 4095;
const INTERN_NAMES: (string | undefined)[] = new Array<string | undefined>(INTERN_MASK + 1).fill(undefined);
const INTERN_KINDS = new Uint8Array(INTERN_MASK + 1);

/** Does s[start, start+len) equal name (of length len)? */
function sameChars(s: string, start: number, name: string, len: number): boolean {
  for (let i = 0; i < len; i++) {
    if (s.charCodeAt(start + i) !== name.charCodeAt(i)) return false;
  }
  return true;
}

/** A saved lexer position for multi-token lookahead (`mark` / `reset`). */
export interface LexMark {
  pos: number;
  line: number;
  tok: Tok;
  tokStart: number;
  tokEnd: number;
  tokLine: number;
  tokEndLine: number;
  sval: string;
  nval: number;
  prevEnd: number;
  prevEndLine: number;
  hasAhead: boolean;
  aTok: Tok;
  aStart: number;
  aEnd: number;
  aLine: number;
  aEndLine: number;
  aSval: string;
  aNval: number;
}

export class Lexer {
  private readonly src: string;
  private readonly len: number;
  /** position of the next unread char */
  private pos = 0;
  /** line of the next unread char */
  private line = 1;

  // ---- the current token
  tok: Tok = Tok.EOF;
  /** source offsets of the current token: [tokStart, tokEnd) */
  tokStart = 0;
  tokEnd = 0;
  /** line where the current token starts (AST nodes use this) */
  tokLine = 1;
  /** line where the current token ends (error messages use this, like Lua's `linenumber`) */
  tokEndLine = 1;
  /** name text, or the decoded byte-string value of a string literal */
  sval = '';
  /** value of a number literal */
  nval = 0;
  /** end offset of the previously consumed token (for source-text slices) */
  prevEnd = 0;
  /** line where the previously consumed token ends */
  prevEndLine = 1;

  // ---- one buffered lookahead token (valid when hasAhead)
  private hasAhead = false;
  private aTok: Tok = Tok.EOF;
  private aStart = 0;
  private aEnd = 0;
  private aLine = 1;
  private aEndLine = 1;
  private aSval = '';
  private aNval = 0;

  /** decoded bytes of the last escape sequence (set by scanEscape) */
  private escOut = '';

  constructor(
    src: string,
    readonly chunkname: string,
  ) {
    this.src = src;
    this.len = src.length;
    // A first line starting with `#` (a shebang) is skipped, keeping its newline so that line
    // numbers stay right.
    if (src.charCodeAt(0) === 35 /* # */) {
      let p = 1;
      while (p < this.len) {
        const c = src.charCodeAt(p);
        if (c === 10 || c === 13) break;
        p++;
      }
      this.pos = p;
    }
  }

  /** Advance to the next token. */
  next(): void {
    this.prevEnd = this.tokEnd;
    this.prevEndLine = this.tokEndLine;
    if (this.hasAhead) {
      this.hasAhead = false;
      this.tok = this.aTok;
      this.tokStart = this.aStart;
      this.tokEnd = this.aEnd;
      this.tokLine = this.aLine;
      this.tokEndLine = this.aEndLine;
      this.sval = this.aSval;
      this.nval = this.aNval;
      return;
    }
    this.scan();
  }

  /** Kind of the token after the current one, without consuming anything. */
  peek(): Tok {
    if (!this.hasAhead) {
      const tok = this.tok, start = this.tokStart, end = this.tokEnd, line = this.tokLine;
      const endLine = this.tokEndLine, sval = this.sval, nval = this.nval;
      this.scan();
      this.aTok = this.tok;
      this.aStart = this.tokStart;
      this.aEnd = this.tokEnd;
      this.aLine = this.tokLine;
      this.aEndLine = this.tokEndLine;
      this.aSval = this.sval;
      this.aNval = this.nval;
      this.hasAhead = true;
      this.tok = tok;
      this.tokStart = start;
      this.tokEnd = end;
      this.tokLine = line;
      this.tokEndLine = endLine;
      this.sval = sval;
      this.nval = nval;
    }
    return this.aTok;
  }

  /** Name text of the peeked token (valid after `peek()` returned Tok.Name). */
  peekSval(): string {
    return this.aSval;
  }

  /** Save the complete lexer state, for lookahead deeper than `peek()`. */
  mark(): LexMark {
    return {
      pos: this.pos, line: this.line,
      tok: this.tok, tokStart: this.tokStart, tokEnd: this.tokEnd, tokLine: this.tokLine,
      tokEndLine: this.tokEndLine, sval: this.sval, nval: this.nval, prevEnd: this.prevEnd,
      prevEndLine: this.prevEndLine,
      hasAhead: this.hasAhead, aTok: this.aTok, aStart: this.aStart, aEnd: this.aEnd,
      aLine: this.aLine, aEndLine: this.aEndLine, aSval: this.aSval, aNval: this.aNval,
    };
  }

  /** Return to a state saved by `mark()`. */
  reset(m: LexMark): void {
    this.pos = m.pos;
    this.line = m.line;
    this.tok = m.tok;
    this.tokStart = m.tokStart;
    this.tokEnd = m.tokEnd;
    this.tokLine = m.tokLine;
    this.tokEndLine = m.tokEndLine;
    this.sval = m.sval;
    this.nval = m.nval;
    this.prevEnd = m.prevEnd;
    this.prevEndLine = m.prevEndLine;
    this.hasAhead = m.hasAhead;
    this.aTok = m.aTok;
    this.aStart = m.aStart;
    this.aEnd = m.aEnd;
    this.aLine = m.aLine;
    this.aEndLine = m.aEndLine;
    this.aSval = m.aSval;
    this.aNval = m.aNval;
  }

  /**
   * Turn a current `>>` or `>=` token into `>` and re-scan the rest, so that nested generic
   * type arguments (`Map<string, Array<number>>`) and `type T<X>= ...` close properly.
   */
  splitGreater(): void {
    if (this.tok !== Tok.Shr && this.tok !== Tok.Ge) return;
    this.tok = Tok.Gt;
    this.tokEnd = this.tokStart + 1;
    this.pos = this.tokEnd;
    this.line = this.tokEndLine; // the token is on one line
    this.hasAhead = false;
  }

  /** Source text between two offsets (for TypeDeclStat.text). */
  slice(start: number, end: number): string {
    return this.src.slice(start, end);
  }

  /** How the current token is shown after "near" in error messages. */
  nearText(): string {
    switch (this.tok) {
      case Tok.EOF:
        return "'<eof>'";
      case Tok.Name:
      case Tok.String:
      case Tok.Number:
        return `'${this.src.slice(this.tokStart, this.tokEnd)}'`;
      case Tok.Unknown:
        return quoteChar(this.src.charCodeAt(this.tokStart));
      default:
        return `'${TOKEN_TEXT[this.tok]}'`;
    }
  }

  /** A syntax error at the current token: `message near 'tok'`. */
  errorNear(message: string): LuaSyntaxError {
    return new LuaSyntaxError(this.chunkname, this.tokEndLine, `${message} near ${this.nearText()}`);
  }

  /** A semantic error (goto/label/const checks): no "near" part, like Lua's luaK_semerror. */
  errorPlain(message: string): LuaSyntaxError {
    return new LuaSyntaxError(this.chunkname, this.tokEndLine, message);
  }

  // ------------------------------------------------------------------ scanning

  private setToken(tok: Tok, start: number, end: number, line: number): void {
    this.tok = tok;
    this.tokStart = start;
    this.tokEnd = end;
    this.tokLine = line;
    this.tokEndLine = this.line;
    this.pos = end;
  }

  /** Error raised while scanning: the "near" text is the raw source read so far. */
  private lexError(message: string, start: number, end: number): LuaSyntaxError {
    const near = end > this.len ? "'<eof>'" : `'${this.src.slice(start, end)}'`;
    return new LuaSyntaxError(this.chunkname, this.line, `${message} near ${near}`);
  }

  private eofError(message: string): LuaSyntaxError {
    return new LuaSyntaxError(this.chunkname, this.line, `${message} near '<eof>'`);
  }

  /** Skip one newline sequence (\n, \r, \r\n or \n\r count as one) starting at p. */
  private skipNewline(p: number): number {
    const c = this.src.charCodeAt(p);
    const d = this.src.charCodeAt(p + 1);
    this.line++;
    return (d === 10 || d === 13) && d !== c ? p + 2 : p + 1;
  }

  /** Scan the next token into the current-token fields. */
  private scan(): void {
    const s = this.src;
    const n = this.len;
    let p = this.pos;
    for (;;) {
      if (p >= n) {
        this.setToken(Tok.EOF, n, n, this.line);
        return;
      }
      const c = s.charCodeAt(p);
      if (c === 32) {
        // spaces (indentation) are most of the input: skip them before anything else
        p++;
        continue;
      }
      const cls = CLASS[c];
      if (cls & C_ALPHA) {
        this.scanName(p);
        return;
      }
      if (cls & C_DIGIT) {
        this.scanNumber(p);
        return;
      }
      const line = this.line;
      const d = s.charCodeAt(p + 1);
      switch (c) {
        case 10: case 13:
          p = this.skipNewline(p);
          continue;
        case 9: case 11: case 12:
          p++;
          continue;
        case 45: // -
          if (d === 45) {
            p = this.skipComment(p + 2);
            continue;
          }
          if (d === 62) return this.setToken(Tok.Arrow, p, p + 2, line);
          return this.setToken(Tok.Minus, p, p + 1, line);
        case 34: case 39: // " '
          this.scanString(p, c);
          return;
        case 91: { // [
          const level = this.longBracketLevel(p);
          if (level >= 0) {
            this.sval = this.scanLongString(p, level, false);
            return this.setToken(Tok.String, p, this.pos, line);
          }
          if (level === -2) throw this.lexError('invalid long string delimiter', p, this.pos);
          return this.setToken(Tok.LBracket, p, p + 1, line);
        }
        case 61: // =
          if (d === 61) return this.setToken(Tok.Eq, p, p + 2, line);
          return this.setToken(Tok.Assign, p, p + 1, line);
        case 60: // <
          if (d === 60) return this.setToken(Tok.Shl, p, p + 2, line);
          if (d === 61) return this.setToken(Tok.Le, p, p + 2, line);
          return this.setToken(Tok.Lt, p, p + 1, line);
        case 62: // >
          if (d === 62) return this.setToken(Tok.Shr, p, p + 2, line);
          if (d === 61) return this.setToken(Tok.Ge, p, p + 2, line);
          return this.setToken(Tok.Gt, p, p + 1, line);
        case 47: // /
          if (d === 47) return this.setToken(Tok.DSlash, p, p + 2, line);
          return this.setToken(Tok.Slash, p, p + 1, line);
        case 126: // ~
          if (d === 61) return this.setToken(Tok.Ne, p, p + 2, line);
          return this.setToken(Tok.Tilde, p, p + 1, line);
        case 58: // :
          if (d === 58) return this.setToken(Tok.DColon, p, p + 2, line);
          return this.setToken(Tok.Colon, p, p + 1, line);
        case 46: // .
          if (d === 46) {
            if (s.charCodeAt(p + 2) === 46) return this.setToken(Tok.Dots, p, p + 3, line);
            return this.setToken(Tok.Concat, p, p + 2, line);
          }
          if (p + 1 < n && CLASS[d] & C_DIGIT) {
            this.scanNumber(p);
            return;
          }
          return this.setToken(Tok.Dot, p, p + 1, line);
        case 43: return this.setToken(Tok.Plus, p, p + 1, line);
        case 42: return this.setToken(Tok.Star, p, p + 1, line);
        case 37: return this.setToken(Tok.Percent, p, p + 1, line);
        case 94: return this.setToken(Tok.Caret, p, p + 1, line);
        case 35: return this.setToken(Tok.Hash, p, p + 1, line);
        case 38: return this.setToken(Tok.Amp, p, p + 1, line);
        case 124: return this.setToken(Tok.Pipe, p, p + 1, line);
        case 40: return this.setToken(Tok.LParen, p, p + 1, line);
        case 41: return this.setToken(Tok.RParen, p, p + 1, line);
        case 123: return this.setToken(Tok.LBrace, p, p + 1, line);
        case 125: return this.setToken(Tok.RBrace, p, p + 1, line);
        case 93: return this.setToken(Tok.RBracket, p, p + 1, line);
        case 59: return this.setToken(Tok.Semi, p, p + 1, line);
        case 44: return this.setToken(Tok.Comma, p, p + 1, line);
        case 63: return this.setToken(Tok.Question, p, p + 1, line);
        case 33: return this.setToken(Tok.Bang, p, p + 1, line);
        case 64: return this.setToken(Tok.At, p, p + 1, line);
        default:
          return this.setToken(Tok.Unknown, p, p + 1, line);
      }
    }
  }

  /**
   * Scan a name or reserved word. Names go through a small direct-mapped intern cache keyed by
   * a hash computed while scanning: the same identifiers recur constantly, and reusing one
   * string for them saves both the slice allocation and the reserved-word lookup.
   */
  private scanName(start: number): void {
    const s = this.src;
    const n = this.len;
    let h = s.charCodeAt(start);
    let p = start + 1;
    for (; p < n; p++) {
      const c = s.charCodeAt(p);
      if (!(CLASS[c] & (C_ALPHA | C_DIGIT))) break;
      h = (Math.imul(h, 31) + c) | 0;
    }
    const len = p - start;
    if (len >= INTERN_MAX_LEN) {
      // too long to be a reserved word, and not worth caching (see INTERN_MAX_LEN)
      this.sval = s.slice(start, p);
      this.setToken(Tok.Name, start, p, this.line);
      return;
    }
    const slot = (h ^ (h >>> 11) ^ len) & INTERN_MASK;
    const cached = INTERN_NAMES[slot];
    let kind: Tok;
    if (cached !== undefined && cached.length === len && sameChars(s, start, cached, len)) {
      this.sval = cached;
      kind = INTERN_KINDS[slot];
    } else {
      const name = s.slice(start, p);
      // every reserved word is 2..8 lowercase letters: skip the map lookup for other names
      kind = (len >= 2 && len <= 8 && s.charCodeAt(start) >= 97 && KEYWORDS.get(name)) || Tok.Name;
      INTERN_NAMES[slot] = name;
      INTERN_KINDS[slot] = kind;
      this.sval = name;
    }
    this.setToken(kind, start, p, this.line);
  }

  /** After `--`: skip a long comment `--[==[ ... ]==]` or the rest of the line. */
  private skipComment(p: number): number {
    const s = this.src;
    if (s.charCodeAt(p) === 91 /* [ */) {
      const level = this.longBracketLevel(p);
      if (level >= 0) {
        this.scanLongString(p, level, true);
        return this.pos;
      }
    }
    const n = this.len;
    while (p < n) {
      const c = s.charCodeAt(p);
      if (c === 10 || c === 13) break;
      p++;
    }
    return p;
  }

  /**
   * At a `[`: the level of a long bracket opening `[==[` (number of `=`), -1 when it is a plain
   * `[`, or -2 for a malformed `[=` (then `this.pos` is left after the `=` run, for the message).
   */
  private longBracketLevel(p: number): number {
    const s = this.src;
    let q = p + 1;
    while (s.charCodeAt(q) === 61 /* = */) q++;
    if (s.charCodeAt(q) === 91) return q - p - 1;
    if (q === p + 1) return -1;
    this.pos = q;
    return -2;
  }

  /**
   * Scan a long string or comment whose opening bracket starts at `start`. Returns the content
   * (for strings) with every newline sequence normalised to `\n` and a first newline dropped,
   * and leaves `this.pos` after the closing bracket.
   */
  private scanLongString(start: number, level: number, isComment: boolean): string {
    const s = this.src;
    const n = this.len;
    const startLine = this.line;
    let p = start + level + 2;
    // a newline right after the opening bracket is not part of the string
    let c = s.charCodeAt(p);
    if (c === 10 || c === 13) p = this.skipNewline(p);
    let out = '';
    let seg = p;
    for (;;) {
      if (p >= n) {
        const what = isComment ? 'comment' : 'string';
        throw this.eofError(`unfinished long ${what} (starting at line ${startLine})`);
      }
      c = s.charCodeAt(p);
      if (c === 93 /* ] */) {
        let q = p + 1;
        while (s.charCodeAt(q) === 61) q++;
        if (q - p - 1 === level && s.charCodeAt(q) === 93) {
          this.pos = q + 1;
          return isComment ? '' : out + s.slice(seg, p);
        }
        p++;
      } else if (c === 10 || c === 13) {
        const d = s.charCodeAt(p + 1);
        if (c === 10 && d !== 13) {
          // a plain \n is kept as is, no need to cut the segment
          this.line++;
          p++;
        } else {
          if (!isComment) out += s.slice(seg, p) + '\n';
          p = this.skipNewline(p);
          seg = p;
        }
      } else {
        p++;
      }
    }
  }

  /** Scan a short string literal delimited by `quote`, decoding escapes. */
  private scanString(start: number, quote: number): void {
    const s = this.src;
    const n = this.len;
    const line = this.line;
    let p = start + 1;
    let seg = p;
    let out = '';
    for (;;) {
      if (p >= n) throw this.eofError('unfinished string');
      const c = s.charCodeAt(p);
      if (c === quote) break;
      if (c === 92 /* \ */) {
        out += s.slice(seg, p);
        p = this.scanEscape(start, p);
        out += this.escOut;
        seg = p;
      } else if (c === 10 || c === 13) {
        throw this.lexError('unfinished string', start, p);
      } else {
        p++;
      }
    }
    this.sval = out + s.slice(seg, p);
    this.setToken(Tok.String, start, p + 1, line);
  }

  /**
   * Decode the escape sequence whose backslash is at `p` (inside the string starting at
   * `start`); puts the decoded bytes in `escOut` and returns the position after the escape.
   */
  private scanEscape(start: number, p: number): number {
    const s = this.src;
    const c = s.charCodeAt(p + 1);
    let simple = -1;
    switch (c) {
      case 97: simple = 7; break; // \a
      case 98: simple = 8; break; // \b
      case 102: simple = 12; break; // \f
      case 110: simple = 10; break; // \n
      case 114: simple = 13; break; // \r
      case 116: simple = 9; break; // \t
      case 118: simple = 11; break; // \v
      case 92: case 34: case 39: simple = c; break; // \\ \" \'
      case 10: case 13: // backslash-newline: a newline in the string
        this.escOut = '\n';
        return this.skipNewline(p + 1);
      case 120: return this.scanHexEscape(start, p);
      case 122: return this.scanZEscape(p);
      case 117: return this.scanUtf8Escape(start, p);
      default:
        if (p + 1 >= this.len) {
          // `\` at the end of input: Lua reports the unfinished string
          this.escOut = '';
          return p + 1;
        }
        if (CLASS[c] & C_DIGIT) return this.scanDecimalEscape(start, p);
        throw this.lexError('invalid escape sequence', start, p + 2);
    }
    this.escOut = String.fromCharCode(simple);
    return p + 2;
  }

  /** `\ddd`: up to three decimal digits, value at most 255. */
  private scanDecimalEscape(start: number, p: number): number {
    const s = this.src;
    let q = p + 1;
    let v = 0;
    for (let i = 0; i < 3 && q < this.len && CLASS[s.charCodeAt(q)] & C_DIGIT; i++, q++) {
      v = v * 10 + s.charCodeAt(q) - 48;
    }
    if (v > 255) throw this.lexError('decimal escape too large', start, Math.min(q + 1, this.len));
    this.escOut = String.fromCharCode(v);
    return q;
  }

  /** `\xXX`: exactly two hex digits. */
  private scanHexEscape(start: number, p: number): number {
    const s = this.src;
    let v = 0;
    for (let q = p + 2; q < p + 4; q++) {
      const c = s.charCodeAt(q);
      if (q >= this.len || !(CLASS[c] & C_XDIGIT)) {
        throw this.lexError('hexadecimal digit expected', start, Math.min(q + 1, this.len));
      }
      v = v * 16 + hexValue(c);
    }
    this.escOut = String.fromCharCode(v);
    return p + 4;
  }

  /** `\z`: skip the following run of whitespace, newlines included. */
  private scanZEscape(p: number): number {
    const s = this.src;
    const n = this.len;
    let q = p + 2;
    while (q < n) {
      const c = s.charCodeAt(q);
      if (c === 10 || c === 13) q = this.skipNewline(q);
      else if (CLASS[c] & C_SPACE) q++;
      else break;
    }
    this.escOut = '';
    return q;
  }

  /** `\u{XXX}`: a code point up to 2^31-1, encoded as (extended) UTF-8 like Lua 5.4. */
  private scanUtf8Escape(start: number, p: number): number {
    const s = this.src;
    let q = p + 2;
    if (s.charCodeAt(q) !== 123 /* { */) throw this.lexError("missing '{'", start, Math.min(q + 1, this.len));
    q++;
    if (!(CLASS[s.charCodeAt(q)] & C_XDIGIT) || q >= this.len) {
      throw this.lexError('hexadecimal digit expected', start, Math.min(q + 1, this.len));
    }
    let v = 0;
    while (q < this.len && CLASS[s.charCodeAt(q)] & C_XDIGIT) {
      if (v > 0x7ffffff) throw this.lexError('UTF-8 value too large', start, q + 1);
      v = v * 16 + hexValue(s.charCodeAt(q));
      q++;
    }
    if (s.charCodeAt(q) !== 125 /* } */) throw this.lexError("missing '}'", start, Math.min(q + 1, this.len));
    this.escOut = utf8Encode(v);
    return q + 1;
  }

  /**
   * Scan a numeral the way Lua 5.4 does: take every hex digit, `.`, and exponent mark with its
   * optional sign, plus one trailing letter (so `3x` is reported whole), then convert; anything
   * that does not convert is a "malformed number".
   */
  private scanNumber(start: number): void {
    const s = this.src;
    const n = this.len;
    let p = start;
    let isHex = false;
    if (s.charCodeAt(p) === 48 && (s.charCodeAt(p + 1) | 0x20) === 120 /* x */) {
      isHex = true;
      p += 2;
    }
    const expo = isHex ? 112 /* p */ : 101; /* e */
    for (;;) {
      if (p >= n) break;
      const c = s.charCodeAt(p);
      if ((c | 0x20) === expo) {
        p++;
        const d = s.charCodeAt(p);
        if (d === 43 || d === 45) p++;
      } else if (CLASS[c] & C_XDIGIT || c === 46) {
        p++;
      } else {
        break;
      }
    }
    if (p < n && CLASS[s.charCodeAt(p)] & C_ALPHA) p++; // touching a letter: force an error
    const v = isHex ? parseHexNumeral(s, start + 2, p) : parseDecimalNumeral(s, start, p);
    if (v !== v) throw this.lexError('malformed number', start, p);
    this.nval = v;
    this.setToken(Tok.Number, start, p, this.line);
  }
}

/** Format a single byte for "near": printable as `'c'`, others as `'<\ddd>'` (like Lua). */
function quoteChar(c: number): string {
  return c >= 32 && c < 127 ? `'${String.fromCharCode(c)}'` : `'<\\${c}>'`;
}

/**
 * Value of a decimal numeral `digits [. digits] [(e|E) [+-] digits]` in s[start, end), or NaN
 * when malformed. Plain digit runs (the common case) are converted without allocating.
 */
function parseDecimalNumeral(s: string, start: number, end: number): number {
  let p = start;
  let v = 0;
  while (p < end && CLASS[s.charCodeAt(p)] & C_DIGIT) {
    v = v * 10 + (s.charCodeAt(p) - 48);
    p++;
  }
  let digits = p - start;
  if (p === end && digits <= 15) return v; // exact: fewer than 2^53
  if (s.charCodeAt(p) === 46 /* . */) {
    p++;
    const f = p;
    while (p < end && CLASS[s.charCodeAt(p)] & C_DIGIT) p++;
    digits += p - f;
  }
  if (digits === 0) return NaN;
  if (p < end && (s.charCodeAt(p) | 0x20) === 101 /* e */) {
    p++;
    const sign = s.charCodeAt(p);
    if (sign === 43 || sign === 45) p++;
    const e = p;
    while (p < end && CLASS[s.charCodeAt(p)] & C_DIGIT) p++;
    if (p === e) return NaN;
  }
  if (p !== end) return NaN;
  // validated above, so Number() sees only a plain decimal literal (no 0x/0b/Infinity forms)
  return Number(s.slice(start, end));
}

/**
 * Value of a hex numeral body `hexdigits [. hexdigits] [(p|P) [+-] digits]` in s[start, end)
 * (after the `0x`), or NaN when malformed.
 */
function parseHexNumeral(s: string, start: number, end: number): number {
  let p = start;
  let v = 0;
  let exp = 0;
  let digits = 0;
  while (p < end && CLASS[s.charCodeAt(p)] & C_XDIGIT) {
    v = v * 16 + hexValue(s.charCodeAt(p));
    p++;
    digits++;
  }
  if (s.charCodeAt(p) === 46 /* . */ && p < end) {
    p++;
    while (p < end && CLASS[s.charCodeAt(p)] & C_XDIGIT) {
      v = v * 16 + hexValue(s.charCodeAt(p));
      exp -= 4;
      p++;
      digits++;
    }
  }
  if (digits === 0) return NaN;
  if (p < end && (s.charCodeAt(p) | 0x20) === 112 /* p */) {
    p++;
    let sign = 1;
    const c = s.charCodeAt(p);
    if (c === 43 || c === 45) {
      if (c === 45) sign = -1;
      p++;
    }
    const e = p;
    let ev = 0;
    while (p < end && CLASS[s.charCodeAt(p)] & C_DIGIT) {
      ev = Math.min(ev * 10 + (s.charCodeAt(p) - 48), 100000);
      p++;
    }
    if (p === e) return NaN;
    exp += sign * ev;
  }
  if (p !== end) return NaN;
  return exp === 0 ? v : v * Math.pow(2, exp);
}

/** UTF-8 bytes (as a byte string) of a code point up to 0x7FFFFFFF, like Lua's luaO_utf8esc. */
function utf8Encode(x: number): string {
  if (x < 0x80) return String.fromCharCode(x);
  const bytes: number[] = [];
  let mfb = 0x3f; // largest value that fits in the first byte
  do {
    bytes.push(0x80 | (x & 0x3f));
    x = Math.floor(x / 64);
    mfb >>= 1;
  } while (x > mfb);
  bytes.push(((~mfb << 1) & 0xff) | x);
  bytes.reverse();
  return String.fromCharCode(...bytes);
}
