// Pass 2 of code generation: AST -> JavaScript source.
//
// Every Lua function becomes a plain JS function and, unless the resolver proved it
// plain-only, a generator twin (`$g`) used when it runs inside a coroutine. Both are
// generated from the same AST by the same code, switched by `this.gen`:
//   - calls:      plain `F(args)`;   generator `F.$g ? yield* F.$g(args) : F(args)`
//   - metamethod operations use the `*Y` helpers and run a parked call with `yield*`
//   - loop back-edges check the execution budget; generator code can be preempted there
// Statements start with a line marker (a comment `/*LINE*/` after a newline); `compile.ts`
// turns the markers into the JS-line -> Lua-line table used for error positions.
//
// Generated code references no free identifier: every helper comes from the runtime
// object `$R` and every Lua global goes through the environment table `$ENV`.

import type * as A from '../ast.js';
import { refOf, declOf, type LocalVar, type Resolution, type FunctionStatWithBase } from './resolve.js';

type Owner = A.FunctionExpr | A.Chunk;

/** Helpers the generated code takes from the runtime object, by name. */
export const HELPERS = [
  '$T', '$TC', '$E', '$P', '$B', '$C', '$Yf', '$fn', '$fnG', '$first', '$all', '$firstG', '$allG', '$runTail', '$runTailG',
  '$runPending', '$callable', '$callableD', '$idx', '$idxs', '$idxY', '$setidx', '$setidxY', '$gget', '$gset', '$gfill', '$ffill', '$ffillY', '$cache', '$isArr',
  '$arith', '$arithY', '$mod', '$pow', '$floor', '$eq', '$eqY', '$lt', '$le', '$ltY', '$leY',
  '$concat', '$concatY', '$len', '$lenY', '$tab', '$tail', '$tailG', '$pnext', '$close', '$closeG', '$checkClose', '$forNum', '$next', '$inext', '$forErr',
] as const;

export interface GenOutput {
  code: string;
  fnNames: string[];
  /** the site descriptions the code passes as numbers (see descOf); lazy twins add to it */
  descs: string[];
  /** ids of the generator twins left out of `code` (see functionPair), for `lazyTwin` */
  lazyIds: number[];
  /** the source of one lazy twin: a factory `(function($R){...return function*...})` */
  lazyTwin(id: number): string;
}

export function generate(chunk: A.Chunk, res: Resolution): GenOutput {
  const g = new CodeGen(res);
  // $K: the chunk's per-site caches (see globalRead), shared by its instances;
  // $Z(id): compiles the lazy generator twin `id` on first use and keeps it in $Zs[id] (compile.ts)
  const head = (slots: number) => `(function($R,$Z,$Zs){"use strict";const {${HELPERS.join(',')}}=$R;const $K=$cache(${slots});\n`;
  const lazyTwin = (id: number) => g.lazyTwin(id);
  if (res.hasNested.has(chunk) && !res.plainOnly.has(chunk)) {
    // A main chunk compiled only as a generator is one generator function for the whole
    // chunk, taking the environment as an argument, instead of a new generator closure per
    // instance: in V8 the first call of every new generator closure builds a prototype
    // (microseconds and ~400 bytes), and every process instantiates its entry's chunk.
    const main = g.mainGenerator(chunk);
    return {
      code: `${head(g.cacheSlots)}const $M=${main};\n` +
        `return function($ENV){return $fnG((...$a)=>$M($ENV,...$a));};})`,
      fnNames: g.fnNames, descs: g.descs, lazyIds: [...g.lazyTwins.keys()], lazyTwin,
    };
  }
  const main = g.functionPair(chunk, [], true, 'main chunk', chunk.body, 0);
  return {
    code: `${head(g.cacheSlots)}return function($ENV){return ${main};};})`,
    fnNames: g.fnNames, descs: g.descs, lazyIds: [...g.lazyTwins.keys()], lazyTwin,
  };
}

const BINOP_EVENT: Partial<Record<A.BinaryOp, string>> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '^': 'pow', '//': 'idiv',
  '&': 'band', '|': 'bor', '~': 'bxor', '<<': 'shl', '>>': 'shr',
};

/**
 * The same string, flattened: V8 builds `a + b` as a rope node pointing at both parts, and
 * the code of a whole chunk is millions of such nodes that live until it is compiled, so
 * the young-generation GC copied them all (it was most of a cold compile). Reading a char
 * makes V8 copy a rope into one flat string, after which its nodes die young.
 */
export function flat(s: string): string {
  s.charCodeAt(0);
  return s;
}

function q(s: string): string {
  return JSON.stringify(s);
}

function numLit(n: number): string {
  if (n === Infinity) return '(1/0)';
  if (n === -Infinity) return '(-1/0)';
  if (Object.is(n, -0)) return '(-0)';
  if (n !== n) return '(0/0)'; // not `NaN`: generated code names no global
  const s = String(n);
  return n < 0 ? `(${s})` : s;
}

/** One block's goto layout. */
interface BlockCtx {
  labels: Map<string, number>; // label -> segment number
  jsLabel: string;
  machine: boolean; // true: segments (see block()); false: labelled block (labels at end)
  stateVar: string;
  /** the segment being compiled */
  current: number;
}

/** Per generated function (one of the twins). */
interface FnCtx {
  owner: Owner;
  temps: string[];
  free: string[];
  blocks: BlockCtx[];
  loops: string[]; // JS labels of enclosing Lua loops
  hoisted: Set<LocalVar>;
  /** inside the scope of a `<close>` variable: `return f()` is not a tail call there */
  closeDepth: number;
  /** the function has a loop edge, so it declares the local budget counter `$b` */
  counts: boolean;
}

/** What generating a hoisted twin later needs (functionPair's arguments). */
interface LazyTwin {
  owner: Owner;
  params: A.Param[];
  vararg: boolean;
  body: A.Block;
  line: number;
  firstParam: string;
}

class CodeGen {
  fnNames: string[] = [];
  /** slots used in the chunk's site cache `$K` (2 per cached site) */
  cacheSlots = 0;
  private gen = false;
  private f!: FnCtx;
  /** the Lua line the code being emitted maps to */
  private curLine = 0;
  private labelCounter = 0;

  /** hoisted generator twins not generated yet, by function id (see functionPair) */
  lazyTwins = new Map<number, LazyTwin>();
  /** per function: the outer locals it references (its upvalues) */
  private upvals: Map<Owner, Set<LocalVar>>;
  /** the chunk's site descriptions, by number (see descOf); 0 is unused */
  descs: string[] = [''];
  /** description arguments by kind and name (see descOf) */
  private descIds = { global: new Map<string, string>(), local: new Map<string, string>(),
    upvalue: new Map<string, string>(), field: new Map<string, string>(), method: new Map<string, string>() };

  constructor(private res: Resolution) {
    this.upvals = res.upvals;
  }

  // ------------------------------------------------------------------ functions

