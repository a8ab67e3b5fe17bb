// Recursive-descent parser for the Wippy Lua dialect: Lua 5.1 statements and expressions with
// the 5.3 operator set (integer division, bitwise operators), 5.4 `goto`/labels and local
// attributes, and the Luau-style type annotations of lua-core.md §2.4, which are parsed fully
// and kept in the AST's `type` fields but never affect the runtime AST.
//
// The structure follows Lua's own lparser.c closely (statement / subexpr / simpleexp /
// suffixedexp / primaryexp, the same operator priorities, the same goto/label bookkeeping) so
// that error messages and edge cases come out the way Lua users expect. Where the annotation
// syntax makes the grammar ambiguous, a bounded lookahead decides; nothing backtracks.

import type {
  BinaryOp, Block, CallExpr, Chunk, Expr, FunctionExpr, FunctionStat, IndexExpr, LocalStat,
  MethodCallExpr, Name, NameExpr, Param, Stat, StringExpr, TableExpr, TableField, TypeDeclStat,
  TypeExpr, UnaryOp,
} from './ast.js';
import { Lexer, LuaSyntaxError, Tok, isKeyword, tokenKindText } from './lexer.js';

export { LuaSyntaxError } from './lexer.js';

/** Parse a chunk. `source` is a byte string (char codes 0..255). Throws LuaSyntaxError. */
export function parse(source: string, chunkname: string): Chunk {
  return new Parser(source, chunkname).parseChunk();
}

// ------------------------------------------------------------------ operator tables

/** Lua 5.4's limit on nested syntactic levels (LUAI_MAXCCALLS); also keeps our recursion, and
 * the compiler's recursion over the AST, far from the JS stack limit. */
const MAX_LEVELS = 200;

/** Priority of unary operators: binds looser than `^` only. */
const UNARY_PRIORITY = 12;

// Binary operator priorities as in lparser.c: [left, right]; right < left makes an operator
// right associative (`..`, `^`). Indexed by token kind; 0 = not a binary operator.
const LEFT_PRI = new Uint8Array(Tok.Count);
const RIGHT_PRI = new Uint8Array(Tok.Count);
const BINARY_OP: BinaryOp[] = [];

function defBinary(tok: Tok, op: BinaryOp, left: number, right: number): void {
  LEFT_PRI[tok] = left;
  RIGHT_PRI[tok] = right;
  BINARY_OP[tok] = op;
}
defBinary(Tok.Or, 'or', 1, 1);
defBinary(Tok.And, 'and', 2, 2);
defBinary(Tok.Lt, '<', 3, 3);
defBinary(Tok.Gt, '>', 3, 3);
defBinary(Tok.Le, '<=', 3, 3);
defBinary(Tok.Ge, '>=', 3, 3);
defBinary(Tok.Ne, '~=', 3, 3);
defBinary(Tok.Eq, '==', 3, 3);
defBinary(Tok.Pipe, '|', 4, 4);
defBinary(Tok.Tilde, '~', 5, 5);
defBinary(Tok.Amp, '&', 6, 6);
defBinary(Tok.Shl, '<<', 7, 7);
defBinary(Tok.Shr, '>>', 7, 7);
defBinary(Tok.Concat, '..', 9, 8);
defBinary(Tok.Plus, '+', 10, 10);
defBinary(Tok.Minus, '-', 10, 10);
defBinary(Tok.Star, '*', 11, 11);
defBinary(Tok.Slash, '/', 11, 11);
defBinary(Tok.DSlash, '//', 11, 11);
defBinary(Tok.Percent, '%', 11, 11);
defBinary(Tok.Caret, '^', 14, 13);

const UNARY_OP: (UnaryOp | undefined)[] = [];
UNARY_OP[Tok.Not] = 'not';
UNARY_OP[Tok.Minus] = '-';
UNARY_OP[Tok.Hash] = '#';
UNARY_OP[Tok.Tilde] = '~';

/**
 * An exact-size copy of an array built with push(). Growing arrays keep spare capacity (at
 * least 17 slots); the AST is long-lived, so its arrays are compacted once when complete: the
 * growth array dies young, which costs the garbage collector nearly nothing.
 */
function fit<T>(a: T[]): T[] {
  return a.length === 0 ? [] : a.slice();
}

/** Token kinds that can start a type expression (decides whether `as` is a cast). */
const TYPE_START = new Uint8Array(Tok.Count);
for (const t of [Tok.Name, Tok.String, Tok.Number, Tok.Nil, Tok.True, Tok.False, Tok.Function,
  Tok.LBrace, Tok.LParen, Tok.Dots, Tok.Minus]) {
  TYPE_START[t] = 1;
}

// ------------------------------------------------------------------ scope bookkeeping

/** An active local variable (for const checks and goto scope checks). */
interface LocalVar {
  name: string;
  /** 'const' | 'close' | null */
  attrib: string | null;
}

/** A label, or a pending goto (`break` is a goto to the implicit label "break", as in 5.4). */
interface JumpDesc {
  name: string;
  line: number;
  /** number of active locals at that point (an index into Parser.actives) */
  nactvar: number;
}

/** A lexical block of the function being parsed. */
interface BlockScope {
  parent: BlockScope | null;
  isLoop: boolean;
  /** active locals when the block was entered */
  nactvar: number;
  /** first label / pending goto that belongs to this block */
  firstLabel: number;
  firstGoto: number;
}

/** The function being parsed. */
interface FuncState {
  parent: FuncState | null;
  isVararg: boolean;
  block: BlockScope;
  /** first label of this function in Parser.labels */
  firstLabel: number;
}

/** Result of a parenthesised group in type position that is a list, not a type: `(T, U)`. */
interface TypeList {
  list: TypeExpr[];
}

class Parser {
  private readonly lx: Lexer;
  private fs!: FuncState;
  /** active local variables of all functions being parsed, innermost last */
  private readonly actives: LocalVar[] = [];
  /** visible labels of all functions being parsed */
  private readonly labels: JumpDesc[] = [];
  /** gotos waiting for their label */
  private readonly gotos: JumpDesc[] = [];
  /** a const/close local was declared somewhere: only then do assignments need a check */
  private anyConst = false;
  /** nesting depth of statements / expressions / types */
  private depth = 0;
  /** set by primaryExp/suffixedExp: the expression was wrapped in `(...)` or `!` last, so it
   * is not assignable (`(a) = 1` is a syntax error) */
  private wrapped = false;

