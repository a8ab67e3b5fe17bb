// The Lua AST: plain data produced by the parser and consumed by the compiler passes.
// Every node carries the 1-based source line where it starts; the compiler uses it for
// error positions and tracebacks. Type annotations are kept (field `type`) so a future
// linter can read them; code generation ignores them.

export type Node = Stat | Expr;

export interface Block {
  stats: Stat[];
  /** line of the token that closes the block (`end`, `until`, EOF) */
  endLine: number;
}

// ---------------------------------------------------------------- statements

export type Stat =
  | LocalStat
  | AssignStat
  | CallStat
  | DoStat
  | WhileStat
  | RepeatStat
  | IfStat
  | NumericForStat
  | GenericForStat
  | FunctionStat
  | LocalFunctionStat
  | ReturnStat
  | BreakStat
  | GotoStat
  | LabelStat
  | TypeDeclStat;

export interface LocalStat {
  kind: 'Local';
  line: number;
  names: Name[];
  /** Lua 5.4 attribs `<const>` / `<close>`, parallel to names (null when absent) */
  attribs: (string | null)[];
  types: (TypeExpr | null)[];
  exprs: Expr[];
}

export interface AssignStat {
  kind: 'Assign';
  line: number;
  targets: (NameExpr | IndexExpr)[];
  exprs: Expr[];
}

export interface CallStat {
  kind: 'CallStat';
  line: number;
  call: CallExpr | MethodCallExpr;
}

export interface DoStat {
  kind: 'Do';
  line: number;
  body: Block;
}

export interface WhileStat {
  kind: 'While';
  line: number;
  cond: Expr;
  body: Block;
}

export interface RepeatStat {
  kind: 'Repeat';
  line: number;
  body: Block;
  cond: Expr;
}

export interface IfStat {
  kind: 'If';
  line: number;
  /** `if` and every `elseif`, in order */
  clauses: { cond: Expr; body: Block; line: number }[];
  orelse: Block | null;
}

export interface NumericForStat {
  kind: 'NumericFor';
  line: number;
  var: Name;
  start: Expr;
  limit: Expr;
  step: Expr | null;
  body: Block;
}

export interface GenericForStat {
  kind: 'GenericFor';
  line: number;
  names: Name[];
  exprs: Expr[];
  body: Block;
}

/** `function a.b.c:m(...) end` — `path` is [a, b, c], `method` is m (or null) */
export interface FunctionStat {
  kind: 'Function';
  line: number;
  path: Name[];
  method: Name | null;
  func: FunctionExpr;
}

export interface LocalFunctionStat {
  kind: 'LocalFunction';
  line: number;
  name: Name;
  func: FunctionExpr;
}

export interface ReturnStat {
  kind: 'Return';
  line: number;
  exprs: Expr[];
}

export interface BreakStat {
  kind: 'Break';
  line: number;
}

export interface GotoStat {
  kind: 'Goto';
  line: number;
  label: string;
}

export interface LabelStat {
  kind: 'Label';
  line: number;
  label: string;
}

/** `type X = ...` or `interface X ... end`: no runtime effect, kept for tooling. */
export interface TypeDeclStat {
  kind: 'TypeDecl';
  line: number;
  name: string;
  generics: string[];
  /** the source text of the declaration, for tooling */
  text: string;
}

// ---------------------------------------------------------------- expressions

export type Expr =
  | NilExpr
  | TrueExpr
  | FalseExpr
  | NumberExpr
  | StringExpr
  | VarargExpr
  | FunctionExpr
  | TableExpr
  | BinaryExpr
  | UnaryExpr
  | NameExpr
  | IndexExpr
  | CallExpr
  | MethodCallExpr
  | ParenExpr;

export interface NilExpr { kind: 'Nil'; line: number }
export interface TrueExpr { kind: 'True'; line: number }
export interface FalseExpr { kind: 'False'; line: number }
export interface NumberExpr { kind: 'Number'; line: number; value: number }
/** value is a byte string: each char code is 0..255 */
export interface StringExpr { kind: 'String'; line: number; value: string }
export interface VarargExpr { kind: 'Vararg'; line: number }