  /** `$fn(function $Ln(...){...}, function* $Lng(...){...})` */
  functionPair(owner: Owner, params: A.Param[], vararg: boolean, name: string, body: A.Block, line: number): string {
    const id = this.fnNames.length;
    this.fnNames.push(name);
    if (this.res.plainOnly.has(owner)) return `$fn(${this.functionBody(owner, params, vararg, body, line, false, `$L${id}`)})`;
    // A function that defines functions is emitted once, as a generator: emitting twins of
    // it would copy every nested function twice per level of nesting. Its plain version
    // drives the generator (see $fnG).
    const ups = this.hoistable(owner);
    if (ups !== undefined) {
      // P2: the twin is one generator function for the whole chunk, its upvalues passed as
      // arguments (they are never assigned, so a copy is the variable), instead of a new
      // generator closure per closure instance: in V8 the first call of each new generator
      // closure builds a prototype and a map (microseconds, ~400 bytes). The instance gets a
      // plain arrow, which reads the upvalues when called.
      //
      // The twin is generated and compiled only when first called (`$Z`, compile.ts): most
      // functions never run inside a coroutine, and twins were half of the generated code,
      // so generating, parsing and collecting them was half of every compile. `$Zs[id]`
      // holds it once compiled (one array for the chunk: a stub variable per function was
      // a closure and a context slot each, made by every compile).
      const upNames = [...ups].map((v) => v.jsName);
      this.lazyTwins.set(id, { owner, params, vararg, body, line, firstParam: ['$ENV', ...upNames].join(',') });
      const ps = params.map((p) => this.decl(p.name).jsName);
      const args = vararg ? '...$a' : ps.join(',');
      const plain = this.functionBody(owner, params, vararg, body, line, false, `$L${id}`);
      return `$fn(${plain},(${args})=>($Zs[${id}]??$Z(${id}))(${['$ENV', ...upNames, ...(args ? [args] : [])].join(',')}))`;
    }
    const gen = this.functionBody(owner, params, vararg, body, line, true, `$L${id}g`);
    if (this.res.hasNested.has(owner)) return `$fnG(${gen})`;
    const plain = this.functionBody(owner, params, vararg, body, line, false, `$L${id}`);
    return `$fn(${plain},${gen})`;
  }

  /**
   * The source of lazy twin `id`: a factory taking the runtime object, with its own site
   * cache (the chunk's `$K` was sized when the chunk was generated).
   */
  lazyTwin(id: number): string {
    const t = this.lazyTwins.get(id);
    if (t === undefined) throw new Error(`no lazy twin ${id}`);
    const saveSlots = this.cacheSlots;
    this.cacheSlots = 0;
    const fn = this.functionBody(t.owner, t.params, t.vararg, t.body, t.line, true, `$L${id}g`, t.firstParam);
    const slots = this.cacheSlots;
    this.cacheSlots = saveSlots;
    return `(function($R){"use strict";const {${HELPERS.join(',')}}=$R;const $K=$cache(${slots});\nreturn ${fn};})`;
  }

  /**
   * The upvalues of a function whose generator twin can live at chunk level, or undefined:
   * it must define no functions (those are compiled as generators in their parent's
   * scope), and none of its upvalues may ever be assigned.
   */
  private hoistable(owner: Owner): Set<LocalVar> | undefined {
    if (owner.kind !== 'Function' || this.res.hasNested.has(owner)) return undefined;
    // `_ENV = t` assigns the environment every function reads: a twin's copy would go stale
    if (this.res.envAssigned) return undefined;
    const ups = this.upvals.get(owner) ?? new Set<LocalVar>();
    for (const v of ups) if (v.assigned) return undefined;
    return ups;
  }

  /** The generator of a main chunk that defines functions, with `$ENV` as its first parameter. */
  mainGenerator(chunk: A.Chunk): string {
    const id = this.fnNames.length;
    this.fnNames.push('main chunk');
    return this.functionBody(chunk, [], true, chunk.body, 0, true, `$L${id}g`, '$ENV');
  }

  private functionBody(owner: Owner, params: A.Param[], vararg: boolean, body: A.Block, line: number,
                       gen: boolean, jsName: string, firstParam?: string): string {
    const saveGen = this.gen, saveF = this.f, saveLine = this.curLine;
    this.gen = gen;
    this.curLine = line;
    this.f = { owner, temps: [], free: [], blocks: [], loops: [], hoisted: new Set(), closeDepth: 0, counts: false };
    const ps = params.map((p) => this.decl(p.name).jsName);
    if (firstParam !== undefined) ps.unshift(firstParam);
    if (vararg) ps.push('...$va');
    let code = this.block(body);
    const last = body.stats[body.stats.length - 1];
    if (last === undefined || last.kind !== 'Return') code += '\nreturn $E;';
    const vars = this.f.counts ? [`$b=${BUDGET_CHUNK - 1}`, ...this.f.temps] : this.f.temps;
    const temps = vars.length ? `let ${vars.join(',')};` : '';
    const out = flat(`function${gen ? '*' : ''} ${jsName}(${ps.join(',')}){${this.mark(line)}${temps}${code}\n}`);
    this.gen = saveGen;
    this.f = saveF;
    this.curLine = saveLine;
    return out;
  }

  private mark(line: number): string {
    return `\n/*${line}*/`;
  }

  private decl(n: A.Name): LocalVar {
    const v = declOf(n);
    if (v === undefined) throw new Error(`unresolved declaration ${n.name}`);
    return v;
  }

  private tmp(): string {
    const f = this.f;
    const t = f.free.pop();
    if (t !== undefined) return t;
    const name = `$t${f.temps.length}`;
    f.temps.push(name);
    return name;
  }

  private release(...ts: (string | null)[]): void {
    for (const t of ts) if (t !== null && t.startsWith('$t')) this.f.free.push(t);
  }

  // ------------------------------------------------------------------ blocks

  private block(b: A.Block, tail = ''): string {
    const stats = b.stats;
    const firstLabel = stats.findIndex((s) => s.kind === 'Label');
    if (firstLabel < 0) return this.stats(stats) + tail;
    const jsLabel = `$G${++this.labelCounter}`;
    // labels only at the end (followed by nothing but labels): a labelled block + break
    if (stats.slice(firstLabel).every((s) => s.kind === 'Label')) {
      const labels = new Map<string, number>();
      for (const s of stats) if (s.kind === 'Label') labels.set(s.label, 0);
      const ctx: BlockCtx = { labels, jsLabel, machine: false, stateVar: '', current: 0 };
      this.f.blocks.push(ctx);
      const hoist = this.hoistLocals(stats);
      const inner = this.stats(stats.slice(0, firstLabel));
      this.f.blocks.pop();
      return `${hoist}${jsLabel}:{${inner}\n}${tail}`;
    }
    // General case: the block is cut into segments at its labels. Segment i (i >= 1) runs in
    // a loop `$Gn_i` nested in segment i-1, so a backward goto is `continue $Gn_i` (the
    // segment's locals are declared at the loop top: fresh bindings on every jump, as in
    // Lua) and a forward goto sets the state and leaves its segment; the segments in
    // between see the state and skip their code.
    const segs: A.Stat[][] = [[]];
    const labels = new Map<string, number>();
    for (const s of stats) {
      if (s.kind === 'Label') {
        segs.push([]);
        labels.set(s.label, segs.length - 1);
      } else {
        segs[segs.length - 1].push(s);
      }
    }
    const stateVar = `$s${this.labelCounter}`;
    const ctx: BlockCtx = { labels, jsLabel, machine: true, stateVar, current: 0 };
    this.f.blocks.push(ctx);
    const parts = segs.map((seg, i) => {
      ctx.current = i;
      const hoist = this.hoistLocals(seg);
      const code = this.stats(seg);
      return { hoist, code };
    });
    this.f.blocks.pop();
    let nested = '';
    for (let i = segs.length - 1; i >= 1; i--) {
      const { hoist, code } = parts[i];
      // the budget check makes a backward goto a preemptible loop edge like any other
      nested = `${jsLabel}_${i}:for(;;){${this.budget()}${hoist}${jsLabel}s${i}:if(${stateVar}<=${i}){${stateVar}=0;${code}\n}${nested}break;}`;
    }
    return `let ${stateVar}=0;${parts[0].hoist}${jsLabel}s0:{${parts[0].code}\n}${nested}${tail}`;
  }