  constructor(
    source: string,
    private readonly chunkname: string,
  ) {
    this.lx = new Lexer(source, chunkname);
  }

  parseChunk(): Chunk {
    this.lx.next();
    this.openFunction(true); // the main chunk is a vararg function
    const stats = this.statList();
    const endLine = this.lx.tokLine;
    this.check(Tok.EOF);
    this.closeFunction();
    return { kind: 'Chunk', chunkname: this.chunkname, body: { stats, endLine } };
  }

  // ------------------------------------------------------------------ token helpers

  private error(message: string): LuaSyntaxError {
    return this.lx.errorNear(message);
  }

  private errorExpected(tok: Tok): LuaSyntaxError {
    return this.error(`'${tokenKindText(tok)}' expected`);
  }

  private check(tok: Tok): void {
    if (this.lx.tok !== tok) throw this.errorExpected(tok);
  }

  private checkNext(tok: Tok): void {
    if (this.lx.tok !== tok) throw this.errorExpected(tok);
    this.lx.next();
  }

  private testNext(tok: Tok): boolean {
    if (this.lx.tok === tok) {
      this.lx.next();
      return true;
    }
    return false;
  }

  /** Expect the token closing a construct opened by `who` at `line`, Lua-style. */
  private checkMatch(what: Tok, who: string, line: number): void {
    if (this.lx.tok !== what) throw this.errorMatching(what, who, line);
    this.lx.next();
  }

  /** The error for a missing closing token; the opening line is named when it differs. */
  private errorMatching(what: Tok, who: string, line: number): LuaSyntaxError {
    if (line === this.lx.tokEndLine) return this.errorExpected(what);
    return this.error(`'${tokenKindText(what)}' expected (to close '${who}' at line ${line})`);
  }

  private checkName(): string {
    if (this.lx.tok !== Tok.Name) throw this.error("'<name>' expected");
    const name = this.lx.sval;
    this.lx.next();
    return name;
  }

  /** The current token kind. (A method, so TypeScript does not keep a narrowed `lx.tok` type
   * across `lx.next()` calls.) */
  private cur(): Tok {
    return this.lx.tok;
  }

  /** A Name token as an AST Name (with its line). */
  private nameNode(): Name {
    const line = this.lx.tokLine;
    return { name: this.checkName(), line, $v: undefined };
  }

  /** Is the current token the contextual word `word`? (`as`, `extends`, `is`, ...) */
  private isWord(word: string): boolean {
    return this.lx.tok === Tok.Name && this.lx.sval === word;
  }

  private enterLevel(): void {
    if (++this.depth > MAX_LEVELS) throw this.lx.errorPlain('chunk has too many syntax levels');
  }

  private leaveLevel(): void {
    this.depth--;
  }

  /** Does the current token end a block? `until` only counts where a repeat body may end. */
  private blockFollow(withUntil: boolean): boolean {
    switch (this.lx.tok) {
      case Tok.Else: case Tok.Elseif: case Tok.End: case Tok.EOF:
        return true;
      case Tok.Until:
        return withUntil;
      default:
        return false;
    }
  }

  // ------------------------------------------------------------------ functions, blocks, scopes

  private openFunction(isVararg: boolean): void {
    const block: BlockScope = {
      parent: null, isLoop: false, nactvar: this.actives.length,
      firstLabel: this.labels.length, firstGoto: this.gotos.length,
    };
    this.fs = { parent: this.fs ?? null, isVararg, block, firstLabel: this.labels.length };
  }

  private closeFunction(): void {
    this.leaveBlock();
    this.fs = this.fs.parent!;
  }

  private enterBlock(isLoop: boolean): void {
    this.fs.block = {
      parent: this.fs.block, isLoop, nactvar: this.actives.length,
      firstLabel: this.labels.length, firstGoto: this.gotos.length,
    };
  }

  /** Close the current block: drop its locals and labels, resolve pending `break`s of a loop,
   * move unresolved gotos out to the enclosing block (or fail at the function's top block). */
  private leaveBlock(): void {
    const fs = this.fs;
    const bl = fs.block;
    this.actives.length = bl.nactvar;
    if (bl.isLoop) this.createLabel('break', 0, false);
    this.labels.length = bl.firstLabel;
    const gotos = this.gotos;
    if (bl.parent) {
      // the gotos now leave this block: its locals are out of scope for them
      for (let i = bl.firstGoto; i < gotos.length; i++) {
        if (gotos[i].nactvar > bl.nactvar) gotos[i].nactvar = bl.nactvar;
      }
      fs.block = bl.parent;
    } else if (bl.firstGoto < gotos.length) {
      const gt = gotos[bl.firstGoto];
      throw this.lx.errorPlain(gt.name === 'break'
        ? `break outside a loop at line ${gt.line}`
        : `no visible label '${gt.name}' for <goto> at line ${gt.line}`);
    }
  }

  /** A block in its own scope: `do ... end`, then/else parts, loop bodies. */
  private block(): Block {
    this.enterBlock(false);
    const stats = this.statList();
    const endLine = this.lx.tokLine;
    this.leaveBlock();
    return { stats, endLine };
  }

  private declareLocal(name: string, attrib: string | null): void {
    this.actives.push({ name, attrib });
  }

  /** Assigning to `name`: an error if it resolves to a `<const>`/`<close>` local. */
  private checkReadonly(name: string): void {
    if (!this.anyConst) return;
    const actives = this.actives;
    for (let i = actives.length - 1; i >= 0; i--) {
      if (actives[i].name === name) {
        if (actives[i].attrib !== null) {
          throw this.lx.errorPlain(`attempt to assign to const variable '${name}'`);
        }
        return;
      }
    }
  }

  private findLabel(name: string): JumpDesc | null {
    const labels = this.labels;
    for (let i = this.fs.firstLabel; i < labels.length; i++) {
      if (labels[i].name === name) return labels[i];
    }
    return null;
  }

