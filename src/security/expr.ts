// The boolean expressions of `security.policy.expr` entries: a subset of expr-lang large
// enough for policies — literals, field access (`actor.meta.role`, `meta["x"]`), arrays,
// `== != < > <= >=`, `&& || !` (and `and or not`), `in` / `not in`, `matches`, `contains`,
// `startsWith`, `endsWith`, `+ - * / %`. Parsed once when the policy loads; a syntax error
// is reported on the entry. Evaluation never throws: a type mismatch yields false/nil.

type Node =
  | { t: 'lit'; v: unknown }
  | { t: 'name'; name: string }
  | { t: 'member'; obj: Node; key: Node }
  | { t: 'array'; items: Node[] }
  | { t: 'unary'; op: string; arg: Node }
  | { t: 'binary'; op: string; left: Node; right: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<=|>=|&&|\|\||[<>!+\-*/%().,[\]]))/y;

interface Tok { kind: 'num' | 'str' | 'id' | 'op' | 'end'; text: string; value?: unknown }

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (m === null) throw new Error(`unexpected character '${src.slice(pos).trim()[0]}' at offset ${pos}`);
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'num', text: m[1], value: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ kind: 'str', text: m[2], value: unquote(m[2]) });
    else if (m[3] !== undefined) out.push({ kind: 'id', text: m[3] });
    else out.push({ kind: 'op', text: m[4] });
  }
  out.push({ kind: 'end', text: 'end of expression' });
  return out;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c] ?? c);
}

const WORD_OPS: Record<string, string> = { and: '&&', or: '||' };
const CMP = new Set(['==', '!=', '<', '>', '<=', '>=', 'in', 'matches', 'contains', 'startsWith', 'endsWith']);

class Parser {
  private i = 0;
  constructor(private toks: Tok[]) {}
  private peek(): Tok { return this.toks[this.i]; }
  private next(): Tok { return this.toks[this.i++]; }
  private isOp(text: string): boolean {
    const t = this.peek();
    return (t.kind === 'op' && t.text === text) || (t.kind === 'id' && (WORD_OPS[t.text] ?? t.text) === text);
  }
  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw new Error(`expected '${text}', got '${t.text}'`);
  }

  parse(): Node {
    const n = this.or();
    if (this.peek().kind !== 'end') throw new Error(`unexpected '${this.peek().text}'`);
    return n;
  }
  private or(): Node {
    let left = this.and();
    while (this.isOp('||')) { this.next(); left = { t: 'binary', op: '||', left, right: this.and() }; }
    return left;
  }
  private and(): Node {
    let left = this.cmp();
    while (this.isOp('&&')) { this.next(); left = { t: 'binary', op: '&&', left, right: this.cmp() }; }
    return left;
  }
  private cmp(): Node {
    const left = this.add();
    const t = this.peek();
    if (t.kind === 'id' && t.text === 'not' && this.toks[this.i + 1]?.text === 'in') {
      this.i += 2;
      return { t: 'unary', op: '!', arg: { t: 'binary', op: 'in', left, right: this.add() } };
    }
    if ((t.kind === 'op' || t.kind === 'id') && CMP.has(t.text)) {
      this.next();
      return { t: 'binary', op: t.text, left, right: this.add() };
    }
    return left;
  }
  private add(): Node {
    let left = this.mul();
    while (this.isOp('+') || this.isOp('-')) { const op = this.next().text; left = { t: 'binary', op, left, right: this.mul() }; }
    return left;
  }
  private mul(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) { const op = this.next().text; left = { t: 'binary', op, left, right: this.unary() }; }
    return left;
  }
  private unary(): Node {
    if (this.isOp('!') || this.isOp('not')) { this.next(); return { t: 'unary', op: '!', arg: this.unary() }; }
    if (this.isOp('-')) { this.next(); return { t: 'unary', op: '-', arg: this.unary() }; }
    return this.postfix();
  }
  private postfix(): Node {
    let n = this.primary();
    for (;;) {
      if (this.isOp('.')) {
        this.next();
        const id = this.next();
        if (id.kind !== 'id') throw new Error(`expected a field name after '.', got '${id.text}'`);
        n = { t: 'member', obj: n, key: { t: 'lit', v: id.text } };
      } else if (this.isOp('[')) {
        this.next();
        const key = this.or();
        this.expect(']');
        n = { t: 'member', obj: n, key };
      } else return n;
    }
  }
  private primary(): Node {
    const t = this.next();
    if (t.kind === 'num' || t.kind === 'str') return { t: 'lit', v: t.value };
    if (t.kind === 'id') {
      if (t.text === 'true') return { t: 'lit', v: true };
      if (t.text === 'false') return { t: 'lit', v: false };
      if (t.text === 'nil' || t.text === 'null') return { t: 'lit', v: undefined };
      return { t: 'name', name: t.text };
    }
    if (t.text === '(') { const n = this.or(); this.expect(')'); return n; }
    if (t.text === '[') {
      const items: Node[] = [];
      if (!this.isOp(']')) {
        items.push(this.or());
        while (this.isOp(',')) { this.next(); items.push(this.or()); }
      }
      this.expect(']');
      return { t: 'array', items };
    }
    throw new Error(`unexpected '${t.text}'`);
  }
}