  /** Declare a block's own locals before a goto wrapper, so jumps never meet a TDZ. */
  private hoistLocals(stats: A.Stat[]): string {
    const names: string[] = [];
    const hoist = (v: LocalVar) => {
      if (this.f.hoisted.has(v)) return;
      this.f.hoisted.add(v);
      names.push(v.jsName);
    };
    for (const s of stats) {
      if (s.kind === 'Local') for (const n of s.names) hoist(this.decl(n));
      if (s.kind === 'LocalFunction') hoist(this.decl(s.name));
    }
    return names.length ? `let ${names.join(',')};` : '';
  }

  private stats(ss: A.Stat[]): string {
    let out = '';
    for (let i = 0; i < ss.length; i++) {
      const s = ss[i];
      out += this.stat(s);
      if (s.kind === 'Local' && s.attribs.includes('close')) {
        // the rest of the block runs in the variable's scope; leaving it (normally or by
        // an error) calls __close, innermost variable first
        const n = s.names[s.attribs.indexOf('close')];
        const v = this.decl(n);
        const c = `$c${++this.labelCounter}`;
        this.f.closeDepth++;
        const rest = this.stats(ss.slice(i + 1));
        this.f.closeDepth--;
        return out + `$checkClose(${v.jsName},${q(n.name)});let ${c};try{${rest}\n}` +
          `catch($e){${c}=$e;throw $e;}finally{${this.closeCall(v.jsName, c)}}`;
      }
    }
    return out;
  }

  /**
   * The loop-edge budget check. Edges are counted in a local (`$b`, a register) and charged
   * to the shared budget BUDGET_CHUNK at a time: a property write on every edge cost a
   * quarter of a tight array loop. A call's unspent remainder is never charged, which only
   * loosens the budget by less than one chunk per call that loops.
   */
  private budget(): string {
    this.f.counts = true;
    if (!this.gen) return `if(--$b<0)$b=$B.spend(${BUDGET_CHUNK});`;
    return `if(--$b<0){$b=${BUDGET_CHUNK - 1};if(($B.left-=${BUDGET_CHUNK})<0)yield* $B.preemptG();}`;
  }

  // ------------------------------------------------------------------ statements

  private stat(s: A.Stat): string {
    const m = this.mark(s.line);
    this.curLine = s.line;
    switch (s.kind) {
      case 'Local': return m + this.localStat(s);
      case 'Assign': return m + this.assignStat(s);
      case 'CallStat': return m + this.callStat(s.call);
      case 'Do': return m + `{${this.block(s.body)}\n}`;
      case 'While': {
        const L = this.loopLabel();
        const cond = this.cond(s.cond);
        const body = this.block(s.body);
        this.f.loops.pop();
        return m + `${L}:while(${cond}){${this.budget()}${body}\n}`;
      }
      case 'Repeat': {
        const L = this.loopLabel();
        // the condition is inside the body's scope (it may read the body's locals)
        const hoist = this.hoistLocals(s.body.stats);
        const body = this.block(s.body);
        const cond = this.cond(s.cond);
        this.f.loops.pop();
        return m + `${L}:for(;;){${this.budget()}${hoist}${body}\nif(${cond})break;}`;
      }
      case 'If': {
        let out = '';
        s.clauses.forEach((c, i) => {
          out += `${i ? 'else ' : ''}if(${this.cond(c.cond)}){${this.block(c.body)}\n}`;
        });
        if (s.orelse) out += `else{${this.block(s.orelse)}\n}`;
        return m + out;
      }
      case 'NumericFor': return m + this.numericFor(s);
      case 'GenericFor': return m + this.genericFor(s);
      case 'Function': return m + this.functionStat(s as FunctionStatWithBase);
      case 'LocalFunction': {
        const v = this.decl(s.name);
        const fn = this.funcExpr(s.func);
        return m + (this.f.hoisted.has(v) ? `${v.jsName}=${fn};` : `let ${v.jsName};${v.jsName}=${fn};`);
      }
      case 'Return': return m + this.returnStat(s);
      case 'Break': return m + `break ${this.f.loops[this.f.loops.length - 1]};`;
      case 'Goto': return m + this.gotoStat(s);
      case 'Label':
      case 'TypeDecl':
        return '';
    }
  }

  private loopLabel(): string {
    const L = `$W${++this.labelCounter}`;
    this.f.loops.push(L);
    return L;
  }

  private gotoStat(s: A.GotoStat): string {
    for (let i = this.f.blocks.length - 1; i >= 0; i--) {
      const b = this.f.blocks[i];
      const st = b.labels.get(s.label);
      if (st === undefined) continue;
      if (!b.machine) return `break ${b.jsLabel};`;
      if (st <= b.current) return `continue ${b.jsLabel}_${st};`;
      return `{${b.stateVar}=${st};break ${b.jsLabel}s${b.current};}`;
    }
    throw new Error(`goto without label ${s.label}`);
  }

  private localStat(s: A.LocalStat): string {
    const vars = s.names.map((n) => this.decl(n));
    const values = this.explistN(s.exprs, vars.length);
    let pre = values.pre;
    const parts: string[] = [];
    vars.forEach((v, i) => {
      const val = values.items[i];
      if (this.f.hoisted.has(v)) pre += `${v.jsName}=${val ?? 'undefined'};`;
      else parts.push(val === undefined ? v.jsName : `${v.jsName}=${val}`);
    });
    this.release(...values.temps);
    return pre + (parts.length ? `let ${parts.join(',')};` : '');
  }

  /**
   * Evaluate an expression list to exactly n values. Values are computed in order; when
   * a later expression may have side effects, earlier ones are saved in temps.
   */
  private explistN(es: A.Expr[], n: number): { pre: string; items: (string | undefined)[]; temps: string[] } {
    const items: (string | undefined)[] = [];
    const temps: string[] = [];
    let pre = '';
    const lastMulti = es.length > 0 && isMulti(es[es.length - 1]);
    es.forEach((e, i) => {
      const isLast = i === es.length - 1;
      if (isLast && lastMulti && n > i) {
        const t = this.tmp();
        temps.push(t);
        pre += `${t}=${this.multi(e)};`;
        for (let k = i; k < n; k++) items.push(`${t}[${k - i}]`);
        return;
      }
      const code = this.expr(e);
      if (i >= n) {
        pre += `${code};`; // evaluated for side effects only
        return;
      }
      if (es.length === 1 || this.isSimple(e)) {
        items.push(code);
      } else {
        const t = this.tmp();
        temps.push(t);
        pre += `${t}=${code};`;
        items.push(t);
      }
    });
    while (items.length < n) items.push(undefined);
    // a single non-temp item is evaluated in place; with several we already used temps
    return { pre, items, temps };
  }