  /** Register a label and resolve the pending gotos of the current block that target it.
   * A label that ends its block (`last`) counts as outside the scope of the block's locals. */
  private createLabel(name: string, line: number, last: boolean): void {
    const bl = this.fs.block;
    const label: JumpDesc = { name, line, nactvar: last ? bl.nactvar : this.actives.length };
    this.labels.push(label);
    const gotos = this.gotos;
    for (let i = bl.firstGoto; i < gotos.length;) {
      const gt = gotos[i];
      if (gt.name !== name) {
        i++;
        continue;
      }
      if (gt.nactvar < label.nactvar) {
        const local = this.actives[gt.nactvar].name;
        throw this.lx.errorPlain(
          `<goto ${name}> at line ${gt.line} jumps into the scope of local '${local}'`);
      }
      gotos.splice(i, 1);
    }
  }

  // ------------------------------------------------------------------ statements

  private statList(): Stat[] {
    const stats: Stat[] = [];
    while (!this.blockFollow(true)) {
      if (this.lx.tok === Tok.Return) {
        stats.push(this.returnStat());
        break; // `return` must be the last statement
      }
      this.statement(stats);
    }
    return fit(stats);
  }

  /** Parse one statement and append it to `stats` (labels may append several, see labelStat). */
  private statement(stats: Stat[]): void {
    const lx = this.lx;
    const line = lx.tokLine;
    this.enterLevel();
    switch (lx.tok) {
      case Tok.Semi:
        lx.next();
        break;
      case Tok.If:
        stats.push(this.ifStat(line));
        break;
      case Tok.While:
        stats.push(this.whileStat(line));
        break;
      case Tok.Do: {
        lx.next();
        const body = this.block();
        this.checkMatch(Tok.End, 'do', line);
        stats.push({ kind: 'Do', line, body });
        break;
      }
      case Tok.For:
        stats.push(this.forStat(line));
        break;
      case Tok.Repeat:
        stats.push(this.repeatStat(line));
        break;
      case Tok.Function:
        stats.push(this.functionStat(line));
        break;
      case Tok.Local:
        lx.next();
        if (this.testNext(Tok.Function)) stats.push(this.localFunctionStat(line));
        else stats.push(this.localStat(line));
        break;
      case Tok.DColon:
        this.labelStat(stats, line);
        break;
      case Tok.Break:
        lx.next();
        this.gotos.push({ name: 'break', line, nactvar: this.actives.length });
        stats.push({ kind: 'Break', line });
        break;
      case Tok.Goto:
        stats.push(this.gotoStat(line));
        break;
      case Tok.Name:
        if (!this.typeDeclaration(stats)) this.exprStat(stats);
        break;
      default:
        this.exprStat(stats);
    }
    this.leaveLevel();
  }

  private ifStat(line: number): Stat {
    const clauses: { cond: Expr; body: Block; line: number }[] = [];
    do {
      const clauseLine = this.lx.tokLine;
      this.lx.next(); // `if` / `elseif`
      const cond = this.expr();
      this.checkNext(Tok.Then);
      clauses.push({ cond, body: this.block(), line: clauseLine });
    } while (this.lx.tok === Tok.Elseif);
    const orelse = this.testNext(Tok.Else) ? this.block() : null;
    this.checkMatch(Tok.End, 'if', line);
    return { kind: 'If', line, clauses: fit(clauses), orelse };
  }

  private whileStat(line: number): Stat {
    this.lx.next();
    const cond = this.expr();
    this.enterBlock(true);
    this.checkNext(Tok.Do);
    const body = this.block();
    this.checkMatch(Tok.End, 'while', line);
    this.leaveBlock();
    return { kind: 'While', line, cond, body };
  }

  private repeatStat(line: number): Stat {
    this.lx.next();
    this.enterBlock(true); // the loop
    this.enterBlock(false); // its body, whose scope extends over the `until` condition
    const stats = this.statList();
    const endLine = this.lx.tokLine;
    this.checkMatch(Tok.Until, 'repeat', line);
    const cond = this.expr();
    this.leaveBlock();
    this.leaveBlock();
    return { kind: 'Repeat', line, body: { stats, endLine }, cond };
  }

  private forStat(line: number): Stat {
    const lx = this.lx;
    lx.next();
    this.enterBlock(true);
    const first: Name = this.nameNode();
    this.skipOptionalType();
    let stat: Stat;
    if (lx.tok === Tok.Assign) {
      lx.next();
      const start = this.expr();
      this.checkNext(Tok.Comma);
      const limit = this.expr();
      const step = this.testNext(Tok.Comma) ? this.expr() : null;
      this.declareLocal(first.name, null);
      this.checkNext(Tok.Do);
      const body = this.block();
      stat = { kind: 'NumericFor', line, var: first, start, limit, step, body };
    } else if (lx.tok === Tok.Comma || lx.tok === Tok.In) {
      const names = [first];
      while (this.testNext(Tok.Comma)) {
        names.push(this.nameNode());
        this.skipOptionalType();
      }
      this.checkNext(Tok.In);
      const exprs = this.exprList();
      for (const n of names) this.declareLocal(n.name, null);
      this.checkNext(Tok.Do);
      const body = this.block();
      stat = { kind: 'GenericFor', line, names: fit(names), exprs, body };
    } else {
      throw this.error("'=' or 'in' expected");
    }
    this.checkMatch(Tok.End, 'for', line);
    this.leaveBlock();
    return stat;
  }

  /** `for i: integer = ...`: loop variables may carry an annotation; nothing to keep. */
  private skipOptionalType(): void {
    if (this.testNext(Tok.Colon)) this.parseType();
  }

  private functionStat(line: number): FunctionStat {
    const lx = this.lx;
    lx.next();
    const path: Name[] = [this.nameNode()];
    let fullName = path[0].name;
    while (this.testNext(Tok.Dot)) {
      const name = this.nameNode();
      path.push(name);
      fullName += '.' + name.name;
    }
    let method: Name | null = null;
    if (this.testNext(Tok.Colon)) {
      method = this.nameNode();
      fullName += ':' + method.name;
    }
    const func = this.funcBody(line, fullName, method !== null);
    if (path.length === 1 && method === null) this.checkReadonly(path[0].name);
    return { kind: 'Function', line, path, method, func };
  }