export type CompiledExpr = (env: Record<string, unknown>) => unknown;

/** Parses an expression; throws an Error with a readable message on a syntax error. */
export function compileExpr(source: string): CompiledExpr {
  const ast = new Parser(tokenize(source)).parse();
  return (env) => evaluate(ast, env);
}

function equal(a: unknown, b: unknown): boolean {
  return a === b || (a == null && b == null);
}

function evaluate(n: Node, env: Record<string, unknown>): unknown {
  switch (n.t) {
    case 'lit': return n.v;
    case 'name': return Object.prototype.hasOwnProperty.call(env, n.name) ? env[n.name] : undefined;
    case 'array': return n.items.map((x) => evaluate(x, env));
    case 'member': {
      const obj = evaluate(n.obj, env);
      const key = evaluate(n.key, env);
      if (Array.isArray(obj) && typeof key === 'number') return obj[key];
      if (typeof obj !== 'object' || obj === null || typeof key !== 'string') return undefined;
      return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
    }
    case 'unary': {
      const v = evaluate(n.arg, env);
      return n.op === '!' ? !truthy(v) : typeof v === 'number' ? -v : undefined;
    }
    case 'binary': {
      if (n.op === '&&') return truthy(evaluate(n.left, env)) && truthy(evaluate(n.right, env));
      if (n.op === '||') return truthy(evaluate(n.left, env)) || truthy(evaluate(n.right, env));
      const a = evaluate(n.left, env), b = evaluate(n.right, env);
      switch (n.op) {
        case '==': return equal(a, b);
        case '!=': return !equal(a, b);
        case '<': return both(a, b) && (a as number) < (b as number);
        case '>': return both(a, b) && (a as number) > (b as number);
        case '<=': return both(a, b) && (a as number) <= (b as number);
        case '>=': return both(a, b) && (a as number) >= (b as number);
        case 'in':
          if (Array.isArray(b)) return b.some((x) => equal(x, a));
          return typeof b === 'object' && b !== null && typeof a === 'string' && Object.prototype.hasOwnProperty.call(b, a);
        case 'contains': return typeof a === 'string' && typeof b === 'string' && a.includes(b);
        case 'startsWith': return typeof a === 'string' && typeof b === 'string' && a.startsWith(b);
        case 'endsWith': return typeof a === 'string' && typeof b === 'string' && a.endsWith(b);
        case 'matches':
          if (typeof a !== 'string' || typeof b !== 'string') return false;
          try { return new RegExp(b).test(a); } catch { return false; }
        case '+':
          if (typeof a === 'number' && typeof b === 'number') return a + b;
          return typeof a === 'string' && typeof b === 'string' ? a + b : undefined;
        case '-': return both(a, b) ? (a as number) - (b as number) : undefined;
        case '*': return both(a, b) ? (a as number) * (b as number) : undefined;
        case '/': return both(a, b) ? (a as number) / (b as number) : undefined;
        case '%': return both(a, b) ? (a as number) % (b as number) : undefined;
      }
      return undefined;
    }
  }
}

function both(a: unknown, b: unknown): boolean {
  return (typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string');
}

function truthy(v: unknown): boolean {
  return v !== undefined && v !== null && v !== false;
}