  private assignStat(s: A.AssignStat): string {
    if (s.targets.length === 1 && s.exprs.length === 1) {
      return this.assignTo(s.targets[0], this.expr(s.exprs[0]), null) + ';';
    }
    // evaluate target prefixes, then values, then assign right to left (as Lua 5.1 does)
    let pre = '';
    const temps: string[] = [];
    const prepared = s.targets.map((t) => {
      if (t.kind !== 'Index') return null;
      const o = this.tmp(), k = this.tmp();
      temps.push(o, k);
      pre += `${o}=${this.expr(t.obj)};${k}=${this.expr(t.key)};`;
      return { o, k };
    });
    const vals = this.explistN(s.exprs, s.targets.length);
    pre += vals.pre;
    const valTemps: string[] = [];
    vals.items.forEach((v) => {
      const t = this.tmp();
      valTemps.push(t);
      pre += `${t}=${v ?? 'undefined'};`;
    });
    let out = pre;
    for (let i = s.targets.length - 1; i >= 0; i--) {
      out += this.assignTo(s.targets[i], valTemps[i], prepared[i]) + ';';
    }
    this.release(...temps, ...valTemps, ...vals.temps);
    return out;
  }

  private assignTo(t: A.NameExpr | A.IndexExpr, value: string, prepared: { o: string; k: string } | null): string {
    if (t.kind === 'Name') {
      const v = refOf(t);
      if (v !== undefined) return `${v.jsName}=${value}`;
      const env = this.envOf(t);
      if (t.name === '_ENV' && env === '$ENV') return `$ENV=${value}`;
      return `$gset(${env},${q(t.name)},${value})`;
    }
    const o = prepared ? prepared.o : this.expr(t.obj);
    const k = prepared ? prepared.k : this.expr(t.key);
    const desc = this.describe(t.obj);
    if (t.key.kind !== 'String') return this.setNumFast(t, o, k, value, desc, prepared !== null);
    return this.setFieldFast(t, o, k, value, desc, prepared !== null);
  }

  /**
   * `o.name = v` (a constant string key): a raw `setStr` when no `__newindex` can apply (no
   * metatable, or the field is present: `self.n = self.n + 1` on an object with a class
   * metatable), else the full path. A statement; o and v are evaluated in this order, once.
   */
  private setFieldFast(t: A.IndexExpr, obj: string, key: string, value: string, desc: string,
                       prepared: boolean): string {
    const pre: string[] = [];
    const valueAtom = isAtom(value);
    const o = prepared ? obj : this.hold(t.obj, obj, pre, !valueAtom, true);
    const v = valueAtom ? value : this.fresh(value, pre);
    const tt = this.tmp();
    this.release(tt);
    const slow = this.gen
      ? `if((${tt}=$setidxY(${o},${key},${v}${desc}))===$P)yield* $runPending()`
      : `$setidx(${o},${key},${v}${desc})`;
    return `${pre.map((x) => x + ';').join('')}if(${o} instanceof $T&&!${o}.frozen&&` +
      `(${o}.mt===undefined||${o}.strs[${key}]!==undefined))${o}.setStr(${key},${v});else ${slow}`;
  }

  /**
   * `o[k] = v` where k may be a number: overwriting a non-nil value of the array part with a
   * non-nil value is done in place (an existing key never consults `__newindex`); anything
   * else (appends, deletes, the hash part, metatables, read-only tables) takes the full path.
   * A statement. o, k and v are evaluated in this order, once.
   */
  private setNumFast(t: A.IndexExpr, obj: string, key: string, value: string, desc: string,
                     prepared: boolean): string {
    const pre: string[] = [];
    const valueAtom = isAtom(value);
    // o and k are evaluated before the value: they must not change while it runs
    const o = prepared ? obj : this.hold(t.obj, obj, pre, !valueAtom, true);
    const k = prepared ? key : this.hold(t.key, key, pre, !valueAtom, false);
    const v = valueAtom ? value : this.fresh(value, pre);
    const isNum = isNum_(k) || (k === key && this.isNumberVar(t.key));
    const tt = this.tmp(), a = this.tmp();
    this.release(tt, a);
    const slow = this.gen
      ? `if((${tt}=$setidxY(${o},${k},${v}${desc}))===$P)yield* $runPending()`
      : `$setidx(${o},${k},${v}${desc})`;
    // an append (k = #arr + 1) to a table with no other keys and no metatable is in place
    // too: no key can move over from `others`, and no __newindex can apply
    // the key's type is tested before the table's: a string key pays for one instanceof
    const arrayWrite = `if(${isNum ? '' : `typeof ${k}==='number'&&`}${o} instanceof $T&&` +
      `${v}!==undefined&&!${o}.frozen&&((${a}=${o}.arr)[${k}-1]!==undefined||` +
      `${k}===${a}.length+1&&${o}.others===undefined&&${o}.mt===undefined))${a}[${k}-1]=${v};else `;
    // a string key is a raw setStr (no helper, no metatable lookup) when no __newindex can
    // apply: the table has no metatable, or the key is present (nil deletes it in place)
    const stringWrite = isNum ? '' : `if(typeof ${k}==='string'&&${o} instanceof $T&&!${o}.frozen&&` +
      `(${o}.mt===undefined||${o}.strs[${k}]!==undefined))${o}.setStr(${k},${v});else `;
    return `${pre.map((x) => x + ';').join('')}${arrayWrite}${stringWrite}${slow}`;
  }

  private functionStat(s: FunctionStatWithBase): string {
    const fn = this.funcExpr(s.func);
    if (s.path.length === 1 && s.method === null) return this.assignTo(s.$base, fn, null) + ';';
    let obj = this.nameExpr(s.$base);
    let desc = this.describe(s.$base);
    const keys = s.path.slice(1).map((n) => n.name);
    const last = s.method ? s.method.name : keys.pop()!;
    for (const k of keys) {
      obj = this.indexCode(obj, q(k), desc);
      desc = this.descOf('field', k);
    }
    if (this.gen) return `if($setidxY(${obj},${q(last)},${fn}${desc})===$P)yield* $runPending();`;
    return `$setidx(${obj},${q(last)},${fn}${desc});`;
  }

  private returnStat(s: A.ReturnStat): string {
    const es = s.exprs;
    if (es.length === 0) return 'return $E;';
    if (es.length === 1) {
      const e = es[0];
      if (e.kind === 'Call' || e.kind === 'MethodCall') {
        return this.f.closeDepth > 0 ? `return ${this.multi(e)};` : `return ${this.tailCall(e)};`;
      }
      if (e.kind === 'Vararg') return 'return $va;';
      return `return ${this.expr(e)};`;
    }
    return `return ${this.arrayOf(es)};`;
  }