  private localFunctionStat(line: number): Stat {
    const name: Name = this.nameNode();
    this.declareLocal(name.name, null); // visible in its own body, for recursion
    const func = this.funcBody(line, name.name, false);
    return { kind: 'LocalFunction', line, name, func };
  }

  /** `local n1 [<attrib>] [: T], ... [= explist]` */
  private localStat(line: number): LocalStat {
    const names: Name[] = [];
    const attribs: (string | null)[] = [];
    const types: (TypeExpr | null)[] = [];
    let hasClose = false;
    do {
      names.push(this.nameNode());
      const attrib = this.localAttrib();
      if (attrib === 'close') {
        if (hasClose) throw this.lx.errorPlain('multiple to-be-closed variables in local list');
        hasClose = true;
      }
      attribs.push(attrib);
      types.push(this.testNext(Tok.Colon) ? this.parseType() : null);
    } while (this.testNext(Tok.Comma));
    const exprs = this.testNext(Tok.Assign) ? this.exprList() : [];
    for (let i = 0; i < names.length; i++) this.declareLocal(names[i].name, attribs[i]);
    return { kind: 'Local', line, names: fit(names), attribs: fit(attribs), types: fit(types), exprs };
  }

  /** Lua 5.4 `<const>` / `<close>` after a local's name. */
  private localAttrib(): string | null {
    if (this.lx.tok !== Tok.Lt) return null;
    this.lx.next();
    const attrib = this.checkName();
    this.lx.splitGreater(); // `<const>=` lexes as `>=`
    this.checkNext(Tok.Gt);
    if (attrib !== 'const' && attrib !== 'close') {
      throw this.lx.errorPlain(`unknown attribute '${attrib}'`);
    }
    this.anyConst = true;
    return attrib;
  }

  private returnStat(): Stat {
    const line = this.lx.tokLine;
    this.lx.next();
    const exprs = this.blockFollow(true) || this.lx.tok === Tok.Semi ? [] : this.exprList();
    this.testNext(Tok.Semi);
    return { kind: 'Return', line, exprs };
  }

  private gotoStat(line: number): Stat {
    this.lx.next();
    const label = this.checkName();
    // a visible label means a backward jump, always legal; otherwise wait for the label
    if (this.findLabel(label) === null) {
      this.gotos.push({ name: label, line, nactvar: this.actives.length });
    }
    return { kind: 'Goto', line, label };
  }

  /**
   * `::name::`. As in Lua 5.4, the no-op statements that follow (`;` and more labels) are
   * parsed first, so that a label followed only by them up to the end of its block is known
   * to be "last" and thus outside the scope of the block's locals.
   */
  private labelStat(stats: Stat[], line: number): void {
    this.lx.next();
    const label = this.checkName();
    this.checkNext(Tok.DColon);
    stats.push({ kind: 'Label', line, label });
    while (this.lx.tok === Tok.Semi || this.lx.tok === Tok.DColon) this.statement(stats);
    const prev = this.findLabel(label);
    if (prev !== null) {
      throw this.lx.errorPlain(`label '${label}' already defined on line ${prev.line}`);
    }
    this.createLabel(label, line, this.blockFollow(false));
  }

  /** An expression statement: an assignment or a function call. */
  private exprStat(stats: Stat[]): void {
    const line = this.lx.tokLine;
    const e = this.suffixedExp();
    if (this.lx.tok === Tok.Assign || this.lx.tok === Tok.Comma) {
      const targets: (NameExpr | IndexExpr)[] = [this.assignTarget(e)];
      while (this.testNext(Tok.Comma)) targets.push(this.assignTarget(this.suffixedExp()));
      this.checkNext(Tok.Assign);
      stats.push({ kind: 'Assign', line, targets: fit(targets), exprs: this.exprList() });
    } else {
      if (e.kind !== 'Call' && e.kind !== 'MethodCall') throw this.error('syntax error');
      stats.push({ kind: 'CallStat', line: e.line, call: e });
    }
  }

  private assignTarget(e: Expr): NameExpr | IndexExpr {
    if (this.wrapped || (e.kind !== 'Name' && e.kind !== 'Index')) throw this.error('syntax error');
    if (e.kind === 'Name') this.checkReadonly(e.name);
    return e;
  }

  // ------------------------------------------------------------------ type declarations

  /**
   * At a Name at statement start: `type X = T`, `interface X ... end`, `export type X = T`.
   * Two names in a row are never valid Lua, so one token of lookahead decides, and `type(x)`
   * stays a call. Returns false when this is not a declaration.
   */
  private typeDeclaration(stats: Stat[]): boolean {
    const lx = this.lx;
    const word = lx.sval;
    if (word !== 'type' && word !== 'interface' && word !== 'export') return false;
    if (lx.peek() !== Tok.Name) return false;
    const start = lx.tokStart;
    const line = lx.tokLine;
    let kind = word;
    if (word === 'export') {
      const next = lx.peekSval();
      if (next !== 'type' && next !== 'interface') return false;
      lx.next();
      kind = next;
    }
    lx.next();
    const name = this.checkName();
    const generics = lx.tok === Tok.Lt ? this.genericParams() : [];
    if (kind === 'type') {
      this.checkNext(Tok.Assign);
      this.parseType();
    } else {
      this.interfaceBody(line);
    }
    const decl: TypeDeclStat = {
      kind: 'TypeDecl', line, name, generics, text: lx.slice(start, lx.prevEnd),
    };
    stats.push(decl);
    return true;
  }

