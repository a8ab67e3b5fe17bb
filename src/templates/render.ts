// The evaluator: walks a parsed template with a context (`.`), variables in nested scopes
// and the block table of its `extends`/`import` chain, writing bytes to one output string.

import type { BlockDef, Expr, Stmt, Template } from './ast.js';
import { BUILTINS, BuiltinError, ESCAPERS, escapeHtml } from './builtins.js';
import { TemplateError, TemplateNotFound, type Pos } from './errors.js';
import { access, Builtin, entries, equal, isList, isNil, toText, truthy, typeName, type TValue } from './values.js';
import { LuaTable } from '../lua/runtime/table.js';
import { call1 } from '../lua/runtime/ops.js';
import { LuaError } from '../lua/runtime/errors.js';

/** Where templates come from: the set (name resolution relative to the including template). */
export interface TemplateSource {
  load(name: string, from: string | undefined): Template;
  has(name: string, from: string | undefined): boolean;
}

class Scope {
  private vars = new Map<string, TValue>();
  constructor(readonly parent: Scope | undefined) {}
  lookup(name: string): { value: TValue } | undefined {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      if (s.vars.has(name)) return { value: s.vars.get(name) };
    }
    return undefined;
  }
  declare(name: string, v: TValue): void {
    this.vars.set(name, v);
  }
  assign(name: string, v: TValue): boolean {
    for (let s: Scope | undefined = this; s !== undefined; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, v);
        return true;
      }
    }
    return false;
  }
}

/** `{{ yield content }}` inside a block renders what the yield site gave it. */
interface Content {
  body: Stmt[];
  scope: Scope;
  context: TValue;
  template: string;
  content: Content | undefined;
}

interface Frame {
  scope: Scope;
  context: TValue;
  template: string;
  blocks: Map<string, BlockDef>;
  content: Content | undefined;
}

class ReturnSignal {
  constructor(readonly value: TValue) {}
}

const MAX_DEPTH = 200;

export class Renderer {
  out = '';
  private depth = 0;

  constructor(private source: TemplateSource, private globals: ReadonlyMap<string, TValue>) {}

  /** Renders `name` with `data` as both `.` and, for its string keys, variables. */
  render(name: string, data: TValue): string {
    const top = new Scope(undefined);
    if (data instanceof LuaTable) {
      for (const [k, v] of entries(data) ?? []) if (typeof k === 'string') top.declare(k, v);
    }
    this.stopAtReturn(() => this.renderTemplate(this.source.load(name, undefined), top, data));
    return this.out;
  }

  /** The template's chain (extends) with its block table; the root ancestor's body is rendered. */
  private renderTemplate(tpl: Template, scope: Scope, context: TValue, inherited?: Map<string, BlockDef>): void {
    const chain: Template[] = [tpl];
    for (let t = tpl; t.extends !== undefined;) {
      const parent = this.loadAt(t.extends.name, t.name, t.extends.pos);
      if (chain.includes(parent)) throw new TemplateError(t.name, t.extends.pos, `extends "${t.extends.name}" makes a cycle`);
      chain.push(parent);
      t = parent;
    }
    const blocks = new Map(inherited ?? []);
    for (let i = chain.length - 1; i >= 0; i--) this.addBlocks(chain[i], blocks, new Set());
    const root = chain[chain.length - 1];
    this.run(root.body, { scope, context, template: root.name, blocks, content: undefined });
  }

  private addBlocks(t: Template, into: Map<string, BlockDef>, visiting: Set<Template>): void {
    if (visiting.has(t)) return;
    visiting.add(t);
    for (const imp of t.imports) this.addBlocks(this.loadAt(imp.name, t.name, imp.pos), into, visiting);
    for (const [n, b] of t.blocks) into.set(n, b);
  }

  private loadAt(name: string, from: string, pos: Pos): Template {
    try {
      return this.source.load(name, from);
    } catch (e) {
      if (e instanceof TemplateNotFound) throw new TemplateError(from, pos, e.message);
      throw e;
    }
  }

  private fail(f: Frame, pos: Pos, msg: string): never {
    throw new TemplateError(f.template, pos, msg);
  }

  run(body: Stmt[], f: Frame): void {
    for (const s of body) this.exec(s, f);
  }

