// Pass 1 of code generation: name resolution and the facts later passes need.
//
// - every local gets a unique JS name (`x$3`): Lua allows shadowing in one scope, JS `let`
//   does not, and `$` cannot appear in Lua names, so these never clash with our helpers;
// - every name reference is bound to its declaration (or marked global);
// - locals record whether they are assigned after declaration;
// - each function records whether it is "plain-only" (see isPlainOnly below).
//
// Bindings are stored on the AST nodes themselves (`$v`, read with refOf/declOf): a side
// Map keyed by node cost a hash-table entry and an identity hash per name, and looking them
// up was a tenth of a large compile. Per-function facts stay in side tables (few entries).

import type * as A from '../ast.js';

export interface LocalVar {
  jsName: string;
  name: string;
  fn: A.FunctionExpr | A.Chunk;
  /** assigned anywhere after its declaration */
  assigned: boolean;
  /** bound by `local function` (the candidate for plain-only calls) */
  localFunction: A.FunctionExpr | null;
  /** the control variable of a numeric `for`: a number unless `assigned` */
  forNum?: boolean;
}

/** A name node after resolution: its variable (undefined on a reference = a global). */
interface Bound {
  $v: LocalVar | undefined;
}

/** The local variable a name reference is bound to, or undefined for a global. */
export function refOf(e: A.NameExpr): LocalVar | undefined {
  return (e as unknown as Bound).$v;
}

/** The variable a declaration introduces. */
export function declOf(n: A.Name): LocalVar | undefined {
  return (n as unknown as Bound).$v;
}

export interface Resolution {
  /** per function: the outer locals it references (its upvalues); absent = none */
  upvals: Map<A.FunctionExpr | A.Chunk, Set<LocalVar>>;
  /** functions that get no generator twin */
  plainOnly: Set<A.FunctionExpr | A.Chunk>;
  /** functions whose body defines other functions (they are compiled once, as a generator) */
  hasNested: Set<A.FunctionExpr | A.Chunk>;
  /** global names read or written where a local `_ENV` is visible: that local is their
   * environment (Lua 5.2+). Empty in nearly every chunk. */
  globalEnv: Map<A.NameExpr, LocalVar>;
  /** the chunk assigns its environment (`_ENV = t` with no local `_ENV`) */
  envAssigned: boolean;
}

type Owner = A.FunctionExpr | A.Chunk;

export function resolve(chunk: A.Chunk): Resolution {
  const r = new Resolver();
  r.chunk(chunk);
  r.computePlainOnly();
  return r.result;
}

class Resolver {
  result: Resolution = { upvals: new Map(), plainOnly: new Set(), hasNested: new Set(), globalEnv: new Map(), envAssigned: false };
  // Scopes as one map of the visible locals plus an undo log, instead of a Map per block:
  // a lookup (globals included) is one get, and a block allocates nothing.
  private visible = new Map<string, LocalVar>();
  /** per declaration in open blocks: its name and the variable it shadowed */
  private undoNames: string[] = [];
  private undoPrev: (LocalVar | undefined)[] = [];
  private fnStack: Owner[] = [];
  private counter = 0;
  /** per function: the facts that decide plain-only */
  private fnFacts = new Map<Owner, { impure: boolean; callees: LocalVar[] }>();

  chunk(c: A.Chunk): void {
    this.enterFn(c);
    this.block(c.body);
    this.fnStack.pop();
  }

  private enterFn(f: Owner): void {
    this.fnStack.push(f);
    this.fnFacts.set(f, { impure: false, callees: [] });
  }

  private get fn(): Owner {
    return this.fnStack[this.fnStack.length - 1];
  }

  private impure(): void {
    this.fnFacts.get(this.fn)!.impure = true;
  }

  private declare(n: A.Name, localFunction: A.FunctionExpr | null = null): LocalVar {
    const v: LocalVar = {
      jsName: `${n.name}$${++this.counter}`,
      name: n.name,
      fn: this.fn,
      assigned: false,
      localFunction,
    };
    this.undoNames.push(n.name);
    this.undoPrev.push(this.visible.get(n.name));
    this.visible.set(n.name, v);
    (n as unknown as Bound).$v = v;
    return v;
  }

  private lookup(name: string): LocalVar | undefined {
    return this.visible.get(name);
  }

  private block(b: A.Block, pre?: () => void): void {
    const mark = this.openScope();
    pre?.();
    for (const s of b.stats) this.stat(s);
    this.closeScope(mark);
  }

  private openScope(): number {
    return this.undoNames.length;
  }

  /** Leave a scope: its declarations are undone, latest first (restoring shadowed ones). */
  private closeScope(mark: number): void {
    const names = this.undoNames, prev = this.undoPrev;
    for (let i = names.length - 1; i >= mark; i--) {
      const p = prev[i];
      if (p === undefined) this.visible.delete(names[i]);
      else this.visible.set(names[i], p);
    }
    names.length = mark;
    prev.length = mark;
  }

