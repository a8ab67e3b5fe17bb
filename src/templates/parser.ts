// Pieces from the lexer -> a Template: statements nested by `if`/`range`/`block`/`try`/
// `yield ... content` ... `end`, block definitions collected by name, `extends`/`import` noted.

import type { BlockDef, BlockParam, Expr, PipeStage, Stmt, Template } from './ast.js';
import { TemplateError, type Pos } from './errors.js';
import { lex, type Delimiters, type Token } from './lexer.js';

/** What an open `{{ ... }}` ... `{{ end }}` is collecting into. */
interface Frame {
  kind: 'root' | 'if' | 'range' | 'block' | 'yield' | 'try';
  pos: Pos;
  /** where statements go now */
  into: Stmt[];
  stmt?: Stmt;
  block?: BlockDef;
  /** once `else` (if/range), `catch` (try) or `content` (block) was seen */
  switched?: boolean;
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'block', 'yield', 'extends', 'import', 'include',
  'try', 'catch', 'return', 'content']);

export function parse(name: string, src: string, delims?: Delimiters): Template {
  const tpl: Template = { name, body: [], extends: undefined, imports: [], blocks: new Map() };
  const stack: Frame[] = [{ kind: 'root', pos: { line: 1, col: 1 }, into: tpl.body }];
  const top = () => stack[stack.length - 1];
  const err = (pos: Pos, msg: string): never => { throw new TemplateError(name, pos, msg); };
  let sawContent = false;

  for (const piece of lex(name, src, delims)) {
    if (piece.kind === 'text') {
      top().into.push({ k: 'text', text: piece.text });
      if (piece.text.trim() !== '') sawContent = true;
      continue;
    }
    const ts = new Tokens(name, piece.tokens, piece.pos);
    if (ts.atEnd()) err(piece.pos, 'empty action');
    const first = ts.peek();
    const word = first.kind === 'ident' && KEYWORDS.has(first.value) && !(ts.peekAt(1)?.value === ':=' || ts.peekAt(1)?.value === '=') ? first.value : '';
    const frame = top();
    switch (word) {
      case 'if': {
        ts.next();
        const stmt: Stmt = { k: 'if', branches: [{ cond: ts.pipeline(), body: [] }], else: undefined, pos: first.pos };
        ts.done();
        frame.into.push(stmt);
        stack.push({ kind: 'if', pos: first.pos, into: stmt.branches[0].body, stmt });
        break;
      }
      case 'else': {
        ts.next();
        const s = frame.stmt;
        if (frame.kind === 'if' && s?.k === 'if' && !frame.switched) {
          if (ts.peekIs('ident', 'if')) {
            ts.next();
            const branch = { cond: ts.pipeline(), body: [] as Stmt[] };
            s.branches.push(branch);
            frame.into = branch.body;
          } else {
            s.else = [];
            frame.into = s.else;
            frame.switched = true;
          }
        } else if (frame.kind === 'range' && s?.k === 'range' && !frame.switched) {
          s.else = [];
          frame.into = s.else;
          frame.switched = true;
        } else {
          err(first.pos, 'unexpected "else"');
        }
        ts.done();
        break;
      }
      case 'end': {
        ts.next();
        ts.done();
        if (frame.kind === 'root') err(first.pos, 'unexpected "end" (nothing to close)');
        stack.pop();
        break;
      }
      case 'range': {
        ts.next();
        let key: string | undefined;
        let value: string | undefined;
        let declare = true;
        const assign = ts.findAssign();
        if (assign >= 0) {
          key = ts.expectIdent().value;
          if (ts.peekIs('op', ',')) {
            ts.next();
            value = ts.expectIdent().value;
          }
          declare = ts.next().value === ':=';
        }
        const stmt: Stmt = { k: 'range', key, value, declare, x: ts.pipeline(), body: [], else: undefined, pos: first.pos };
        ts.done();
        frame.into.push(stmt);
        stack.push({ kind: 'range', pos: first.pos, into: stmt.body, stmt });
        break;
      }
      case 'block': {
        ts.next();
        const bname = ts.expectIdent().value;
        const params = ts.blockParams();
        ts.done();
        if (tpl.blocks.has(bname)) err(first.pos, `block "${bname}" is defined twice`);
        const block: BlockDef = { name: bname, params, body: [], content: undefined, template: name, pos: first.pos };
        tpl.blocks.set(bname, block);
        frame.into.push({ k: 'block', name: bname, pos: first.pos });
        stack.push({ kind: 'block', pos: first.pos, into: block.body, block });
        break;
      }
      case 'content': {
        ts.next();
        ts.done();
        if (frame.kind !== 'block' || frame.switched || frame.block === undefined) err(first.pos, 'unexpected "content" (only inside a block)');
        frame.block!.content = [];
        frame.into = frame.block!.content;
        frame.switched = true;
        break;
      }
      case 'yield': {
        ts.next();
        if (ts.peekIs('ident', 'content') && ts.remaining() === 1) {
          ts.next();
          frame.into.push({ k: 'yieldContent', pos: first.pos });
          break;
        }
        const yname = ts.expectIdent().value;
        const args = ts.yieldArgs();
        let withContent = false;
        if (ts.remaining() > 0 && ts.last().kind === 'ident' && ts.last().value === 'content') {
          ts.dropLast();
          withContent = true;
        }
        const context = ts.atEnd() ? undefined : ts.pipeline();
        ts.done();
        const stmt: Stmt = { k: 'yield', name: yname, args, context, content: withContent ? [] : undefined, pos: first.pos };
        frame.into.push(stmt);
        if (withContent) stack.push({ kind: 'yield', pos: first.pos, into: stmt.content!, stmt });
        break;
      }
      case 'extends':
      case 'import': {
        ts.next();
        const target = ts.next();
        if (target.kind !== 'string') err(target.pos, `${word} needs a template name in quotes`);
        ts.done();
        if (word === 'extends') {
          if (tpl.extends !== undefined || stack.length > 1 || sawContent || tpl.body.some((s) => s.k !== 'text')) {
            err(first.pos, 'extends must be the first statement of the template');
          }
          tpl.extends = { name: target.value, pos: target.pos };
        } else {
          if (stack.length > 1) err(first.pos, 'import must be at the top level of the template');
          tpl.imports.push({ name: target.value, pos: target.pos });
        }
        break;
      }
      case 'include': {
        ts.next();
        const target = ts.ternary();
        const context = ts.atEnd() ? undefined : ts.pipeline();
        ts.done();
        frame.into.push({ k: 'include', name: target, context, pos: first.pos });
        break;
      }
      case 'try': {
        ts.next();
        ts.done();
        const stmt: Stmt = { k: 'try', body: [], catchVar: undefined, catchBody: undefined, pos: first.pos };
        frame.into.push(stmt);
        stack.push({ kind: 'try', pos: first.pos, into: stmt.body, stmt });
        break;
      }
      case 'catch': {
        ts.next();
        const s = frame.stmt;
        if (frame.kind !== 'try' || s?.k !== 'try' || frame.switched) err(first.pos, 'unexpected "catch" (only inside try)');
        const t = s as Extract<Stmt, { k: 'try' }>;
        if (!ts.atEnd()) t.catchVar = ts.expectIdent().value;
        ts.done();
        t.catchBody = [];
        frame.into = t.catchBody;
        frame.switched = true;
        break;
      }
      case 'return': {
        ts.next();
        frame.into.push({ k: 'return', x: ts.pipeline(), pos: first.pos });
        ts.done();
        break;
      }
      default: {
        frame.into.push(ts.statement());
        ts.done();
        sawContent = true;
      }
    }
  }
  if (stack.length > 1) {
    const open = top();
    err(open.pos, `"${open.kind}" is not closed with {{ end }}`);
  }
  return tpl;
}