  private tailCall(e: A.CallExpr | A.MethodCallExpr): string {
    if (e.kind === 'Call') {
      const f = this.expr(e.func);
      return `${this.gen ? '$tailG' : '$tail'}(${f},${this.arrayOf(e.args)}${this.describe(e.func)})`;
    }
    const o = this.tmp();
    const obj = this.expr(e.obj);
    const m = this.indexCode(o, q(e.method), this.describe(e.obj));
    const args = this.arrayOf(e.args, o);
    this.release(o);
    return `(${o}=${obj},${this.gen ? '$tailG' : '$tail'}(${m},${args}${this.descOf('method', e.method)}))`;
  }

  /** A JS array literal of all values of an expression list (the last one expanded). */
  private arrayOf(es: A.Expr[], firstItem?: string): string {
    const parts: string[] = firstItem ? [firstItem] : [];
    es.forEach((e, i) => {
      if (i === es.length - 1 && isMulti(e)) parts.push(`...${this.multi(e)}`);
      else parts.push(this.expr(e));
    });
    return `[${parts.join(',')}]`;
  }

  private callStat(c: A.CallExpr | A.MethodCallExpr): string {
    const raw = this.callRaw(c);
    const t = this.tmp();
    this.release(t);
    if (this.gen) return `if((${t}=${raw}) instanceof $TC)yield* $runTailG(${t});`;
    return `if((${t}=${raw}) instanceof $TC)$runTail(${t});`;
  }

  private numericFor(s: A.NumericForStat): string {
    const v = this.decl(s.var);
    const L = this.loopLabel();
    const a = this.tmp(), b = this.tmp(), c = this.tmp();
    // a numeric literal needs no check (the step's is still checked for zero below)
    const num = (e: A.Expr, what: string) => constNumber(e) !== undefined ? this.expr(e) : `$forNum(${this.expr(e)},'${what}')`;
    let pre = `${a}=${num(s.start, 'initial value')};${b}=${num(s.limit, 'limit')};`;
    let stepSign = 0;
    if (s.step === null) {
      pre += `${c}=1;`;
      stepSign = 1;
    } else {
      const st = constNumber(s.step);
      if (st !== undefined && st !== 0) stepSign = st > 0 ? 1 : -1;
      pre += `${c}=$forNum(${this.expr(s.step)},'step');`;
      if (st === undefined) pre += `if(${c}===0)$forErr();`;
      else if (st === 0) pre += `$forErr();`;
    }
    const i = v.assigned ? `$i${this.labelCounter}` : v.jsName;
    const test = stepSign > 0 ? `${i}<=${b}` : stepSign < 0 ? `${i}>=${b}` : `(${c}>0?${i}<=${b}:${i}>=${b})`;
    const copy = v.assigned ? `let ${v.jsName}=${i};` : '';
    const body = this.block(s.body);
    this.f.loops.pop();
    // temps stay reserved for the loop's duration: nested code must not reuse them
    this.release(a, b, c);
    return `${pre}${L}:for(let ${i}=${a};${test};${i}+=${c}){${this.budget()}${copy}${body}\n}`;
  }

  private genericFor(s: A.GenericForStat): string {
    const L = this.loopLabel();
    const fT = this.tmp(), sT = this.tmp(), cT = this.tmp(), rT = this.tmp();
    // Lua 5.4: a fourth value is a to-be-closed "closing value", closed when the loop ends
    // in any way. Only explists that can produce a fourth value pay for it.
    const closing = s.exprs.length >= 4 || (s.exprs.length > 0 && isMulti(s.exprs[s.exprs.length - 1]));
    const init = this.explistN(s.exprs, closing ? 4 : 3);
    const zT = closing ? this.tmp() : '';
    const vars = s.names.map((n) => this.decl(n));
    const names = vars.map((v) => v.jsName);
    const k = names[0], v1 = names[1];
    const call = this.gen
      ? `${rT}=(typeof ${fT}==='function'?${fT}:$callable(${fT},'for iterator'));` +
        `${rT}=${rT}.$g!==undefined&&$C.y?yield* ${rT}.$g(${sT},${cT}):${rT}(${sT},${cT});` +
        `${rT}=${rT} instanceof $TC?yield* $allG(${rT}):$all(${rT});`
      : `${rT}=$all((typeof ${fT}==='function'?${fT}:$callable(${fT},'for iterator'))(${sT},${cT}));`;
    // an error calling the iterator names the line where the explist starts, as in Lua
    const callLine = s.exprs[0]?.line ?? s.line;
    const marked = callLine > 0 && callLine !== this.curLine ? `${this.mark(callLine)}${call}${this.mark(this.curLine)}` : call;
    const general = `${marked}${names.map((n, i) => `${n}=${rT}[${i}];`).join('')}`;
    const fast =
      `if((${fT}===$pnext||${fT}===$next)&&${sT} instanceof $T){${rT}=${sT}.next(${cT});if(${rT}===undefined)break;` +
      `${k}=${rT}[0];${v1 ? `${v1}=${rT}[1];` : ''}}` +
      `else if(${fT}===$inext&&${sT} instanceof $T&&${sT}.mt===undefined){` +
      `${rT}=${sT}.arr[${cT}];if(${rT}===undefined)break;${k}=${cT}+1;${v1 ? `${v1}=${rT};` : ''}}` +
      `else{${general}if(${k}===undefined)break;}`;
    if (closing) this.f.closeDepth++; // `return f()` in the loop is not a tail call then
    const body = this.block(s.body);
    if (closing) this.f.closeDepth--;
    this.f.loops.pop();
    this.release(fT, sT, cT, rT, ...init.temps);
    if (closing) this.release(zT);
    const head = `${init.pre}${fT}=${init.items[0]};${sT}=${init.items[1] ?? 'undefined'};${cT}=${init.items[2] ?? 'undefined'};`;
    const loop = `${L}:for(;;){${this.budget()}let ${names.join(',')};${fast}${cT}=${k};${body}\n}`;
    if (!closing) return head + loop;
    const c = `$c${++this.labelCounter}`;
    return `${head}${zT}=${init.items[3]};$checkClose(${zT},'(for state)');let ${c};` +
      `try{${loop}\n}catch($e){${c}=$e;throw $e;}finally{${this.closeCall(zT, c)}}`;
  }

  /** Leaving the scope of a to-be-closed value; in generator code its __close may yield. */
  private closeCall(v: string, err: string): string {
    return this.gen ? `yield* $closeG(${v},${err});` : `$close(${v},${err});`;
  }

  // ------------------------------------------------------------------ expressions

  /** An expression evaluated to exactly one value. */
  expr(e: A.Expr): string {
    switch (e.kind) {
      case 'Binary':
      case 'Unary':
      case 'Index':
      case 'Call':
      case 'MethodCall':
        return this.atLine(e.line, () => this.exprAt(e));
      default:
        return this.exprAt(e);
    }
  }

  /**
   * Code generated by `gen` maps to Lua line `line`: an operation on a later line than its
   * statement gets its own JS line (and the enclosing line is restored after it), so a
   * runtime error inside a multi-line expression names the line Lua would.
   */
  private atLine(line: number, gen: () => string): string {
    if (line === this.curLine || line <= 0) return gen();
    const save = this.curLine;
    this.curLine = line;
    const code = gen();
    this.curLine = save;
    return `(${this.mark(line)}${code}${this.mark(save)})`;
  }