  private exec(s: Stmt, f: Frame): void {
    switch (s.k) {
      case 'text':
        this.out += s.text;
        return;
      case 'print':
        this.print(s.x, f);
        return;
      case 'set':
        this.set(s, f);
        return;
      case 'if': {
        for (const b of s.branches) {
          if (truthy(this.eval(b.cond, f))) {
            this.run(b.body, { ...f, scope: new Scope(f.scope) });
            return;
          }
        }
        if (s.else !== undefined) this.run(s.else, { ...f, scope: new Scope(f.scope) });
        return;
      }
      case 'range':
        this.range(s, f);
        return;
      case 'block': {
        const b = f.blocks.get(s.name);
        if (b !== undefined) this.callBlock(b, [], f.context, undefined, f, s.pos);
        return;
      }
      case 'yield': {
        const b = f.blocks.get(s.name);
        if (b === undefined) this.fail(f, s.pos, `block "${s.name}" is not defined`);
        const context = s.context === undefined ? f.context : this.eval(s.context, f);
        const args = s.args.map((a) => ({ name: a.name, value: this.eval(a.value, f) }));
        const content = s.content === undefined ? undefined
          : { body: s.content, scope: f.scope, context: f.context, template: f.template, content: f.content };
        this.callBlock(b, args, context, content, f, s.pos);
        return;
      }
      case 'yieldContent': {
        const c = f.content;
        if (c !== undefined) this.run(c.body, { scope: new Scope(c.scope), context: c.context, template: c.template, blocks: f.blocks, content: c.content });
        return;
      }
      case 'include': {
        const name = this.eval(s.name, f);
        if (typeof name !== 'string') this.fail(f, s.pos, `include needs a template name, got ${typeName(name)}`);
        const context = s.context === undefined ? f.context : this.eval(s.context, f);
        this.nested(f, s.pos, () => this.stopAtReturn(() => this.renderTemplate(this.loadAt(name, f.template, s.pos), new Scope(f.scope), context, f.blocks)));
        return;
      }
      case 'try': {
        const mark = this.out;
        try {
          this.run(s.body, { ...f, scope: new Scope(f.scope) });
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          this.out = mark;
          if (s.catchBody !== undefined) {
            const scope = new Scope(f.scope);
            if (s.catchVar !== undefined) scope.declare(s.catchVar, e.message);
            this.run(s.catchBody, { ...f, scope });
          }
        }
        return;
      }
      case 'return':
        throw new ReturnSignal(this.eval(s.x, f));
    }
  }

  /** `{{ return }}` outside `exec` just ends the template it is in. */
  private stopAtReturn(body: () => void): void {
    try {
      body();
    } catch (e) {
      if (!(e instanceof ReturnSignal)) throw e;
    }
  }

  private nested(f: Frame, pos: Pos, body: () => void): void {
    if (++this.depth > MAX_DEPTH) this.fail(f, pos, `templates nest deeper than ${MAX_DEPTH} levels (endless recursion?)`);
    try {
      body();
    } finally {
      this.depth--;
    }
  }

  private callBlock(b: BlockDef, args: { name: string; value: TValue }[], context: TValue, content: Content | undefined, f: Frame, pos: Pos): void {
    const scope = new Scope(f.scope);
    const inner: Frame = { scope, context, template: b.template, blocks: f.blocks, content: content ?? f.content };
    for (const p of b.params) scope.declare(p.name, p.default === undefined ? undefined : this.eval(p.default, inner));
    for (const a of args) {
      if (!b.params.some((p) => p.name === a.name)) this.fail(f, pos, `block "${b.name}" has no parameter "${a.name}"`);
      scope.declare(a.name, a.value);
    }
    if (content === undefined && b.content !== undefined) {
      inner.content = { body: b.content, scope, context, template: b.template, content: f.content };
    }
    this.nested(f, pos, () => this.run(b.body, inner));
  }

  private print(x: Expr, f: Frame): void {
    // an escaper ending the action writes its own result instead of the HTML escaping
    const last = x.k === 'pipe' ? x.stages[x.stages.length - 1].name : x.k === 'call' && x.fn.k === 'ident' ? x.fn.name : undefined;
    const v = this.eval(x, f);
    const text = toText(v);
    this.out += last !== undefined && ESCAPERS.has(last) && BUILTINS.has(last) && !this.isVariable(last, f) ? text : escapeHtml(text);
  }

  private isVariable(name: string, f: Frame): boolean {
    return f.scope.lookup(name) !== undefined;
  }

  private set(s: Extract<Stmt, { k: 'set' }>, f: Frame): void {
    const values = s.values.map((x) => this.eval(x, f));
    s.names.forEach((n, i) => {
      if (n === '_') return;
      if (s.declare) f.scope.declare(n, values[i]);
      else if (!f.scope.assign(n, values[i])) this.fail(f, s.pos, `variable "${n}" is not declared (use := to declare it)`);
    });
  }