  /** `[: Base {, Base}] {member} end` of an interface declaration. */
  private interfaceBody(line: number): void {
    const lx = this.lx;
    if (this.testNext(Tok.Colon)) {
      do this.parsePrimaryType(); while (this.testNext(Tok.Comma));
    }
    while (lx.tok !== Tok.End) {
      if (lx.tok === Tok.Semi || lx.tok === Tok.Comma) {
        lx.next();
      } else if (lx.tok === Tok.Function) {
        // a method signature: function name[<T>](params) [: returns]
        lx.next();
        this.checkName();
        if (this.cur() === Tok.Lt) this.genericParams();
        this.typedParamList();
        if (this.testNext(Tok.Colon)) this.returnTypes();
      } else if (this.atRecordField()) {
        this.recordField();
      } else {
        throw this.errorMatching(Tok.End, 'interface', line);
      }
    }
    this.checkMatch(Tok.End, 'interface', line);
  }

  /** `<T, U: Bound, V = Default>` after a function or type name; returns the names. */
  private genericParams(): string[] {
    this.lx.next(); // <
    const names: string[] = [];
    do {
      names.push(this.checkName());
      if (this.testNext(Tok.Colon)) this.parseType();
      if (this.testNext(Tok.Assign)) this.parseType();
    } while (this.testNext(Tok.Comma));
    this.closeAngle();
    return names;
  }

  /** Expect the `>` closing generics, splitting `>>` / `>=` tokens. */
  private closeAngle(): void {
    this.lx.splitGreater();
    this.checkNext(Tok.Gt);
  }

  /** `(name: T, name2, ...: T)` of a signature without body (interface methods). */
  private typedParamList(): void {
    const line = this.lx.tokLine;
    this.checkNext(Tok.LParen);
    if (this.lx.tok !== Tok.RParen) {
      do {
        if (this.testNext(Tok.Dots)) {
          this.skipOptionalType();
          break;
        }
        this.checkName();
        this.skipOptionalType();
      } while (this.testNext(Tok.Comma));
    }
    this.checkMatch(Tok.RParen, '(', line);
  }

  // ------------------------------------------------------------------ function bodies

  /**
   * `[<generics>] (params) [: returns] block end`. `line` is the line of `function`; `name` is
   * the name used in tracebacks; methods get `self` as their first parameter.
   */
  private funcBody(line: number, name: string | null, isMethod: boolean): FunctionExpr {
    const lx = this.lx;
    const generics = lx.tok === Tok.Lt ? this.genericParams() : [];
    this.checkNext(Tok.LParen);
    this.openFunction(false);
    const params: Param[] = [];
    if (isMethod) {
      params.push({ name: { name: 'self', line, $v: undefined }, type: null });
      this.declareLocal('self', null);
    }
    let isVararg = false;
    if (lx.tok !== Tok.RParen) {
      do {
        if (lx.tok === Tok.Name) {
          const pname: Name = { name: lx.sval, line: lx.tokLine, $v: undefined };
          lx.next();
          const type = this.testNext(Tok.Colon) ? this.parseType() : null;
          params.push({ name: pname, type });
          this.declareLocal(pname.name, null);
        } else if (lx.tok === Tok.Dots) {
          lx.next();
          isVararg = true;
          this.skipOptionalType(); // `...: T`
          break;
        } else {
          throw this.error("<name> or '...' expected");
        }
      } while (this.testNext(Tok.Comma));
    }
    this.fs.isVararg = isVararg;
    this.checkNext(Tok.RParen);
    const returnTypes = this.testNext(Tok.Colon) ? this.returnTypes() : null;
    const stats = this.statList();
    const endLine = lx.tokLine;
    this.checkMatch(Tok.End, 'function', line);
    this.closeFunction();
    return {
      kind: 'Function', line, endLine, params: fit(params), isVararg, body: { stats, endLine }, name,
      generics, returnTypes,
    };
  }

  // ------------------------------------------------------------------ expressions

  private exprList(): Expr[] {
    const first = this.expr();
    if (this.lx.tok !== Tok.Comma) return [first];
    const list = [first];
    while (this.testNext(Tok.Comma)) list.push(this.expr());
    return fit(list);
  }

  private expr(): Expr {
    return this.subExpr(0);
  }

  /** Operator-precedence parsing: parse operators binding tighter than `limit`. */
  private subExpr(limit: number): Expr {
    const lx = this.lx;
    this.enterLevel();
    let e: Expr;
    const uop = UNARY_OP[lx.tok];
    if (uop !== undefined) {
      const line = lx.tokLine;
      lx.next();
      e = { kind: 'Unary', line, op: uop, operand: this.subExpr(UNARY_PRIORITY) };
    } else {
      e = this.simpleExp();
    }
    for (;;) {
      const op = lx.tok;
      if (LEFT_PRI[op] <= limit) break; // 0 for anything that is not a binary operator
      const line = lx.tokLine;
      lx.next();
      const right = this.subExpr(RIGHT_PRI[op]);
      e = { kind: 'Binary', line, op: BINARY_OP[op], left: e, right };
    }
    this.leaveLevel();
    return e;
  }

  /** Literals, constructors, function expressions, or a suffixed expression; then casts. */
  private simpleExp(): Expr {
    const lx = this.lx;
    const line = lx.tokLine;
    let e: Expr;
    switch (lx.tok) {
      case Tok.Number:
        e = { kind: 'Number', line, value: lx.nval };
        lx.next();
        break;
      case Tok.String:
        e = { kind: 'String', line, value: lx.sval };
        lx.next();
        break;
      case Tok.Nil:
        e = { kind: 'Nil', line };
        lx.next();
        break;
      case Tok.True:
        e = { kind: 'True', line };
        lx.next();
        break;
      case Tok.False:
        e = { kind: 'False', line };
        lx.next();
        break;
      case Tok.Dots:
        if (!this.fs.isVararg) throw this.error("cannot use '...' outside a vararg function");
        e = { kind: 'Vararg', line };
        lx.next();
        break;
      case Tok.LBrace:
        e = this.tableCons();
        break;
      case Tok.Function:
        lx.next();
        e = this.funcBody(line, null, false);
        break;
      default:
        e = this.suffixedExp();
    }
    // casts `e :: T` / `e as T` bind tighter than binary operators; they leave no node
    for (;;) {
      if (lx.tok === Tok.DColon) {
        if (this.labelAhead()) break;
        lx.next();
        this.parseType();
      } else if (lx.tok === Tok.Name && lx.sval === 'as' && this.asIsCast()) {
        lx.next();
        this.parseType();
      } else {
        break;
      }
    }
    return e;
  }