  private exprAt(e: A.Expr): string {
    switch (e.kind) {
      case 'Nil': return 'undefined';
      case 'True': return 'true';
      case 'False': return 'false';
      case 'Number': return numLit(e.value);
      case 'String': return q(e.value);
      case 'Vararg': return '$va[0]';
      case 'Function': return this.funcExpr(e);
      case 'Table': return this.tableExpr(e);
      case 'Binary': return this.binary(e);
      case 'Unary': return this.unary(e);
      case 'Name': return this.nameExpr(e);
      case 'Index': return this.indexExpr(e);
      case 'Call':
      case 'MethodCall': return this.first(this.callRaw(e));
      case 'Paren': return this.expr(e.expr);
    }
  }

  /** All values of a call or `...`, as a JS array (may be shared: never mutated). */
  private multi(e: A.Expr): string {
    if (e.kind === 'Vararg') return '$va';
    if (e.kind === 'Call' || e.kind === 'MethodCall') {
      const raw = this.callRaw(e);
      const t = this.tmp();
      this.release(t);
      // an array (several values) is the common multi-value result: tested first, inline
      if (!this.gen) return `($isArr(${t}=${raw})?${t}:$all(${t}))`;
      return `($isArr(${t}=${raw})?${t}:${t} instanceof $TC?(yield* $allG(${t})):$all(${t}))`;
    }
    return `[${this.expr(e)}]`;
  }

  private first(raw: string): string {
    const t = this.tmp();
    this.release(t);
    // a single non-object value (number, string, boolean, function, nil) is the common result
    if (!this.gen) return `(typeof (${t}=${raw})!=='object'?${t}:$first(${t}))`;
    return `(typeof (${t}=${raw})!=='object'?${t}:${t} instanceof $TC?(yield* $firstG(${t})):$first(${t}))`;
  }

  private nameExpr(e: A.NameExpr): string {
    const v = refOf(e);
    if (v !== undefined) return v.jsName;
    const env = this.envOf(e);
    if (e.name === '_ENV' && env === '$ENV') return '$ENV'; // the chunk's environment itself
    return this.globalRead(e.name, env);
  }

  /** The environment a global name goes through: the chunk's, or a visible local `_ENV`. */
  private envOf(e: A.NameExpr): string {
    if (this.res.globalEnv.size === 0) return '$ENV';
    return this.res.globalEnv.get(e)?.jsName ?? '$ENV';
  }

  /**
   * A global read, cached per site: `$K[j]` is the `ver` of the environment the value was
   * read from (unique to that table and its contents), `$K[j+1]` the value. Globals are read
   * far more often than written, and a Map lookup per read (two for `string.format`) was a
   * large share of library-heavy loops.
   */
  private globalRead(name: string, env: string): string {
    const j = this.cacheSlots;
    this.cacheSlots += 2;
    return `($K[${j}]===${env}?.ver?$K[${j + 1}]:$gfill(${env},${q(name)},$K,${j}))`;
  }

  /** `G.k` where G is a global: the field cached per site like the global (see ffill). */
  private globalField(name: string, env: string, key: string, desc: string): string {
    const g = this.globalRead(name, env);
    const j = this.cacheSlots;
    this.cacheSlots += 2;
    const t = this.tmp(), u = this.tmp();
    this.release(t, u);
    const slow = this.gen
      ? `((${u}=$ffillY(${t},${q(key)},$K,${j}${desc}))===$P?(yield* $runPending()):${u})`
      : `$ffill(${t},${q(key)},$K,${j}${desc})`;
    return `(${t}=${g},$K[${j}]===${t}?.ver?$K[${j + 1}]:${slow})`;
  }

  /**
   * `, "desc"` for error messages about the value of expression e ('' when unknown). The
   * same few texts recur at every site, so each is built once per chunk (see descOf).
   */
  private describe(e: A.Expr): string {
    if (e.kind === 'Name') {
      const v = refOf(e);
      if (v === undefined) return this.descOf('global', e.name);
      return this.descOf(v.fn === this.f.owner ? 'local' : 'upvalue', e.name);
    }
    if (e.kind === 'Index' && e.key.kind === 'String') return this.descOf('field', e.key.value);
    if (e.kind === 'MethodCall') return this.descOf('method', e.method);
    return '';
  }

  /**
   * `,N`: the description `kind 'name'` as a number, its index in the chunk's `descs`
   * (runtime siteDesc turns it back into text when an error is raised). Numbering from 1
   * keeps every description truthy.
   */
  private descOf(kind: 'global' | 'local' | 'upvalue' | 'field' | 'method', name: string): string {
    const byName = this.descIds[kind];
    let d = byName.get(name);
    if (d === undefined) {
      this.descs.push(`${kind} '${name}'`);
      byName.set(name, d = `,${this.descs.length - 1}`);
    }
    return d;
  }

  private indexCode(obj: string, key: string, desc: string): string {
    const isStr = key.charCodeAt(0) === 34; // a string literal (callers pass literals here)
    if (isStr) {
      // a field present in the table itself is read in place: a lookup by a constant name
      // (every string store has the same map, so the site stays monomorphic); a miss
      // (methods found through __index, non-tables) takes the helper
      const o = isAtom(obj) && !isNum_(obj) ? obj : this.tmp();
      const t = this.tmp();
      this.release(t);
      if (o !== obj) this.release(o);
      const slow = this.gen
        ? `(${t}=$idxY(${o},${key}${desc}))===$P?(yield* $runPending()):${t}`
        : `$idxs(${o},${key}${desc})`;
      return `(${o === obj ? '' : `${o}=${obj},`}${o} instanceof $T&&(${t}=${o}.strs[${key}])!==undefined?${t}:${slow})`;
    }
    if (!this.gen) return `$idx(${obj},${key}${desc})`;
    const t = this.tmp();
    this.release(t);
    return `((${t}=$idxY(${obj},${key}${desc}))===$P?(yield* $runPending()):${t})`;
  }

  /**
   * `obj[key]`. A numeric key present in a table's array part is read in place: no helper
   * call, so it costs the same in big functions, where V8 stops inlining helpers. `arr[k-1]`
   * is undefined for any number that is not an index of the array part (fractions, NaN, out
   * of range), and a hole or a miss takes the full path (metatables, the hash part).
   */
  private indexExpr(e: A.IndexExpr): string {
    const desc = this.describe(e.obj);
    if (e.key.kind === 'String' && e.obj.kind === 'Name' && refOf(e.obj) === undefined && e.obj.name !== '_ENV') {
      return this.globalField(e.obj.name, this.envOf(e.obj), e.key.value, desc);
    }
    const objCode = this.expr(e.obj);
    if (e.key.kind === 'String') return this.indexCode(objCode, q(e.key.value), desc);
    const pre: string[] = [];
    // the object must still be the same value after the key's code ran
    const o = this.hold(e.obj, objCode, pre, !isAtom(this.peekKey(e.key)), true);
    const keyCode = this.expr(e.key);
    const k = isAtom(keyCode) ? keyCode : this.fresh(keyCode, pre);
    const v = this.tmp();
    this.release(v);
    const isNum = isNum_(k) || (k === keyCode && this.isNumberVar(e.key));
    const slow = this.gen
      ? `(${v}=$idxY(${o},${k}${desc}))===$P?(yield* $runPending()):${v}`
      : `$idx(${o},${k}${desc})`;
    // a string key present in the string store is read in place too
    const hit = isNum ? `(${v}=${o}.arr[${k}-1])!==undefined`
      : `(typeof ${k}==='number'?(${v}=${o}.arr[${k}-1])!==undefined:typeof ${k}==='string'&&(${v}=${o}.strs[${k}])!==undefined)`;
    return `(${pre.map((x) => x + ',').join('')}${o} instanceof $T&&${hit}?${v}:${slow})`;
  }

