// The parsed form of a Jet template: statements (text, actions, control structures) whose
// expressions the evaluator walks. Every node keeps its position for error messages.

import type { Pos } from './errors.js';

export type Expr =
  | { k: 'lit'; value: unknown; pos: Pos }
  | { k: 'ident'; name: string; pos: Pos }
  | { k: 'dot'; pos: Pos }
  /** `_`: the piped value's slot in a pipeline call */
  | { k: 'slot'; pos: Pos }
  /** `.name` (base undefined: the context) or `x.name` */
  | { k: 'field'; base: Expr | undefined; name: string; pos: Pos }
  | { k: 'index'; base: Expr; index: Expr; pos: Pos }
  | { k: 'slice'; base: Expr; lo: Expr | undefined; hi: Expr | undefined; pos: Pos }
  | { k: 'call'; fn: Expr; args: Expr[]; pos: Pos }
  | { k: 'unary'; op: string; x: Expr; pos: Pos }
  | { k: 'binary'; op: string; l: Expr; r: Expr; pos: Pos }
  | { k: 'ternary'; cond: Expr; a: Expr; b: Expr; pos: Pos }
  /** `x | f | g: 1 | h(_, 2)`: each stage is a call whose `_` (or first argument) is the value */
  | { k: 'pipe'; x: Expr; stages: PipeStage[]; pos: Pos };

export interface PipeStage {
  name: string;
  args: Expr[];
  /** an explicit `_` among args marks where the piped value goes; otherwise it goes first */
  hasSlot: boolean;
  pos: Pos;
}

export interface BlockParam {
  name: string;
  default: Expr | undefined;
}

export type Stmt =
  | { k: 'text'; text: string }
  | { k: 'print'; x: Expr; pos: Pos }
  | { k: 'set'; names: string[]; values: Expr[]; declare: boolean; pos: Pos }
  | { k: 'if'; branches: { cond: Expr; body: Stmt[] }[]; else: Stmt[] | undefined; pos: Pos }
  | { k: 'range'; key: string | undefined; value: string | undefined; declare: boolean; x: Expr;
      body: Stmt[]; else: Stmt[] | undefined; pos: Pos }
  | { k: 'block'; name: string; pos: Pos }
  | { k: 'yield'; name: string; args: { name: string; value: Expr }[]; context: Expr | undefined;
      content: Stmt[] | undefined; pos: Pos }
  | { k: 'yieldContent'; pos: Pos }
  | { k: 'include'; name: Expr; context: Expr | undefined; pos: Pos }
  | { k: 'try'; body: Stmt[]; catchVar: string | undefined; catchBody: Stmt[] | undefined; pos: Pos }
  | { k: 'return'; x: Expr; pos: Pos };

export interface BlockDef {
  name: string;
  params: BlockParam[];
  body: Stmt[];
  /** `{{ block b() }}...{{ content }}default content{{ end }}` */
  content: Stmt[] | undefined;
  /** the template that defined it (for errors and name resolution) */
  template: string;
  pos: Pos;
}

export interface Template {
  name: string;
  body: Stmt[];
  extends: { name: string; pos: Pos } | undefined;
  imports: { name: string; pos: Pos }[];
  blocks: Map<string, BlockDef>;
}