  /**
   * At the word `as` after an expression: a cast, or a variable named `as` starting the next
   * statement? Only a token that can start a type makes it a cast; and as `as(x)`, `as{...}`,
   * `as"..."` are also calls, those count as casts only on the expression's own line.
   */
  private asIsCast(): boolean {
    const lx = this.lx;
    const next = lx.peek();
    if (!TYPE_START[next]) return false;
    if (next === Tok.LParen || next === Tok.LBrace || next === Tok.String) {
      return lx.tokLine === lx.prevEndLine;
    }
    return true;
  }

  /**
   * At `::` after an expression: is it a label `::name::` starting the next statement rather
   * than a cast? `::A::` is a label, except in `:: A ::b::`, a cast to A followed by a label
   * (a label cannot be followed by `b ::`, which is no statement).
   */
  private labelAhead(): boolean {
    const lx = this.lx;
    const next = lx.peek();
    if (next !== Tok.Name) return !TYPE_START[next]; // `::` + non-type: a (broken) label

    const m = lx.mark();
    lx.next();
    lx.next();
    let isLabel = false;
    if (lx.tok === Tok.DColon) {
      lx.next();
      isLabel = !(this.cur() === Tok.Name && lx.peek() === Tok.DColon);
    }
    lx.reset(m);
    return isLabel;
  }

  /** A Name or a parenthesised expression. */
  private primaryExp(): Expr {
    const lx = this.lx;
    const line = lx.tokLine;
    if (lx.tok === Tok.Name) {
      const e: NameExpr = { kind: 'Name', line, name: lx.sval, $v: undefined };
      lx.next();
      this.wrapped = false;
      return e;
    }
    if (lx.tok === Tok.LParen) {
      lx.next();
      const inner = this.expr();
      this.checkMatch(Tok.RParen, '(', line);
      this.wrapped = true;
      // parentheses only matter where they truncate multiple values to one
      if (inner.kind === 'Call' || inner.kind === 'MethodCall' || inner.kind === 'Vararg') {
        return { kind: 'Paren', line, expr: inner };
      }
      return inner;
    }
    throw this.error('unexpected symbol');
  }

  /** primaryexp { '.' Name | '[' exp ']' | ':' Name args | args | '!' } */
  private suffixedExp(): Expr {
    const lx = this.lx;
    const line = lx.tokLine; // calls carry the line where the expression starts (as Lua 5.4)
    let e = this.primaryExp();
    for (;;) {
      switch (lx.tok) {
        case Tok.Dot: {
          const keyLine = lx.tokLine;
          lx.next();
          const key: StringExpr = { kind: 'String', line: lx.tokLine, value: this.checkName() };
          e = { kind: 'Index', line: keyLine, obj: e, key };
          this.wrapped = false;
          break;
        }
        case Tok.LBracket: {
          const keyLine = lx.tokLine;
          lx.next();
          const key = this.expr();
          this.checkNext(Tok.RBracket);
          e = { kind: 'Index', line: keyLine, obj: e, key };
          this.wrapped = false;
          break;
        }
        case Tok.Colon: {
          lx.next();
          const method = this.checkName();
          const call: MethodCallExpr = { kind: 'MethodCall', line, obj: e, method, args: this.callArgs() };
          e = call;
          this.wrapped = false;
          break;
        }
        case Tok.LParen: case Tok.String: case Tok.LBrace: {
          const call: CallExpr = { kind: 'Call', line, func: e, args: this.callArgs() };
          e = call;
          this.wrapped = false;
          break;
        }
        case Tok.Bang: // non-nil assertion `e!`: no runtime effect, no node
          lx.next();
          this.wrapped = true;
          break;
        default:
          return e;
      }
    }
  }

  /** `(explist)`, a table constructor, or a string literal. */
  private callArgs(): Expr[] {
    const lx = this.lx;
    switch (lx.tok) {
      case Tok.LParen: {
        const line = lx.tokLine;
        lx.next();
        const args = this.cur() === Tok.RParen ? [] : this.exprList();
        this.checkMatch(Tok.RParen, '(', line);
        return args;
      }
      case Tok.LBrace:
        return [this.tableCons()];
      case Tok.String: {
        const arg: StringExpr = { kind: 'String', line: lx.tokLine, value: lx.sval };
        lx.next();
        return [arg];
      }
      default:
        throw this.error('function arguments expected');
    }
  }

  private tableCons(): TableExpr {
    const lx = this.lx;
    const line = lx.tokLine;
    this.checkNext(Tok.LBrace);
    const fields: TableField[] = [];
    while (lx.tok !== Tok.RBrace) {
      if (lx.tok === Tok.Name && lx.peek() === Tok.Assign) {
        const key: StringExpr = { kind: 'String', line: lx.tokLine, value: lx.sval };
        lx.next();
        lx.next();
        fields.push({ type: 'named', key, value: this.expr() });
      } else if (lx.tok === Tok.LBracket) {
        lx.next();
        const key = this.expr();
        this.checkNext(Tok.RBracket);
        this.checkNext(Tok.Assign);
        fields.push({ type: 'keyed', key, value: this.expr() });
      } else {
        fields.push({ type: 'pos', key: null, value: this.expr() });
      }
      if (!this.testNext(Tok.Comma) && !this.testNext(Tok.Semi)) break;
    }
    this.checkMatch(Tok.RBrace, '{', line);
    return { kind: 'Table', line, fields: fit(fields) };
  }

  // ------------------------------------------------------------------ type expressions
  //
  // type   := inter { '|' inter } | simple 'extends' simple '?' type ':' type
  // inter  := simple { '&' simple }
  // simple := primary [annotations] { '?' [annotations] }
  // primary:= atom { '[' ']' | '[' type ']' }
  //
  // Each level can start from an already-parsed atom, which is how a parenthesised group
  // that turned out to be a single type continues (`(A | B)?`, `(x) -> y | nil`).