  private stat(s: A.Stat): void {
    switch (s.kind) {
      case 'Local':
        for (const e of s.exprs) this.expr(e);
        for (const n of s.names) this.declare(n);
        return;
      case 'Assign':
        for (const e of s.exprs) this.expr(e);
        for (const t of s.targets) {
          if (t.kind === 'Name') {
            this.nameRef(t);
            const v = refOf(t);
            if (v !== undefined) v.assigned = true;
            else if (t.name === '_ENV' && !this.result.globalEnv.has(t)) this.result.envAssigned = true;
          } else {
            this.expr(t);
          }
        }
        return;
      case 'CallStat':
        this.expr(s.call);
        return;
      case 'Do':
        this.block(s.body);
        return;
      case 'While':
        this.impure();
        this.expr(s.cond);
        this.block(s.body);
        return;
      case 'Repeat':
        this.impure();
        // the condition sees the body's locals
        const mark = this.openScope();
        for (const st of s.body.stats) this.stat(st);
        this.expr(s.cond);
        this.closeScope(mark);
        return;
      case 'If':
        for (const c of s.clauses) {
          this.expr(c.cond);
          this.block(c.body);
        }
        if (s.orelse) this.block(s.orelse);
        return;
      case 'NumericFor':
        this.impure();
        this.expr(s.start);
        this.expr(s.limit);
        if (s.step) this.expr(s.step);
        this.block(s.body, () => { this.declare(s.var).forNum = true; });
        return;
      case 'GenericFor':
        this.impure();
        for (const e of s.exprs) this.expr(e);
        this.block(s.body, () => { for (const n of s.names) this.declare(n); });
        return;
      case 'Function': {
        const base: A.NameExpr = { kind: 'Name', line: s.line, name: s.path[0].name, $v: undefined };
        this.nameRef(base);
        (s as FunctionStatWithBase).$base = base;
        if (s.path.length === 1 && s.method === null) {
          const v = refOf(base);
          if (v !== undefined) v.assigned = true;
        }
        this.func(s.func);
        return;
      }
      case 'LocalFunction':
        this.declare(s.name, s.func);
        this.func(s.func);
        return;
      case 'Return':
        for (const e of s.exprs) this.expr(e);
        return;
      case 'Goto':
        this.impure();
        return;
      case 'Break':
      case 'Label':
      case 'TypeDecl':
        return;
    }
  }

  private func(f: A.FunctionExpr): void {
    this.result.hasNested.add(this.fn);
    this.enterFn(f);
    this.block(f.body, () => { for (const p of f.params) this.declare(p.name); });
    this.fnStack.pop();
  }

  private nameRef(e: A.NameExpr): void {
    const v = this.lookup(e.name);
    // set on globals too, so every resolved reference node has the same shape
    (e as unknown as Bound).$v = v;
    if (v === undefined) {
      const env = this.visible.get('_ENV');
      if (env !== undefined) {
        this.result.globalEnv.set(e, env);
        this.noteUpvalue(env);
      }
      return;
    }
    this.noteUpvalue(v);
  }

  private noteUpvalue(v: LocalVar): void {
    const fn = this.fn;
    if (v.fn !== fn) {
      let set = this.result.upvals.get(fn);
      if (set === undefined) this.result.upvals.set(fn, set = new Set());
      set.add(v);
    }
  }

  private expr(e: A.Expr): void {
    switch (e.kind) {
      case 'Name':
        this.nameRef(e);
        return;
      case 'Index':
        this.expr(e.obj);
        this.expr(e.key);
        return;
      case 'Call': {
        this.expr(e.func);
        for (const a of e.args) this.expr(a);
        const facts = this.fnFacts.get(this.fn)!;
        const callee = e.func.kind === 'Name' ? refOf(e.func) : undefined;
        if (callee !== undefined && callee.localFunction !== null) facts.callees.push(callee);
        else facts.impure = true;
        return;
      }
      case 'MethodCall':
        this.impure();
        this.expr(e.obj);
        for (const a of e.args) this.expr(a);
        return;
      case 'Function':
        this.func(e);
        return;
      case 'Table':
        for (const f of e.fields) {
          if (f.key) this.expr(f.key);
          this.expr(f.value);
        }
        return;
      case 'Binary':
        this.expr(e.left);
        this.expr(e.right);
        return;
      case 'Unary':
        this.expr(e.operand);
        return;
      case 'Paren':
        this.expr(e.expr);
        return;
      default:
        return;
    }
  }

  /**
   * A function is plain-only when it has no loops or gotos and every call in its own body
   * targets a `local function` that is never reassigned and is itself plain-only. Such a
   * function can never reach a yield except through a metamethod, so it needs no generator
   * twin: `fib` stays a plain JS function even inside a coroutine. (A metamethod reached
   * from plain-only code runs plain; a yield there raises "attempt to yield across a
   * C-call boundary", as in Lua 5.1.) Loops are excluded so that every loop that runs
   * inside a process can be preempted.
   */
  computePlainOnly(): void {
    const state = new Map<Owner, 'yes' | 'no' | 'visiting'>();
    const check = (f: Owner): boolean => {
      const s = state.get(f);
      if (s === 'yes' || s === 'visiting') return true; // optimistic on cycles (recursion)
      if (s === 'no') return false;
      const facts = this.fnFacts.get(f)!;
      if (facts.impure || f.kind === 'Chunk') { state.set(f, 'no'); return false; }
      state.set(f, 'visiting');
      for (const c of facts.callees) {
        if (c.assigned || c.localFunction === null || !check(c.localFunction)) {
          state.set(f, 'no');
          return false;
        }
      }
      state.set(f, 'yes');
      return true;
    };
    // Cycles are resolved optimistically; a function found impure later invalidates those
    // that assumed it, so iterate to a fixed point.
    let changed = true;
    while (changed) {
      changed = false;
      for (const f of this.fnFacts.keys()) state.delete(f);
      const yes = new Set<Owner>();
      for (const f of this.fnFacts.keys()) if (check(f)) yes.add(f);
      for (const f of yes) {
        const facts = this.fnFacts.get(f)!;
        if (facts.callees.some((c) => c.localFunction === null || !yes.has(c.localFunction))) {
          facts.impure = true;
          changed = true;
        }
      }
      if (!changed) this.result.plainOnly = yes;
    }
  }
}

/** The resolver attaches the reference for the first name of `function a.b.c()`. */
export interface FunctionStatWithBase extends A.FunctionStat {
  $base: A.NameExpr;
}