  private range(s: Extract<Stmt, { k: 'range' }>, f: Frame): void {
    const v = this.eval(s.x, f);
    const items = entries(v);
    if (items === undefined) this.fail(f, s.x.pos, `cannot range over ${typeName(v)}`);
    if (items.length === 0) {
      if (s.else !== undefined) this.run(s.else, { ...f, scope: new Scope(f.scope) });
      return;
    }
    for (const [k, x] of items) {
      const scope = new Scope(f.scope);
      // `range v := xs` names the index/key and leaves the element as `.`; with two names the
      // element is the second (and `.` too)
      const put = (n: string | undefined, val: TValue) => {
        if (n === undefined || n === '_') return;
        if (s.declare) scope.declare(n, val);
        else if (!scope.assign(n, val)) this.fail(f, s.pos, `variable "${n}" is not declared (use := to declare it)`);
      };
      put(s.key, k);
      put(s.value, x);
      this.run(s.body, { ...f, scope, context: x });
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  eval(x: Expr, f: Frame): TValue {
    switch (x.k) {
      case 'lit': return x.value;
      case 'dot': return f.context;
      case 'slot': this.fail(f, x.pos, '"_" is only allowed as an argument in a pipeline');
      // falls through (fail never returns)
      case 'ident': return this.ident(x.name, x.pos, f);
      case 'field': {
        const base = x.base === undefined ? f.context : this.eval(x.base, f);
        return this.index(base, x.name, x.pos, f);
      }
      case 'index': return this.index(this.eval(x.base, f), this.eval(x.index, f), x.pos, f);
      case 'slice': return this.slice(x, f);
      case 'call': return this.call(x, f);
      case 'pipe': {
        let v = this.eval(x.x, f);
        for (const st of x.stages) {
          const fn = this.ident(st.name, st.pos, f);
          const args = st.args.map((a) => (a.k === 'slot' ? v : this.eval(a, f)));
          v = this.apply(fn, st.hasSlot ? args : [v, ...args], st.pos, f, st.name);
        }
        return v;
      }
      case 'unary': {
        const v = this.eval(x.x, f);
        if (x.op === '!') return !truthy(v);
        if (typeof v !== 'number') this.fail(f, x.pos, `unary ${x.op} needs a number, got ${typeName(v)}`);
        return x.op === '-' ? -v : v;
      }
      case 'binary': return this.binary(x, f);
      case 'ternary': return truthy(this.eval(x.cond, f)) ? this.eval(x.a, f) : this.eval(x.b, f);
    }
  }

  private ident(name: string, pos: Pos, f: Frame): TValue {
    const v = f.scope.lookup(name);
    if (v !== undefined) return v.value;
    if (this.globals.has(name)) return this.globals.get(name);
    const b = BUILTINS.get(name) ?? SPECIAL.get(name);
    if (b !== undefined) return b;
    return this.fail(f, pos, `identifier "${name}" is not available in the current scope`);
  }

  private index(base: TValue, key: TValue, pos: Pos, f: Frame): TValue {
    const r = access(base, key);
    if ('invalid' in r) this.fail(f, pos, r.invalid);
    return r.value;
  }

  private slice(x: Extract<Expr, { k: 'slice' }>, f: Frame): TValue {
    const base = this.eval(x.base, f);
    const list: TValue[] | string | undefined = typeof base === 'string' ? base
      : Array.isArray(base) ? base : isList(base) ? entries(base)!.map(([, v]) => v) : undefined;
    if (list === undefined) this.fail(f, x.pos, `cannot slice ${typeName(base)}`);
    const lo = x.lo === undefined ? 0 : this.eval(x.lo, f);
    const hi = x.hi === undefined ? list.length : this.eval(x.hi, f);
    if (typeof lo !== 'number' || typeof hi !== 'number' || lo < 0 || hi > list.length || lo > hi) {
      this.fail(f, x.pos, `slice bounds [${toText(lo)}:${toText(hi)}] out of range (length ${list.length})`);
    }
    return list.slice(lo, hi);
  }

  private call(x: Extract<Expr, { k: 'call' }>, f: Frame): TValue {
    const name = x.fn.k === 'ident' ? x.fn.name : x.fn.k === 'field' ? x.fn.name : 'function';
    if (x.fn.k === 'ident' && name === 'isset' && f.scope.lookup('isset') === undefined) {
      if (x.args.length === 0) this.fail(f, x.pos, 'isset needs at least one argument');
      return x.args.every((a) => this.isSet(a, f));
    }
    const fn = this.eval(x.fn, f);
    const args = x.args.map((a) => this.eval(a, f));
    return this.apply(fn, args, x.pos, f, name);
  }

  private apply(fn: TValue, args: TValue[], pos: Pos, f: Frame, name: string): TValue {
    if (fn instanceof Special) return fn.fn(this, args, f, pos);
    if (typeof fn === 'function') return this.callLua(fn as (...a: unknown[]) => unknown, args, f, pos, name);
    if (!(fn instanceof Builtin)) this.fail(f, pos, `"${name}" is not a function (it is ${typeName(fn)})`);
    try {
      return fn.fn(...args);
    } catch (e) {
      if (e instanceof BuiltinError) this.fail(f, pos, e.message);
      throw e;
    }
  }

  /**
   * A Lua function from the data (`{{ user.display("short") }}`), called with the arguments as
   * written (no implicit self) in the rendering process. It runs as plain code: a function that
   * waits (receive, sleep, a call to another process) fails the render instead of blocking it.
   */
  private callLua(fn: (...a: unknown[]) => unknown, args: TValue[], f: Frame, pos: Pos, name: string): TValue {
    try {
      return call1(fn, ...args);
    } catch (e) {
      if (e instanceof LuaError) this.fail(f, pos, `${name}: ${toText(e.value) || String(e)}`);
      if (e instanceof Error && !(e instanceof TemplateError)) this.fail(f, pos, `${name}: ${e.message}`);
      throw e;
    }
  }

  /** isset: every step of the expression resolves, and the value is not nil. */
  private isSet(x: Expr, f: Frame): boolean {
    try {
      return !isNil(this.eval(x, f));
    } catch (e) {
      if (e instanceof TemplateError) return false;
      throw e;
    }
  }

  private binary(x: Extract<Expr, { k: 'binary' }>, f: Frame): TValue {
    if (x.op === '&&') return truthy(this.eval(x.l, f)) && truthy(this.eval(x.r, f));
    if (x.op === '||') return truthy(this.eval(x.l, f)) || truthy(this.eval(x.r, f));
    const l = this.eval(x.l, f);
    const r = this.eval(x.r, f);
    switch (x.op) {
      case '==': return equal(l, r);
      case '!=': return !equal(l, r);
      case '<': case '<=': case '>': case '>=': {
        if (!((typeof l === 'number' && typeof r === 'number') || (typeof l === 'string' && typeof r === 'string'))) {
          this.fail(f, x.pos, `cannot compare ${typeName(l)} ${x.op} ${typeName(r)}`);
        }
        return x.op === '<' ? l < r : x.op === '<=' ? l <= r : x.op === '>' ? l > r : l >= r;
      }
      case '+':
        if (typeof l === 'string') return l + toText(r);
        if (typeof l === 'number' && typeof r === 'number') return l + r;
        return this.fail(f, x.pos, `cannot add ${typeName(l)} and ${typeName(r)}`);
    }
    if (typeof l !== 'number' || typeof r !== 'number') this.fail(f, x.pos, `operator ${x.op} needs numbers, got ${typeName(l)} and ${typeName(r)}`);
    switch (x.op) {
      case '-': return l - r;
      case '*': return l * r;
      case '/':
        if (r === 0) this.fail(f, x.pos, 'division by zero');
        // integers divide as Go's ints do: truncated
        return Number.isInteger(l) && Number.isInteger(r) ? Math.trunc(l / r) : l / r;
      case '%':
        if (r === 0) this.fail(f, x.pos, 'division by zero');
        return l % r;
    }
    return this.fail(f, x.pos, `unknown operator ${x.op}`);
  }

  /** `exec(name, ctx?)`: renders a template for its `{{ return }}` value, discarding its text. */
  execTemplate(name: string, context: TValue, f: Frame, pos: Pos): TValue {
    const mark = this.out;
    try {
      this.nested(f, pos, () => this.renderTemplate(this.loadAt(name, f.template, pos), new Scope(f.scope), context, f.blocks));
      return undefined;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.out = mark;
    }
  }

  includeIfExists(name: string, context: TValue, f: Frame, pos: Pos): boolean {
    if (!this.source.has(name, f.template)) return false;
    this.nested(f, pos, () => this.stopAtReturn(() => this.renderTemplate(this.loadAt(name, f.template, pos), new Scope(f.scope), context, f.blocks)));
    return true;
  }
}

/** Builtins that need the renderer (the template set, the current frame). */
class Special {
  constructor(readonly name: string, readonly fn: (r: Renderer, args: TValue[], f: Frame, pos: Pos) => TValue) {}
}

const templateName = (fn: string, v: TValue, r: Renderer, f: Frame, pos: Pos): string => {
  if (typeof v === 'string') return v;
  throw new TemplateError(f.template, pos, `${fn} needs a template name, got ${typeName(v)}`);
};

const SPECIAL = new Map<string, Special>([
  ['exec', new Special('exec', (r, a, f, pos) => r.execTemplate(templateName('exec', a[0], r, f, pos), a.length > 1 ? a[1] : f.context, f, pos))],
  ['includeIfExists', new Special('includeIfExists', (r, a, f, pos) => {
    r.includeIfExists(templateName('includeIfExists', a[0], r, f, pos), a.length > 1 ? a[1] : f.context, f, pos);
    return undefined;
  })],
]);