  private parseType(atom?: TypeExpr): TypeExpr {
    const lx = this.lx;
    this.enterLevel();
    // a leading separator is allowed for multi-line unions: `type R =\n | A\n | B`
    if (atom === undefined && (lx.tok === Tok.Pipe || lx.tok === Tok.Amp)) lx.next();
    let t = this.parseIntersection(atom);
    if (lx.tok === Tok.Pipe) {
      const types = [t];
      while (this.testNext(Tok.Pipe)) types.push(this.parseIntersection());
      t = { kind: 'TUnion', types };
    } else if (t.kind !== 'TIntersection' && this.isWord('extends') && this.extendsIsOperator()) {
      t = this.conditionalType(t);
    }
    this.leaveLevel();
    return t;
  }

  /** `extends` could also start the next statement (`extends = 1`) after a return type. */
  private extendsIsOperator(): boolean {
    const next = this.lx.peek();
    return next !== Tok.Assign && next !== Tok.Comma && next !== Tok.Dot &&
      next !== Tok.LBracket && next !== Tok.Colon;
  }

  /** `check extends ext ? then : else` (the current token is `extends`). */
  private conditionalType(check: TypeExpr): TypeExpr {
    const lx = this.lx;
    lx.next();
    let ext = this.parseSimpleType();
    if (!this.testNext(Tok.Question)) {
      // `B ? C` was read as the optional type `B?`: that `?` was the conditional's
      if (ext.kind !== 'TOptional') throw this.errorExpected(Tok.Question);
      ext = ext.inner;
    }
    const then = this.parseType();
    this.checkNext(Tok.Colon);
    const otherwise = this.parseType();
    return { kind: 'TConditional', check, ext, then, else: otherwise };
  }

  private parseIntersection(atom?: TypeExpr): TypeExpr {
    const t = this.parseSimpleType(atom);
    if (this.lx.tok !== Tok.Amp) return t;
    const types = [t];
    while (this.testNext(Tok.Amp)) types.push(this.parseSimpleType());
    return { kind: 'TIntersection', types };
  }

  private parseSimpleType(atom?: TypeExpr): TypeExpr {
    let t = this.parsePrimaryType(atom);
    this.skipAnnotations();
    while (this.testNext(Tok.Question)) {
      t = { kind: 'TOptional', inner: t };
      this.skipAnnotations();
    }
    return t;
  }

  private parsePrimaryType(atom?: TypeExpr): TypeExpr {
    let t = atom ?? this.parseTypeAtom();
    while (this.lx.tok === Tok.LBracket) {
      this.lx.next();
      if (this.testNext(Tok.RBracket)) {
        t = { kind: 'TArray', elem: t };
      } else {
        const index = this.parseType();
        this.checkNext(Tok.RBracket);
        t = { kind: 'TIndexed', obj: t, index };
      }
    }
    return t;
  }

  private parseTypeAtom(): TypeExpr {
    const lx = this.lx;
    switch (lx.tok) {
      case Tok.Name:
        return this.namedType();
      case Tok.Nil:
        lx.next();
        return { kind: 'TLiteral', value: null };
      case Tok.True:
        lx.next();
        return { kind: 'TLiteral', value: true };
      case Tok.False:
        lx.next();
        return { kind: 'TLiteral', value: false };
      case Tok.String: {
        const value = lx.sval;
        lx.next();
        return { kind: 'TLiteral', value };
      }
      case Tok.Number: {
        const value = lx.nval;
        lx.next();
        return { kind: 'TLiteral', value };
      }
      case Tok.Minus:
        if (lx.peek() === Tok.Number) {
          lx.next();
          const value = -lx.nval;
          lx.next();
          return { kind: 'TLiteral', value };
        }
        break;
      case Tok.Function: // `x: function` is common shorthand for "some function"
        lx.next();
        return { kind: 'TName', name: 'function', args: [] };
      case Tok.LBrace:
        return this.braceType();
      case Tok.LParen: {
        const t = this.parenType(false);
        return t as TypeExpr; // parenType(false) never returns a list
      }
      case Tok.Dots:
        lx.next();
        return { kind: 'TVararg', type: this.parseSimpleType() };
      default:
        break;
    }
    throw this.error('type expected');
  }

  /** A type starting with a Name: a (qualified, generic) type name or a contextual form. */
  private namedType(): TypeExpr {
    const lx = this.lx;
    const word = lx.sval;
    switch (word) {
      case 'fun':
        if (lx.peek() === Tok.LParen) return this.funType();
        break;
      case 'interface':
      case 'readonly':
        if (lx.peek() === Tok.LBrace) {
          lx.next();
          const t = this.braceType();
          if (t.kind === 'TRecord') {
            if (word === 'interface') t.iface = true;
            else t.readonly = true;
          } else if (t.kind === 'TMap' && word === 'readonly') {
            t.readonly = true;
          }
          return t;
        }
        break;
      case 'typeof':
        if (lx.peek() === Tok.LParen) {
          lx.next();
          const line = lx.tokLine;
          lx.next();
          const expr = this.expr();
          this.checkMatch(Tok.RParen, '(', line);
          return { kind: 'TTypeof', expr };
        }
        break;
      case 'keyof':
        if (lx.peek() === Tok.LParen) {
          lx.next();
          const line = lx.tokLine;
          lx.next();
          const inner = this.parseType();
          this.checkMatch(Tok.RParen, '(', line);
          return { kind: 'TKeyof', inner };
        }
        break;
      case 'asserts':
        if (lx.peek() === Tok.Name) {
          lx.next();
          const name = this.checkName();
          let type: TypeExpr | null = null;
          if (this.isWord('is')) {
            lx.next();
            type = this.parseType();
          }
          return { kind: 'TAsserts', name, type };
        }
        break;
    }
    let name = word;
    lx.next();
    while (lx.tok === Tok.Dot) {
      lx.next();
      name += '.' + this.checkName();
    }
    const args: TypeExpr[] = [];
    if (this.testNext(Tok.Lt)) {
      do args.push(this.parseType()); while (this.testNext(Tok.Comma));
      this.closeAngle();
    }
    return { kind: 'TName', name, args };
  }