export interface Param {
  name: Name;
  type: TypeExpr | null;
}

export interface FunctionExpr {
  kind: 'Function';
  line: number;
  /** line of the closing `end` */
  endLine: number;
  params: Param[];
  isVararg: boolean;
  /** `self` is prepended to params by the parser for `function a:m()` */
  body: Block;
  /** name for tracebacks: `foo`, `a.b.c`, `a:m`, or null for anonymous */
  name: string | null;
  generics: string[];
  returnTypes: TypeExpr[] | null;
}

export interface TableField {
  /** 'pos' = positional (array item), 'named' = `name = v`, 'keyed' = `[k] = v` */
  type: 'pos' | 'named' | 'keyed';
  key: Expr | null;
  value: Expr;
}

export interface TableExpr {
  kind: 'Table';
  line: number;
  fields: TableField[];
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '//' | '%' | '^'
  | '..'
  | '==' | '~=' | '<' | '<=' | '>' | '>='
  | 'and' | 'or'
  | '&' | '|' | '~' | '<<' | '>>';

export interface BinaryExpr {
  kind: 'Binary';
  line: number;
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export type UnaryOp = '-' | 'not' | '#' | '~';

export interface UnaryExpr {
  kind: 'Unary';
  line: number;
  op: UnaryOp;
  operand: Expr;
}

export interface Name {
  name: string;
  line: number;
  /** the variable it declares, set by the compiler's resolver (declared here, undefined, so
   * that setting it later does not grow every node by a separate property store) */
  $v: unknown;
}

export interface NameExpr {
  kind: 'Name';
  line: number;
  name: string;
  /** the variable it refers to, set by the resolver (undefined: a global); see Name.$v */
  $v: unknown;
}

export interface IndexExpr {
  kind: 'Index';
  line: number;
  obj: Expr;
  key: Expr;
}

export interface CallExpr {
  kind: 'Call';
  line: number;
  func: Expr;
  args: Expr[];
}

export interface MethodCallExpr {
  kind: 'MethodCall';
  line: number;
  obj: Expr;
  method: string;
  args: Expr[];
}

/** Parentheses truncate multiple results to one value: `(f())`. Casts `e :: T`, `e as T`
 * and `e!` do not produce a node: the parser returns the inner expression. */
export interface ParenExpr {
  kind: 'Paren';
  line: number;
  expr: Expr;
}

// ---------------------------------------------------------------- type annotations

/** Types are parsed fully (so every valid annotation is accepted) but kept loosely:
 * the compiler never looks inside. */
export type TypeExpr =
  | { kind: 'TName'; name: string; args: TypeExpr[] }
  | { kind: 'TLiteral'; value: string | number | boolean | null }
  | { kind: 'TUnion'; types: TypeExpr[] }
  | { kind: 'TIntersection'; types: TypeExpr[] }
  | { kind: 'TOptional'; inner: TypeExpr }
  | { kind: 'TArray'; elem: TypeExpr }
  | { kind: 'TMap'; key: TypeExpr; value: TypeExpr; readonly?: boolean }
  | { kind: 'TRecord'; fields: { name: string; optional: boolean; type: TypeExpr }[]; readonly?: boolean; iface?: boolean }
  | { kind: 'TFunction'; params: { name: string | null; type: TypeExpr }[]; vararg: TypeExpr | null; returns: TypeExpr[] }
  | { kind: 'TIndexed'; obj: TypeExpr; index: TypeExpr }
  | { kind: 'TTypeof'; expr: Expr }
  | { kind: 'TKeyof'; inner: TypeExpr }
  | { kind: 'TConditional'; check: TypeExpr; ext: TypeExpr; then: TypeExpr; else: TypeExpr }
  | { kind: 'TAsserts'; name: string; type: TypeExpr | null }
  | { kind: 'TVararg'; type: TypeExpr };

export interface Chunk {
  kind: 'Chunk';
  /** the chunk's name as shown in messages, e.g. `app/worker.lua` */
  chunkname: string;
  body: Block;
}