/** A cursor over one action's tokens with the expression grammar. */
class Tokens {
  private i = 0;
  private end: number;
  constructor(private name: string, private toks: Token[], private actionPos: Pos) {
    this.end = toks.length;
  }

  private err(pos: Pos, msg: string): never {
    throw new TemplateError(this.name, pos, msg);
  }
  atEnd(): boolean { return this.i >= this.end; }
  remaining(): number { return this.end - this.i; }
  peek(): Token { return this.toks[this.i]; }
  peekAt(n: number): Token | undefined { return this.i + n < this.end ? this.toks[this.i + n] : undefined; }
  last(): Token { return this.toks[this.end - 1]; }
  dropLast(): void { this.end--; }
  peekIs(kind: Token['kind'], value?: string): boolean {
    const t = this.toks[this.i];
    return this.i < this.end && t.kind === kind && (value === undefined || t.value === value);
  }
  next(): Token {
    if (this.atEnd()) {
      const last = this.toks[this.end - 1];
      this.err(last?.pos ?? this.actionPos, 'unexpected end of action');
    }
    return this.toks[this.i++];
  }
  expectOp(op: string): Token {
    const t = this.next();
    if (t.kind !== 'op' || t.value !== op) this.err(t.pos, `expected "${op}", found ${describe(t)}`);
    return t;
  }
  expectIdent(): Token {
    const t = this.next();
    if (t.kind !== 'ident') this.err(t.pos, `expected a name, found ${describe(t)}`);
    return t;
  }
  done(): void {
    if (!this.atEnd()) this.err(this.peek().pos, `unexpected ${describe(this.peek())}`);
  }
  /** Index of a top-level `:=` / `=` in the rest of the action, or -1. */
  findAssign(): number {
    for (let j = this.i; j < this.end; j++) {
      const t = this.toks[j];
      if (t.kind === 'op' && (t.value === ':=' || t.value === '=')) return j;
      if (!(t.kind === 'ident' || (t.kind === 'op' && t.value === ','))) return -1;
    }
    return -1;
  }