  /** `fun(params) [: returns]` (the current token is `fun`). */
  private funType(): TypeExpr {
    this.lx.next();
    const fn = this.parenType(false, true) as TypeExpr & { kind: 'TFunction' };
    if (this.testNext(Tok.Colon)) fn.returns = this.funcTypeReturns();
    return fn;
  }

  /**
   * A parenthesised group in type position. It is a function type when `->` follows (or when
   * `forceFunction`, for `fun(...)`); otherwise a single unnamed item is just a parenthesised
   * type, and — only where `allowList` (return annotations) — anything else is a type list:
   * `(T, U)`, `()`.
   */
  private parenType(allowList: boolean, forceFunction = false): TypeExpr | TypeList {
    const lx = this.lx;
    const line = lx.tokLine;
    this.checkNext(Tok.LParen);
    const params: { name: string | null; type: TypeExpr }[] = [];
    let vararg: TypeExpr | null = null;
    let named = false;
    if (lx.tok !== Tok.RParen) {
      do {
        if (this.testNext(Tok.Dots)) {
          this.testNext(Tok.Colon); // `...: T` or `...T`
          vararg = this.parseType();
          break;
        }
        if ((lx.tok === Tok.Name || isKeyword(lx.tok)) && lx.peek() === Tok.Colon) {
          const name = lx.tok === Tok.Name ? lx.sval : tokenKindText(lx.tok);
          lx.next();
          lx.next();
          params.push({ name, type: this.parseType() });
          named = true;
        } else {
          params.push({ name: null, type: this.parseType() });
        }
      } while (this.testNext(Tok.Comma));
    }
    this.checkMatch(Tok.RParen, '(', line);
    if (forceFunction) return { kind: 'TFunction', params, vararg, returns: [] };
    if (this.testNext(Tok.Arrow)) {
      return { kind: 'TFunction', params, vararg, returns: this.funcTypeReturns() };
    }
    if (!named && vararg === null && params.length === 1) return params[0].type;
    if (allowList && !named) {
      const list = params.map((p) => p.type);
      if (vararg !== null) list.push({ kind: 'TVararg', type: vararg });
      return { list };
    }
    throw this.errorExpected(Tok.Arrow);
  }

  /** Returns of a function type: one type, or a parenthesised list `(A, B)` / `()`. */
  private funcTypeReturns(): TypeExpr[] {
    if (this.lx.tok !== Tok.LParen) return [this.parseType()];
    const r = this.parenType(true);
    return 'list' in r ? r.list : [this.parseType(r)];
  }

  /** Return annotation of a function with a body or an interface method: one or more types,
   * unparenthesised (`: string?, string?`) or parenthesised (`: (T, U)`, `: ()`). */
  private returnTypes(): TypeExpr[] {
    let first: TypeExpr;
    if (this.lx.tok === Tok.LParen) {
      const r = this.parenType(true);
      if ('list' in r) return r.list;
      first = this.parseType(r);
    } else {
      first = this.parseType();
    }
    const types = [first];
    while (this.testNext(Tok.Comma)) types.push(this.parseType());
    return types;
  }

  /** `{}`, `{T}`, `{[K]: V}`, `{name: T, opt?: U}`, `interface`/`readonly` bodies. */
  private braceType(): TypeExpr {
    const lx = this.lx;
    const line = lx.tokLine;
    lx.next(); // {
    const fields: { name: string; optional: boolean; type: TypeExpr }[] = [];
    let map: TypeExpr | null = null;
    if (lx.tok !== Tok.RBrace && lx.tok !== Tok.LBracket && !this.atRecordField()) {
      const elem = this.parseType();
      this.testNext(Tok.Comma);
      this.checkMatch(Tok.RBrace, '{', line);
      return { kind: 'TArray', elem };
    }
    while (lx.tok !== Tok.RBrace) {
      if (lx.tok === Tok.LBracket) {
        lx.next();
        const key = this.parseType();
        this.checkNext(Tok.RBracket);
        this.checkNext(Tok.Colon);
        const value = this.parseType();
        map ??= { kind: 'TMap', key, value };
      } else if (this.atRecordField()) {
        fields.push(this.recordField());
      } else {
        throw this.errorMatching(Tok.RBrace, '{', line);
      }
      if (!this.testNext(Tok.Comma) && !this.testNext(Tok.Semi)) break;
    }
    this.checkMatch(Tok.RBrace, '{', line);
    // index signatures mixed with named fields are kept as a record (types are kept loosely)
    if (map !== null && fields.length === 0) return map;
    return { kind: 'TRecord', fields };
  }

  /** At `name:` or `name?:` (name may be a reserved word) inside a record or interface? */
  private atRecordField(): boolean {
    const lx = this.lx;
    if (lx.tok !== Tok.Name && !isKeyword(lx.tok)) return false;
    const next = lx.peek();
    if (next === Tok.Colon) return true;
    if (next !== Tok.Question) return false;
    // `{T?}` (array of optional) vs `{name?: T}`: look one token further
    const m = lx.mark();
    lx.next();
    lx.next();
    const isField = lx.tok === Tok.Colon;
    lx.reset(m);
    return isField;
  }

  /** `name[?]: T [annotations]` (the caller has checked atRecordField). */
  private recordField(): { name: string; optional: boolean; type: TypeExpr } {
    const lx = this.lx;
    const name = lx.tok === Tok.Name ? lx.sval : tokenKindText(lx.tok);
    lx.next();
    const optional = this.testNext(Tok.Question);
    this.checkNext(Tok.Colon);
    return { name, optional, type: this.parseType() };
  }

  /** Validator annotations `@name` / `@name(args)` after a type; parsed and dropped. */
  private skipAnnotations(): void {
    const lx = this.lx;
    while (lx.tok === Tok.At) {
      lx.next();
      if (this.cur() !== Tok.Name && !isKeyword(lx.tok)) throw this.error("'<name>' expected");
      lx.next();
      if (this.cur() === Tok.LParen) {
        const line = lx.tokLine;
        lx.next();
        if (this.cur() !== Tok.RParen) this.exprList();
        this.checkMatch(Tok.RParen, '(', line);
      }
    }
  }
}