  /** A numeric `for` control variable never assigned in its body: always a number. */
  private isNumberVar(e: A.Expr): boolean {
    if (e.kind !== 'Name') return false;
    const v = refOf(e);
    return v !== undefined && v.forNum === true && !v.assigned;
  }

  /** Whether an expression compiles to an atom, without emitting it (names and numbers). */
  private peekKey(e: A.Expr): string {
    if (e.kind === 'Number') return numLit(e.value);
    if (e.kind === 'Name' && refOf(e) !== undefined) return 'x';
    return '(';
  }

  /**
   * A name for the value of `e` (already compiled to `code`): the code itself when reading
   * it again is harmless (a number, a temp, or a local that `later` code cannot reassign),
   * else a fresh temp assigned in `pre`.
   */
  private hold(e: A.Expr, code: string, pre: string[], later: boolean, isObj: boolean): string {
    if (code.length < 16 && /^\$t\d+$/.test(code)) return code;
    if (isNum_(code)) return isObj ? this.fresh(code, pre) : code; // `5.arr` is no JS
    if (isAtom(code)) {
      if (!later) return code;
      if (e.kind === 'Name') {
        const v = refOf(e);
        if (v !== undefined && !v.assigned) return code;
      }
    }
    return this.fresh(code, pre);
  }

  /** A temp of its own (never reused in this function), so code compiled before cannot clobber it. */
  private fresh(code: string, pre: string[]): string {
    const name = `$t${this.f.temps.length}`;
    this.f.temps.push(name);
    pre.push(`${name}=${code}`);
    return name;
  }


  /** A call expression yielding the callee's raw result (value, array or TailCall). */
  private callRaw(e: A.CallExpr | A.MethodCallExpr): string {
    const F = this.tmp();
    let self = '';
    let fexpr: string;
    let desc: string;
    if (e.kind === 'MethodCall') {
      const o = this.tmp();
      const obj = this.expr(e.obj);
      self = o;
      desc = this.descOf('method', e.method);
      fexpr = `(${o}=${obj},${this.indexCode(o, q(e.method), this.describe(e.obj))})`;
    } else {
      fexpr = this.expr(e.func);
      desc = this.describe(e.func);
    }
    // $callableD: calling a non-callable value fails after the arguments are evaluated
    const fcheck = `(typeof (${F}=${fexpr})==='function'?${F}:$callableD(${F}${desc || ',undefined'}))`;
    let out: string;
    if (!this.gen) {
      const args = this.argList(e.args, self);
      out = `${fcheck}(${args})`;
    } else {
      // evaluate arguments once into temps, then pick the twin
      const { pre, list, temps } = this.argTemps(e.args, self);
      // generator code calls twins only where a suspension can go somewhere ($C.y): run by
      // a plain caller, it calls plain functions like any plain code
      // `coroutine.yield` itself yields inline (no generator call) when the running
      // coroutine can take it; the main coroutine of a task cannot: yieldG reports that
      // one value is yielded as itself (a Lua value is never a JS array nor a HostSignal:
      // resume tells them apart), saving an array per switch
      const one = !self && e.args.length === 1 && !isMulti(e.args[0]);
      out = `(${F}=${fcheck},${pre}${F}===$Yf&&$C.y&&!$C.current.isMain?((yield ${one ? list : `[${list}]`})??$E):` +
        `${F}.$g!==undefined&&$C.y?(yield* ${F}.$g(${list})):${F}(${list}))`;
      this.release(...temps);
    }
    this.release(F);
    if (self) this.release(self);
    return out;
  }

  private argList(args: A.Expr[], self: string): string {
    const parts: string[] = self ? [self] : [];
    args.forEach((a, i) => {
      if (i === args.length - 1 && isMulti(a)) parts.push(`...${this.multi(a)}`);
      else parts.push(this.expr(a));
    });
    return parts.join(',');
  }

  private argTemps(args: A.Expr[], self: string): { pre: string; list: string; temps: string[] } {
    const parts: string[] = self ? [self] : [];
    const temps: string[] = [];
    let pre = '';
    args.forEach((a, i) => {
      const multi = i === args.length - 1 && isMulti(a);
      if (!multi && this.isSimple(a)) {
        parts.push(this.expr(a));
        return;
      }
      const code = multi ? this.multi(a) : this.expr(a);
      const t = this.tmp();
      temps.push(t);
      pre += `${t}=${code},`;
      parts.push(multi ? `...${t}` : t);
    });
    return { pre, list: parts.join(','), temps };
  }

  private funcExpr(f: A.FunctionExpr): string {
    return this.functionPair(f, f.params, f.isVararg, f.name ?? '?', f.body, f.line);
  }

  private tableExpr(e: A.TableExpr): string {
    if (e.fields.length === 0) return 'new $T()';
    if (e.fields.every((f) => f.type === 'pos')) return `new $T(${this.arrayOf(e.fields.map((f) => f.value))})`;
    // fields are evaluated in source order; the layout string tells the helper which
    // values are positional (p), key/value pairs (k), or the expanded rest (*)
    let layout = '';
    const vals: string[] = [];
    e.fields.forEach((f, i) => {
      if (f.type === 'pos') {
        if (i === e.fields.length - 1 && isMulti(f.value)) {
          layout += '*';
          vals.push(`...${this.multi(f.value)}`);
        } else {
          layout += 'p';
          vals.push(this.expr(f.value));
        }
      } else {
        layout += 'k';
        vals.push(f.type === 'named' ? q(namedKey(f)) : this.expr(f.key!), this.expr(f.value));
      }
    });
    return `$tab(${q(layout)},[${vals.join(',')}])`;
  }

  /** Operand code: simple expressions are used in place, others are saved in a temp by
   * `pre` (a comma-expression prefix) so every operand is evaluated once, left to right. */
  private operand(e: A.Expr): { pre: string; ref: string; temp: string | null } {
    const code = this.expr(e);
    if (this.isSimple(e)) return { pre: '', ref: code, temp: null };
    const t = this.tmp();
    return { pre: `${t}=${code},`, ref: t, temp: t };
  }

  /** Expressions that can be read twice at no cost and without side effects. */
  private isSimple(e: A.Expr): boolean {
    if (isLiteral(e) || e.kind === 'Number') return true;
    if (e.kind === 'Name') {
      const v = refOf(e);
      return v !== undefined && !v.assigned;
    }
    return false;
  }

  private pending(call: string): string {
    const t = this.tmp();
    this.release(t);
    return `((${t}=${call})===$P?(yield* $runPending()):${t})`;
  }