  /** An action that is not a keyword: an assignment, or a value to print. */
  statement(): Stmt {
    const pos = this.peek().pos;
    if (this.findAssign() >= 0) {
      const names = [this.expectIdent().value];
      while (this.peekIs('op', ',')) {
        this.next();
        names.push(this.expectIdent().value);
      }
      const declare = this.next().value === ':=';
      const values = [this.pipeline()];
      while (this.peekIs('op', ',')) {
        this.next();
        values.push(this.pipeline());
      }
      if (values.length !== names.length) this.err(pos, `${names.length} names but ${values.length} values`);
      return { k: 'set', names, values, declare, pos };
    }
    return { k: 'print', x: this.pipeline(), pos };
  }

  /** `x | f | g: a, b | h(a, _)`, or prefix form `f: a, b` at the start. */
  pipeline(): Expr {
    const pos = this.peek()?.pos ?? this.actionPos;
    let x: Expr;
    const t = this.peek();
    if (t !== undefined && t.kind === 'ident' && this.peekAt(1)?.kind === 'op' && this.peekAt(1)?.value === ':') {
      this.next();
      this.next();
      x = { k: 'call', fn: { k: 'ident', name: t.value, pos: t.pos }, args: this.argList(), pos: t.pos };
    } else {
      x = this.ternary();
    }
    const stages: PipeStage[] = [];
    while (this.peekIs('op', '|')) {
      this.next();
      const f = this.expectIdent();
      let args: Expr[] = [];
      if (this.peekIs('op', '(')) {
        this.next();
        args = this.peekIs('op', ')') ? [] : this.argList();
        this.expectOp(')');
      } else if (this.peekIs('op', ':')) {
        this.next();
        args = this.argList();
      }
      stages.push({ name: f.value, args, hasSlot: args.some((a) => a.k === 'slot'), pos: f.pos });
    }
    return stages.length === 0 ? x : { k: 'pipe', x, stages, pos };
  }

  private argList(): Expr[] {
    const args = [this.ternary()];
    while (this.peekIs('op', ',')) {
      this.next();
      args.push(this.ternary());
    }
    return args;
  }

  ternary(): Expr {
    const cond = this.binary(0);
    if (!this.peekIs('op', '?')) return cond;
    const pos = this.next().pos;
    const a = this.ternary();
    this.expectOp(':');
    const b = this.ternary();
    return { k: 'ternary', cond, a, b, pos };
  }

  private static LEVELS: string[][] = [['||'], ['&&'], ['==', '!=', '<', '<=', '>', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Expr {
    if (level >= Tokens.LEVELS.length) return this.unary();
    let l = this.binary(level + 1);
    while (this.i < this.end && this.peek().kind === 'op' && Tokens.LEVELS[level].includes(this.peek().value)) {
      const op = this.next();
      const r = this.binary(level + 1);
      l = { k: 'binary', op: op.value, l, r, pos: op.pos };
    }
    return l;
  }

  private unary(): Expr {
    if (this.peekIs('op', '!') || this.peekIs('op', '-') || this.peekIs('op', '+')) {
      const op = this.next();
      return { k: 'unary', op: op.value, x: this.unary(), pos: op.pos };
    }
    return this.postfix(this.primary());
  }

  private postfix(x: Expr): Expr {
    for (;;) {
      if (this.peekIs('field')) {
        const t = this.next();
        x = { k: 'field', base: x, name: t.value, pos: t.pos };
      } else if (this.peekIs('op', '[')) {
        const pos = this.next().pos;
        let lo: Expr | undefined;
        if (!this.peekIs('op', ':')) lo = this.ternary();
        if (this.peekIs('op', ':')) {
          this.next();
          const hi = this.peekIs('op', ']') ? undefined : this.ternary();
          this.expectOp(']');
          x = { k: 'slice', base: x, lo, hi, pos };
        } else {
          this.expectOp(']');
          x = { k: 'index', base: x, index: lo!, pos };
        }
      } else if (this.peekIs('op', '(')) {
        this.next();
        const args = this.peekIs('op', ')') ? [] : this.argList();
        this.expectOp(')');
        // errors of a call point at what is called
        x = { k: 'call', fn: x, args, pos: x.pos };
      } else {
        return x;
      }
    }
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number': return { k: 'lit', value: Number(t.value), pos: t.pos };
      case 'string': return { k: 'lit', value: t.value, pos: t.pos };
      case 'dot': return { k: 'dot', pos: t.pos };
      case 'field': return { k: 'field', base: undefined, name: t.value, pos: t.pos };
      case 'ident':
        if (t.value === 'true' || t.value === 'false') return { k: 'lit', value: t.value === 'true', pos: t.pos };
        if (t.value === 'nil' || t.value === 'null') return { k: 'lit', value: undefined, pos: t.pos };
        if (t.value === '_') return { k: 'slot', pos: t.pos };
        return { k: 'ident', name: t.value, pos: t.pos };
      case 'op':
        if (t.value === '(') {
          const x = this.pipeline();
          this.expectOp(')');
          return x;
        }
    }
    return this.err(t.pos, `unexpected ${describe(t)}`);
  }

  /** `(a, b = "x")` after a block name */
  blockParams(): BlockParam[] {
    const params: BlockParam[] = [];
    this.expectOp('(');
    while (!this.peekIs('op', ')')) {
      const n = this.expectIdent().value;
      let def: Expr | undefined;
      if (this.peekIs('op', '=')) {
        this.next();
        def = this.ternary();
      }
      params.push({ name: n, default: def });
      if (!this.peekIs('op', ')')) this.expectOp(',');
    }
    this.expectOp(')');
    return params;
  }

  /** `(a = 1, b = x)` after a yielded block name */
  yieldArgs(): { name: string; value: Expr }[] {
    const args: { name: string; value: Expr }[] = [];
    this.expectOp('(');
    while (!this.peekIs('op', ')')) {
      const n = this.expectIdent().value;
      this.expectOp('=');
      args.push({ name: n, value: this.ternary() });
      if (!this.peekIs('op', ')')) this.expectOp(',');
    }
    this.expectOp(')');
    return args;
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'string': return `string ${JSON.stringify(t.value)}`;
    case 'field': return `field ".${t.value}"`;
    case 'dot': return '"."';
    default: return `"${t.value}"`;
  }
}