  private slow(name: string, args: string): string {
    return this.gen ? this.pending(`$${name}Y(${args})`) : `$${name}(${args})`;
  }

  private binary(e: A.BinaryExpr): string {
    const op = e.op;
    if (op === 'and' || op === 'or') return this.logical(e);
    const folded = foldConst(e);
    if (folded !== undefined) return numLit(folded);
    const a = this.operand(e.left);
    const b = this.operand(e.right);
    const pre = a.pre + b.pre;
    const A = a.ref, B = b.ref;
    const numCheck = (x: A.Expr, r: string) => (x.kind === 'Number' ? '' : `typeof ${r}==='number'`);
    const check = [numCheck(e.left, A), numCheck(e.right, B)].filter(Boolean).join('&&') || 'true';
    let out: string;
    const ev = BINOP_EVENT[op];
    if (ev !== undefined) {
      const da = this.describe(e.left), db = this.describe(e.right);
      const slowCall = this.slow('arith', `${q(ev)},${A},${B}${da || (db ? ',undefined' : '')}${db}`);
      let fast = '';
      switch (op) {
        case '+': case '-': case '*': case '/': fast = `${A}${op}${B}`; break;
        case '%': {
          // by a positive constant: JS % has the dividend's sign, Lua's the divisor's
          const c = constNumber(e.right);
          if (c !== undefined && c > 0 && c !== Infinity) {
            const r = this.tmp();
            this.release(r);
            fast = `((${r}=${A}%${B})<0?${r}+${B}:${r})`;
          } else {
            fast = `$mod(${A},${B})`;
          }
          break;
        }
        case '^': fast = `$pow(${A},${B})`; break;
        case '//': fast = `$floor(${A}/${B})`; break;
      }
      out = fast ? `(${pre}${check}?${fast}:${slowCall})` : `(${pre}${slowCall})`;
    } else if (op === '..') {
      const da = this.describe(e.left), db = this.describe(e.right);
      const strCheck = [e.left, e.right].map((x, i) => (x.kind === 'String' ? '' : `typeof ${i ? B : A}==='string'`))
        .filter(Boolean).join('&&') || 'true';
      out = `(${pre}${strCheck}?${A}+${B}:${this.slow('concat', `${A},${B}${da || (db ? ',undefined' : '')}${db}`)})`;
    } else if (op === '==' || op === '~=') {
      const neg = op === '~=' ? '!' : '';
      if (isLiteral(e.left) || isLiteral(e.right)) out = `(${pre}${A}${neg ? '!==' : '==='}${B})`;
      else {
        const meta = this.gen ? this.pending(`$eqY(${A},${B})`) : `$eq(${A},${B})`;
        out = `(${pre}${neg}(${A}===${B}||(typeof ${A}==='object'&&typeof ${B}==='object'&&${meta})))`;
      }
    } else {
      // < <= > >=: a > b is b < a; operands are still evaluated left to right
      const [x, y] = op === '<' || op === '<=' ? [A, B] : [B, A];
      const jsop = op === '<' || op === '>' ? '<' : '<=';
      out = `(${pre}${check}?${x}${jsop}${y}:${this.slow(jsop === '<' ? 'lt' : 'le', `${x},${y}`)})`;
    }
    this.release(a.temp, b.temp);
    return out;
  }

  private logical(e: A.BinaryExpr): string {
    const t = this.tmp();
    const left = this.expr(e.left);
    const right = this.expr(e.right);
    this.release(t);
    if (e.op === 'and') return `((${t}=${left})===undefined||${t}===false?${t}:${right})`;
    return `((${t}=${left})!==undefined&&${t}!==false?${t}:${right})`;
  }

  private unary(e: A.UnaryExpr): string {
    if (e.op === 'not') return `!${this.cond(e.operand)}`;
    if (e.op === '-' && e.operand.kind === 'Number') return numLit(-e.operand.value);
    const a = this.operand(e.operand);
    const desc = this.describe(e.operand);
    let out: string;
    switch (e.op) {
      case '-':
        out = `(${a.pre}typeof ${a.ref}==='number'?-${a.ref}:${this.slow('arith', `"unm",${a.ref},${a.ref}${desc}`)})`;
        break;
      case '~':
        out = `(${a.pre}${this.slow('arith', `"bnot",${a.ref},${a.ref}${desc}`)})`;
        break;
      default:
        // `#t` of a table without a metatable is its array part's length (see table.ts)
        out = `(${a.pre}${a.ref} instanceof $T&&${a.ref}.mt===undefined?${a.ref}.arr.length:` +
          `${this.slow('len', `${a.ref}${desc}`)})`;
    }
    this.release(a.temp);
    return out;
  }

  /** A JS boolean expression for a Lua condition. */
  private cond(e: A.Expr): string {
    if (e.kind === 'True') return 'true';
    if (e.kind === 'False' || e.kind === 'Nil') return 'false';
    if (e.kind === 'Binary' && ['==', '~=', '<', '<=', '>', '>='].includes(e.op)) return this.expr(e);
    if (e.kind === 'Unary' && e.op === 'not') return this.expr(e);
    if (e.kind === 'Binary' && (e.op === 'and' || e.op === 'or')) {
      const js = e.op === 'and' ? '&&' : '||';
      return `(${this.cond(e.left)}${js}${this.cond(e.right)})`;
    }
    const t = this.tmp();
    const code = this.expr(e);
    this.release(t);
    return `((${t}=${code})!==undefined&&${t}!==false)`;
  }
}

// ---------------------------------------------------------------- expression facts

/** loop edges counted locally before they are charged to the shared budget (see budget()) */
const BUDGET_CHUNK = 256;

/** generated code that can be evaluated twice: a JS name (locals, temps) or a number */
const ATOM = /^(?:[A-Za-z_$][\w$]*|\d+(?:\.\d+)?)$/;
const NUM_ATOM = /^\d+(?:\.\d+)?$/;

// Length first: a regex test flattens V8's rope of a long generated string, and doing that
// at every nesting level made code generation quadratic in garbage.
function isAtom(code: string): boolean {
  return code.length < 64 && ATOM.test(code);
}
function isNum_(code: string): boolean {
  return code.length < 32 && NUM_ATOM.test(code);
}

function isMulti(e: A.Expr): boolean {
  return e.kind === 'Call' || e.kind === 'MethodCall' || e.kind === 'Vararg';
}

function isLiteral(e: A.Expr): boolean {
  return e.kind === 'Nil' || e.kind === 'True' || e.kind === 'False' || e.kind === 'String' ||
    (e.kind === 'Number' && e.value === e.value);
}

function namedKey(f: A.TableField): string {
  return (f.key as A.StringExpr).value;
}

function constNumber(e: A.Expr): number | undefined {
  if (e.kind === 'Number') return e.value;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Number') return -e.operand.value;
  return undefined;
}

function foldConst(e: A.BinaryExpr): number | undefined {
  const a = constNumber(e.left), b = constNumber(e.right);
  if (a === undefined || b === undefined) return undefined;
  switch (e.op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? undefined : a / b;
    case '^': return Math.pow(a, b);
    default: return undefined;
  }
}
