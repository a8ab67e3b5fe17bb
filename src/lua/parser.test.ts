import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parse, LuaSyntaxError } from './parser.js';
import type { Chunk, Expr, Stat, FunctionExpr, LocalStat, TypeDeclStat, TableExpr } from './ast.js';

// ------------------------------------------------------------------ helpers

function chunk(src: string): Chunk {
  return parse(src, 'x.lua');
}

function stats(src: string): Stat[] {
  return chunk(src).body.stats;
}

/** The expression `src` (parsed as `return <src>`). */
function expr(src: string): Expr {
  const s = stats(`return ${src}`)[0];
  assert.equal(s.kind, 'Return');
  return s.exprs[0];
}

/** A compact S-expression view of an expression, for precedence / shape checks. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'Nil': return 'nil';
    case 'True': return 'true';
    case 'False': return 'false';
    case 'Vararg': return '...';
    case 'Number': return String(e.value);
    case 'String': return JSON.stringify(e.value);
    case 'Name': return e.name;
    case 'Index': return `${show(e.obj)}[${show(e.key)}]`;
    case 'Call': return `${show(e.func)}(${e.args.map(show).join(', ')})`;
    case 'MethodCall': return `${show(e.obj)}:${e.method}(${e.args.map(show).join(', ')})`;
    case 'Binary': return `(${e.op} ${show(e.left)} ${show(e.right)})`;
    case 'Unary': return `(${e.op} ${show(e.operand)})`;
    case 'Paren': return `<${show(e.expr)}>`;
    case 'Function': return `function/${e.params.length}${e.isVararg ? '+' : ''}`;
    case 'Table':
      return `{${e.fields.map((f) => f.type === 'pos' ? show(f.value)
        : f.type === 'named' ? `${(f.key as { value: string }).value}=${show(f.value)}`
          : `[${show(f.key!)}]=${show(f.value)}`).join(', ')}}`;
  }
}

/** The message of the syntax error `src` raises. */
function errorOf(src: string, chunkname = 'x.lua'): string {
  try {
    parse(src, chunkname);
  } catch (e) {
    assert.ok(e instanceof LuaSyntaxError, `not a LuaSyntaxError: ${String(e)}`);
    return e.message;
  }
  assert.fail(`no error for: ${src}`);
}

/**
 * JSON of a chunk with every annotation removed: LocalStat.types, Param.type,
 * FunctionExpr.generics/returnTypes and TypeDecl statements. What remains is the runtime AST.
 */
function runtimeJson(c: Chunk): string {
  return JSON.stringify(c, (key, value: unknown) => {
    if (key === 'types' || key === 'returnTypes' || key === 'generics') return undefined;
    // Param.type is a TypeExpr or null; TableField.type is a string and must stay
    if (key === 'type' && typeof value !== 'string') return undefined;
    if (key === 'stats') return (value as Stat[]).filter((s) => s.kind !== 'TypeDecl');
    return value;
  });
}

/** The annotated program parses to the same runtime AST as the plain one (same line layout). */
function assertSameRuntime(annotated: string, plain: string): void {
  assert.equal(runtimeJson(chunk(annotated)), runtimeJson(chunk(plain)));
}

// ------------------------------------------------------------------ expressions

describe('operator precedence', () => {
  const cases: [string, string][] = [
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 * 2 + 3', '(+ (* 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['2 ^ 3 ^ 2', '(^ 2 (^ 3 2))'],
    ['-x ^ 2', '(- (^ x 2))'],
    ['2 ^ -x', '(^ 2 (- x))'],
    ['-x * y', '(* (- x) y)'],
    ['not a == b', '(== (not a) b)'],
    ['a .. b .. c', '(.. a (.. b c))'],
    ['a + b .. c + d', '(.. (+ a b) (+ c d))'],
    ['a or b and c', '(or a (and b c))'],
    ['a and b or c and d', '(or (and a b) (and c d))'],
    ['a < b == c', '(== (< a b) c)'],
    ['a | b ~ c & d', '(| a (~ b (& c d)))'],
    ['a & b << c', '(& a (<< b c))'],
    ['a << b .. c', '(<< a (.. b c))'],
    ['a == b | c', '(== a (| b c))'],
    ['1 << 2 >> 3', '(>> (<< 1 2) 3)'],
    ['a // b * c % d / e', '(/ (% (* (// a b) c) d) e)'],
    ['#t + 1', '(+ (# t) 1)'],
    ['~a ~ b', '(~ (~ a) b)'],
    ['- - x', '(- (- x))'],
    ['not not x', '(not (not x))'],
    ['#t ^ 2', '(# (^ t 2))'],
    ['a ~= b and c >= d or e <= f', '(or (and (~= a b) (>= c d)) (<= e f))'],
    ['(a + b) * c', '(* (+ a b) c)'],
    ['a.b.c', 'a["b"]["c"]'],
    ['a[b][c]', 'a[b][c]'],
    ['f(a)(b)', 'f(a)(b)'],
    ['a.b:c(d).e', 'a["b"]:c(d)["e"]'],
    ['f"s"', 'f("s")'],
    ['f{1}', 'f({1})'],
    ['f[[x]]', 'f("x")'],
    ['o:m"s"', 'o:m("s")'],
  ];
  for (const [src, shape] of cases) {
    test(src, () => assert.equal(show(expr(src)), shape));
  }
});

describe('simple expressions', () => {
  test('literals', () => {
    assert.equal(show(expr('nil')), 'nil');
    assert.equal(show(expr('true')), 'true');
    assert.equal(show(expr('false')), 'false');
    assert.equal(show(expr('...')), '...');
  });

  test('parentheses truncate only calls and varargs', () => {
    assert.equal(show(expr('(f())')), '<f()>');
    assert.equal(show(expr('(o:m())')), '<o:m()>');
    assert.equal(show(expr('(...)')), '<...>');
    assert.equal(show(expr('(a)')), 'a');
    assert.equal(show(expr('((a + b))')), '(+ a b)');
    assert.equal(show(expr('(f)()')), 'f()');
    assert.equal(show(expr('(f())()')), '<f()>()');
  });

  test('table constructors', () => {
    assert.equal(show(expr('{}')), '{}');
    assert.equal(show(expr('{1, 2; 3,}')), '{1, 2, 3}');
    assert.equal(show(expr('{x = 1, ["y"] = 2, [3] = 4; f()}')), '{x=1, ["y"]=2, [3]=4, f()}');
    assert.equal(show(expr('{x == 1}')), '{(== x 1)}');
    const t = expr('{a = 1, 2, [k] = v}') as TableExpr;
    assert.deepEqual(t.fields.map((f) => f.type), ['named', 'pos', 'keyed']);
    assert.equal(t.fields[1].key, null);
    assert.deepEqual(t.fields[0].key, { kind: 'String', line: 1, value: 'a' });
  });

  test('contextual annotation words are ordinary names and fields', () => {
    assert.equal(show(expr('{type = 1, is = 2, as = 3}')), '{type=1, is=2, as=3}');
    assert.equal(show(expr('x.is + T:is(v)')), '(+ x["is"] T:is(v))');
    assert.equal(show(expr('type(x)')), 'type(x)');
    assert.equal(show(expr('as + interface + typeof + keyof + fun + extends')),
      '(+ (+ (+ (+ (+ as interface) typeof) keyof) fun) extends)');
  });

  test('function expressions', () => {
    const f = expr('function(a, b, ...) return a end') as FunctionExpr;
    assert.equal(f.kind, 'Function');
    assert.deepEqual(f.params.map((p) => p.name.name), ['a', 'b']);
    assert.equal(f.isVararg, true);
    assert.equal(f.name, null);
    assert.equal(f.returnTypes, null);
    assert.deepEqual(f.generics, []);
    assert.equal(f.body.stats.length, 1);
  });
});

// ------------------------------------------------------------------ lexical details

describe('numbers', () => {
  const cases: [string, number][] = [
    ['3', 3], ['3.0', 3], ['3.1416', 3.1416], ['314.16e-2', 3.1416], ['0.31416E1', 3.1416],
    ['34e1', 340], ['.5', 0.5], ['5.', 5], ['1e+2', 100],
    ['0xff', 255], ['0XBEBADA', 0xbebada], ['0xA', 10],
    ['0x0.1E', 0.1171875], ['0xA23p-4', 162.1875], ['0X1.921FB54442D18P+1', Math.PI],
    ['0x1p4', 16], ['0x.8', 0.5],
    ['9007199254740993', 9007199254740992], ['0xffffffffffffffff', 18446744073709552000],
    ['123456789012345678', 123456789012345680],
  ];
  for (const [src, value] of cases) {
    test(src, () => assert.deepEqual(expr(src), { kind: 'Number', line: 1, value }));
  }

  test('malformed numbers', () => {
    assert.equal(errorOf('x = 3x'), "x.lua:1: malformed number near '3x'");
    assert.equal(errorOf('x = 0x'), "x.lua:1: malformed number near '0x'");
    assert.equal(errorOf('x = 1e'), "x.lua:1: malformed number near '1e'");
    assert.equal(errorOf('x = 1..2'), "x.lua:1: malformed number near '1..2'");
    assert.equal(errorOf('x = 1.2.3'), "x.lua:1: malformed number near '1.2.3'");
    assert.equal(errorOf('x = 0b101'), "x.lua:1: malformed number near '0b101'");
    assert.equal(errorOf('x = 3_000'), "x.lua:1: malformed number near '3_'");
  });

  test('a number followed by .. needs a space', () => {
    assert.equal(show(expr('1 .. 2')), '(.. 1 2)');
  });
});

describe('strings', () => {
  const str = (src: string): string => {
    const e = expr(src);
    assert.equal(e.kind, 'String');
    return e.value;
  };

  test('simple escapes', () => {
    assert.equal(str(String.raw`"\a\b\f\n\r\t\v\\\"\'"`), '\x07\b\f\n\r\t\v\\"\'');
    assert.equal(str(`'say "hi"'`), 'say "hi"');
  });

  test('decimal escapes', () => {
    assert.equal(str(String.raw`"\65\066\0677"`), 'ABC7'); // at most three digits
    assert.equal(str(String.raw`"\0\00\000"`), '\0\0\0');
    assert.equal(str(String.raw`"\255"`), '\xff');
    assert.equal(errorOf(String.raw`x = "\256"`), String.raw`x.lua:1: decimal escape too large near '"\256"'`);
  });

  test('\\x, \\z and \\u{...}', () => {
    assert.equal(str(String.raw`"\x41\xfF"`), 'A\xff');
    assert.equal(str('"a\\z   \n\t  b"'), 'ab');
    assert.equal(str(String.raw`"\u{41}\u{E9}\u{20AC}\u{1F600}"`), 'A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80');
    assert.equal(str(String.raw`"\u{7FFFFFFF}"`), '\xfd\xbf\xbf\xbf\xbf\xbf');
    assert.equal(errorOf(String.raw`x = "\xZZ"`), String.raw`x.lua:1: hexadecimal digit expected near '"\xZ'`);
    assert.equal(errorOf(String.raw`x = "\u{110000000}"`), String.raw`x.lua:1: UTF-8 value too large near '"\u{110000000'`);
    assert.equal(errorOf(String.raw`x = "\u{12"`), String.raw`x.lua:1: missing '}' near '"\u{12"'`);
    assert.equal(errorOf(String.raw`x = "\u12"`), String.raw`x.lua:1: missing '{' near '"\u1'`);
  });

  test('backslash-newline', () => {
    assert.equal(str('"a\\\nb"'), 'a\nb');
    assert.equal(str('"a\\\r\nb"'), 'a\nb');
    const c = chunk('x = "a\\\r\nb"\ny = 1');
    assert.equal(c.body.stats[1].line, 3);
  });

  test('bytes stay bytes', () => {
    // the source is a byte string: UTF-8 arrives as its bytes and is kept as is
    assert.equal(str('"\xc3\xa9"'), '\xc3\xa9');
  });

  test('long strings', () => {
    assert.equal(str('[[abc]]'), 'abc');
    assert.equal(str('[[\nabc]]'), 'abc');
    assert.equal(str('[[\r\nabc]]'), 'abc');
    assert.equal(str('[[\n\nabc]]'), '\nabc');
    assert.equal(str('[==[a]]b]=]c]==]'), 'a]]b]=]c');
    assert.equal(str('[[a\r\nb\n\rc\rd\ne]]'), 'a\nb\nc\nd\ne');
    assert.equal(str('[[\\n]]'), '\\n');
    const c = chunk('x = [[\na\nb\n]]\ny = 1');
    assert.equal(c.body.stats[1].line, 5);
  });

  test('string errors', () => {
    assert.equal(errorOf('x = "abc\ny'), `x.lua:1: unfinished string near '"abc'`);
    assert.equal(errorOf('x = "abc'), "x.lua:1: unfinished string near '<eof>'");
    assert.equal(errorOf(String.raw`x = "\q"`), String.raw`x.lua:1: invalid escape sequence near '"\q'`);
    assert.equal(errorOf('x = [==[abc'), "x.lua:1: unfinished long string (starting at line 1) near '<eof>'");
    assert.equal(errorOf('x = [=a'), "x.lua:1: invalid long string delimiter near '[='");
  });
});

describe('comments, whitespace, lines', () => {
  test('comments', () => {
    const s = stats('-- line\nx = 1 -- trailing\n--[[ long\ncomment ]] y = 2\n--[==[\n]]\n]==]z = 3');
    assert.deepEqual(s.map((st) => [st.kind, st.line]), [['Assign', 2], ['Assign', 4], ['Assign', 7]]);
    assert.equal(errorOf('--[[ abc'), "x.lua:1: unfinished long comment (starting at line 1) near '<eof>'");
  });

  test('a malformed long bracket after -- is a line comment', () => {
    assert.deepEqual(stats('--[= not long\nx = 1').map((st) => st.line), [2]);
  });

  test('shebang line', () => {
    const s = stats('#!/usr/bin/env lua\nx = 1');
    assert.equal(s.length, 1);
    assert.equal(s[0].line, 2);
  });

  test('line endings: \\n, \\r\\n, \\r, \\n\\r each count once', () => {
    assert.deepEqual(stats('a()\r\nb()\rc()\n\rd()\ne()').map((st) => st.line), [1, 2, 3, 4, 5]);
  });

  test('node lines', () => {
    const c = chunk('local function f(a)\n  return a +\n    1\nend\nf(\n2)');
    const lf = c.body.stats[0];
    assert.equal(lf.kind, 'LocalFunction');
    assert.equal(lf.func.line, 1);
    assert.equal(lf.func.endLine, 4);
    const ret = lf.func.body.stats[0];
    assert.equal(ret.kind, 'Return');
    assert.equal(ret.line, 2);
    assert.equal(ret.exprs[0].line, 2); // the operator's line, like Lua's error positions
    const call = c.body.stats[1];
    assert.equal(call.kind, 'CallStat');
    assert.equal(call.line, 5);
    assert.equal(c.body.endLine, 6);
  });
});

// ------------------------------------------------------------------ statements

describe('statements', () => {
  test('local', () => {
    const [s] = stats('local a, b <const>, c <close> = 1, 2');
    assert.equal(s.kind, 'Local');
    assert.deepEqual(s.names.map((n) => [n.name, n.line]), [['a', 1], ['b', 1], ['c', 1]]);
    assert.deepEqual(s.attribs, [null, 'const', 'close']);
    assert.deepEqual(s.types, [null, null, null]);
    assert.equal(s.exprs.length, 2);
    const [s2] = stats('local x');
    assert.equal(s2.kind === 'Local' && s2.exprs.length, 0);
  });

  test('assignment', () => {
    const [s] = stats('a, b.c, d[1] = 1, 2, 3');
    assert.equal(s.kind, 'Assign');
    assert.deepEqual(s.targets.map(show), ['a', 'b["c"]', 'd[1]']);
    assert.deepEqual(s.exprs.map(show), ['1', '2', '3']);
    assert.equal(show((stats('(a).b = 1')[0] as { targets: Expr[] }).targets[0]), 'a["b"]');
    assert.equal(show((stats('f().x = 1')[0] as { targets: Expr[] }).targets[0]), 'f()["x"]');
  });

  test('call statements', () => {
    // no statement separator is needed; `f{} (g)()` would be one call chain, as in Lua
    const s = stats('f() o:m(1) f"x" f{}; (g)() a.b.c()');
    assert.deepEqual(s.map((st) => st.kind === 'CallStat' ? show(st.call) : st.kind),
      ['f()', 'o:m(1)', 'f("x")', 'f({})', 'g()', 'a["b"]["c"]()']);
  });

  test('do / while / repeat', () => {
    const [d, w, r] = stats('do x() end while a do b() end repeat local y = 1 until y');
    assert.equal(d.kind === 'Do' && d.body.stats.length, 1);
    assert.equal(w.kind === 'While' && show(w.cond), 'a');
    assert.equal(r.kind === 'Repeat' && show(r.cond), 'y');
  });

  test('if / elseif / else', () => {
    const [s] = stats('if a then x()\nelseif b then y()\nelseif c then\nelse z() end');
    assert.equal(s.kind, 'If');
    assert.deepEqual(s.clauses.map((c) => [show(c.cond), c.line, c.body.stats.length]),
      [['a', 1, 1], ['b', 2, 1], ['c', 3, 0]]);
    assert.equal(s.orelse?.stats.length, 1);
    const [s2] = stats('if a then end');
    assert.equal(s2.kind === 'If' && s2.orelse, null);
  });

  test('numeric and generic for', () => {
    const [n, g] = stats('for i = 1, 10, 2 do end for k, v in pairs(t) do end');
    assert.equal(n.kind, 'NumericFor');
    assert.equal(n.var.name, 'i');
    assert.deepEqual([show(n.start), show(n.limit), n.step && show(n.step)], ['1', '10', '2']);
    assert.equal(g.kind, 'GenericFor');
    assert.deepEqual(g.names.map((x) => x.name), ['k', 'v']);
    assert.deepEqual(g.exprs.map(show), ['pairs(t)']);
    const [n2] = stats('for i = 1, 2 do end');
    assert.equal(n2.kind === 'NumericFor' && n2.step, null);
  });

  test('function statements and names', () => {
    const [a, b, c] = stats('function foo() end function a.b.c() end function a.b:m(x) return self end');
    assert.equal(a.kind, 'Function');
    assert.deepEqual(a.path.map((n) => n.name), ['foo']);
    assert.equal(a.method, null);
    assert.equal(a.func.name, 'foo');
    assert.equal(b.kind === 'Function' && b.func.name, 'a.b.c');
    assert.equal(c.kind, 'Function');
    assert.deepEqual(c.path.map((n) => n.name), ['a', 'b']);
    assert.equal(c.method?.name, 'm');
    assert.equal(c.func.name, 'a.b:m');
    assert.deepEqual(c.func.params.map((p) => p.name.name), ['self', 'x']);
  });

  test('local function', () => {
    const [s] = stats('local function fact(n) return n == 0 and 1 or n * fact(n - 1) end');
    assert.equal(s.kind, 'LocalFunction');
    assert.equal(s.name.name, 'fact');
    assert.equal(s.func.name, 'fact');
  });

  test('return, break, goto, labels, empty statements', () => {
    assert.deepEqual(stats(';;return').map((s) => s.kind), ['Return']);
    const [r] = stats('return 1, 2;');
    assert.equal(r.kind === 'Return' && r.exprs.length, 2);
    const s = stats('while true do break end ::top:: goto top');
    assert.deepEqual(s.map((x) => x.kind), ['While', 'Label', 'Goto']);
    const w = s[0];
    assert.equal(w.kind === 'While' && w.body.stats[0].kind, 'Break');
  });

  test('block endLine', () => {
    const [s] = stats('do\n  x()\nend');
    assert.equal(s.kind === 'Do' && s.body.endLine, 3);
  });
});

// ------------------------------------------------------------------ errors

describe('syntax errors read like Lua', () => {
  const cases: [string, string][] = [
    ['x = 1 +', "x.lua:1: unexpected symbol near '<eof>'"],
    ['f(\n)\n+ 1', "x.lua:3: unexpected symbol near '+'"],
    ['x = $', "x.lua:1: unexpected symbol near '$'"],
    ['x = \xc3', "x.lua:1: unexpected symbol near '<\\195>'"],
    ['function f()\nlocal x = 1\n\n\n', "x.lua:5: 'end' expected (to close 'function' at line 1) near '<eof>'"],
    ['if x then', "x.lua:1: 'end' expected near '<eof>'"],
    ['local a\na, b y', "x.lua:2: '=' expected near 'y'"],
    ['local x\nx y', "x.lua:2: syntax error near 'y'"],
    ['x', "x.lua:1: syntax error near '<eof>'"],
    ['(a) = 1', "x.lua:1: syntax error near '='"],
    ['a, (b) = 1, 2', "x.lua:1: syntax error near '='"],
    ['f() = 1', "x.lua:1: syntax error near '='"],
    ['(f())', "x.lua:1: syntax error near '<eof>'"],
    ['a.b:c = 1', "x.lua:1: function arguments expected near '='"],
    ['for i = 1 do end', "x.lua:1: ',' expected near 'do'"],
    ['for a.b = 1, 2 do end', "x.lua:1: '=' or 'in' expected near '.'"],
    ['return 1 2', "x.lua:1: '<eof>' expected near '2'"],
    ['x = (1', "x.lua:1: ')' expected near '<eof>'"],
    ['x = (1\n\n', "x.lua:3: ')' expected (to close '(' at line 1) near '<eof>'"],
    ['x = {1', "x.lua:1: '}' expected near '<eof>'"],
    ['function f(1) end', "x.lua:1: <name> or '...' expected near '1'"],
    ['local function f.g() end', "x.lua:1: '(' expected near '.'"],
    ['goto = 1', "x.lua:1: '<name>' expected near '='"],
    ['if x then else elseif y then end', "x.lua:1: 'end' expected near 'elseif'"],
    ['function f() return ... end', "x.lua:1: cannot use '...' outside a vararg function near '...'"],
    ['local x <foo> = 1', "x.lua:1: unknown attribute 'foo'"],
    ['local x <close>, y <close> = 1, 2', 'x.lua:1: multiple to-be-closed variables in local list'],
  ];
  for (const [src, message] of cases) {
    test(JSON.stringify(src), () => assert.equal(errorOf(src), message));
  }

  test('error fields', () => {
    try {
      parse('x = = 1', 'app/worker.lua');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof LuaSyntaxError);
      assert.equal(e.chunkname, 'app/worker.lua');
      assert.equal(e.line, 1);
      assert.equal(e.reason, "unexpected symbol near '='");
      assert.equal(e.message, "app/worker.lua:1: unexpected symbol near '='");
    }
  });

  test('varargs are allowed in the main chunk and vararg functions only', () => {
    assert.doesNotThrow(() => chunk('local a, b = ...'));
    assert.doesNotThrow(() => chunk('function f(...) return function(...) return ... end end'));
    assert.equal(errorOf('function f(...) return function() return ... end end'),
      "x.lua:1: cannot use '...' outside a vararg function near '...'");
  });

  test('deep nesting is a clean error, not a stack overflow', () => {
    const deep = 'x = ' + '('.repeat(300) + '1' + ')'.repeat(300);
    assert.equal(errorOf(deep), 'x.lua:1: chunk has too many syntax levels');
    assert.doesNotThrow(() => chunk('x = ' + '('.repeat(150) + '1' + ')'.repeat(150)));
  });
});

describe('const locals', () => {
  test('assignment to a const or close local is an error', () => {
    assert.equal(errorOf('local x <const> = 1\nx = 2'), "x.lua:2: attempt to assign to const variable 'x'");
    assert.equal(errorOf('local x <close> = nil\nx = 2'), "x.lua:2: attempt to assign to const variable 'x'");
    assert.equal(errorOf('local x <const> = 1; function g() x = 2 end'), "x.lua:1: attempt to assign to const variable 'x'");
    assert.equal(errorOf('local x <const> = 1; function x() end'), "x.lua:1: attempt to assign to const variable 'x'");
    assert.equal(errorOf('local a <const>, b = 1; b = 2; a = 3'), "x.lua:1: attempt to assign to const variable 'a'");
  });

  test('shadowing and fields are fine', () => {
    assert.doesNotThrow(() => chunk('local x <const> = 1; local x = 2; x = 3'));
    assert.doesNotThrow(() => chunk('local x = 1; do local x <const> = 2 end; x = 3'));
    assert.doesNotThrow(() => chunk('local x <const> = {}; x.y = 2'));
    assert.doesNotThrow(() => chunk('local x <const> = 1; function f(x) x = 2 end'));
  });
});

describe('goto and labels (Lua 5.4 rules)', () => {
  test('valid jumps', () => {
    for (const src of [
      'goto l; local x = 1; ::l::', // a label at the end of the block is outside x's scope
      'do goto l; local x = 1; ::l:: ; ::m:: end',
      'goto l; do local x = 1 end ::l::',
      '::l:: do goto l end',
      'do ::l:: end ::l::',
      'while true do goto continue; local a = 1; ::continue:: end',
      'for i = 1, 2 do if i then goto continue end local a = i ::continue:: end',
      '::a:: ::b:: goto a',
      'local function f() ::a:: end ::a::',
    ]) {
      assert.doesNotThrow(() => chunk(src), src);
    }
  });

  test('errors', () => {
    assert.equal(errorOf('do break end'), 'x.lua:1: break outside a loop at line 1');
    assert.equal(errorOf('function f()\n\nbreak\n\nend'), 'x.lua:5: break outside a loop at line 3');
    assert.equal(errorOf('while x do local function f() break end end'), 'x.lua:1: break outside a loop at line 1');
    assert.equal(errorOf('local a\ngoto foo\nlocal b'), "x.lua:3: no visible label 'foo' for <goto> at line 2");
    assert.equal(errorOf('do ::l:: end goto l'), "x.lua:1: no visible label 'l' for <goto> at line 1");
    assert.equal(errorOf('::a::\n::a::'), "x.lua:2: label 'a' already defined on line 2");
    assert.equal(errorOf('::l:: do ::l:: end'), "x.lua:1: label 'l' already defined on line 1");
    assert.equal(errorOf('do goto l; local y = 1; ::l:: print(y) end'),
      "x.lua:1: <goto l> at line 1 jumps into the scope of local 'y'");
    // `until` can see the body's locals, so a label before it is inside their scope
    assert.equal(errorOf('repeat goto l; local x; ::l:: until x'),
      "x.lua:1: <goto l> at line 1 jumps into the scope of local 'x'");
    assert.equal(errorOf('for i = 1, 2 do if i then goto continue end local a = i ::continue:: a = 2 end'),
      "x.lua:1: <goto continue> at line 1 jumps into the scope of local 'a'");
  });
});

// ------------------------------------------------------------------ type annotations

describe('type annotations', () => {
  test('typed locals keep their types', () => {
    const [s] = stats('local a: number, b, c: {string} = 1');
    assert.equal(s.kind, 'Local');
    assert.deepEqual((s as LocalStat).types, [
      { kind: 'TName', name: 'number', args: [] },
      null,
      { kind: 'TArray', elem: { kind: 'TName', name: 'string', args: [] } },
    ]);
  });

  test('typed parameters, returns and generics', () => {
    const [s] = stats('function f<T, U>(a: T, b: U?, ...: any): string?, number end');
    assert.equal(s.kind, 'Function');
    const f = s.func;
    assert.deepEqual(f.generics, ['T', 'U']);
    assert.deepEqual(f.params.map((p) => p.type), [
      { kind: 'TName', name: 'T', args: [] },
      { kind: 'TOptional', inner: { kind: 'TName', name: 'U', args: [] } },
    ]);
    assert.equal(f.isVararg, true);
    assert.deepEqual(f.returnTypes, [
      { kind: 'TOptional', inner: { kind: 'TName', name: 'string', args: [] } },
      { kind: 'TName', name: 'number', args: [] },
    ]);
  });

  test('type declarations', () => {
    const s = stats('type Result<T, E> = {ok: true, value: T} | {ok: false, error: E}\nlocal x = 1');
    const d = s[0] as TypeDeclStat;
    assert.equal(d.kind, 'TypeDecl');
    assert.equal(d.name, 'Result');
    assert.deepEqual(d.generics, ['T', 'E']);
    assert.equal(d.text, 'type Result<T, E> = {ok: true, value: T} | {ok: false, error: E}');
    assert.equal(s[1].kind, 'Local');
    const [i] = stats('interface Named : Base1, Base2\n  function name(self: Named): string\nend');
    assert.equal(i.kind === 'TypeDecl' && i.name, 'Named');
  });

  test('type shapes', () => {
    const typeOf = (t: string) => (stats(`local x: ${t}`)[0] as LocalStat).types[0];
    const N = (name: string, ...args: unknown[]) => ({ kind: 'TName', name, args });
    assert.deepEqual(typeOf('a.b.C<number>'), N('a.b.C', N('number')));
    assert.deepEqual(typeOf('Map<string, Array<number>>'), N('Map', N('string'), N('Array', N('number'))));
    assert.deepEqual(typeOf('"a" | 1 | -1 | true | nil'), {
      kind: 'TUnion',
      types: [
        { kind: 'TLiteral', value: 'a' }, { kind: 'TLiteral', value: 1 }, { kind: 'TLiteral', value: -1 },
        { kind: 'TLiteral', value: true }, { kind: 'TLiteral', value: null },
      ],
    });
    assert.deepEqual(typeOf('A & B | C'), {
      kind: 'TUnion', types: [{ kind: 'TIntersection', types: [N('A'), N('B')] }, N('C')],
    });
    assert.deepEqual(typeOf('{[string]: number}'), { kind: 'TMap', key: N('string'), value: N('number') });
    assert.deepEqual(typeOf('{name: string, opt?: number}'), {
      kind: 'TRecord',
      fields: [{ name: 'name', optional: false, type: N('string') }, { name: 'opt', optional: true, type: N('number') }],
    });
    assert.deepEqual(typeOf('{string?}'), { kind: 'TArray', elem: { kind: 'TOptional', inner: N('string') } });
    assert.deepEqual(typeOf('number[]'), { kind: 'TArray', elem: N('number') });
    assert.deepEqual(typeOf('T["k"]'), { kind: 'TIndexed', obj: N('T'), index: { kind: 'TLiteral', value: 'k' } });
    assert.deepEqual(typeOf('(a: number, string) -> boolean'), {
      kind: 'TFunction',
      params: [{ name: 'a', type: N('number') }, { name: null, type: N('string') }],
      vararg: null,
      returns: [N('boolean')],
    });
    assert.deepEqual(typeOf('(number) -> (boolean, string)'), {
      kind: 'TFunction', params: [{ name: null, type: N('number') }], vararg: null, returns: [N('boolean'), N('string')],
    });
    assert.deepEqual(typeOf('() -> ()'), { kind: 'TFunction', params: [], vararg: null, returns: [] });
    assert.deepEqual(typeOf('fun(a: number): string'), {
      kind: 'TFunction', params: [{ name: 'a', type: N('number') }], vararg: null, returns: [N('string')],
    });
    assert.deepEqual(typeOf('(...number) -> ...any'), {
      kind: 'TFunction', params: [], vararg: N('number'), returns: [{ kind: 'TVararg', type: N('any') }],
    });
    assert.deepEqual(typeOf('(A | B)?'), { kind: 'TOptional', inner: { kind: 'TUnion', types: [N('A'), N('B')] } });
    assert.deepEqual(typeOf('T extends string ? "s" : "n"'), {
      kind: 'TConditional', check: N('T'), ext: N('string'),
      then: { kind: 'TLiteral', value: 's' }, else: { kind: 'TLiteral', value: 'n' },
    });
    assert.deepEqual(typeOf('keyof(T)'), { kind: 'TKeyof', inner: N('T') });
    assert.equal(typeOf('typeof(x.y)')?.kind, 'TTypeof');
    assert.deepEqual(typeOf('interface { x: number }'), {
      kind: 'TRecord', fields: [{ name: 'x', optional: false, type: N('number') }], iface: true,
    });
    assert.deepEqual(typeOf('readonly {[string]: number}'), {
      kind: 'TMap', key: N('string'), value: N('number'), readonly: true,
    });
    assert.deepEqual(typeOf('{type: string, end: number, function: any}'), {
      kind: 'TRecord',
      fields: [
        { name: 'type', optional: false, type: N('string') },
        { name: 'end', optional: false, type: N('number') },
        { name: 'function', optional: false, type: N('any') },
      ],
    });
    assert.deepEqual(typeOf('number @min(0) @max(100)'), N('number'));
  });

  test('asserts return type', () => {
    const [s] = stats('local function isStr(x: any): asserts x is string end');
    assert.equal(s.kind, 'LocalFunction');
    assert.deepEqual(s.func.returnTypes, [
      { kind: 'TAsserts', name: 'x', type: { kind: 'TName', name: 'string', args: [] } },
    ]);
  });

  // Every annotated program must produce exactly the runtime AST of its plain version.
  const pairs: [string, string, string][] = [
    ['typed locals', 'local n: number = 1\nlocal a: A, b = f()\nlocal x: T', 'local n = 1\nlocal a, b = f()\nlocal x'],
    ['validator on local', 'local x: number @min(0) = 1\nlocal s: string @pattern("^a") @min_len(1) = "a"',
      'local x = 1\nlocal s = "a"'],
    ['local attrib then type', 'local z <const>: number = 5', 'local z <const> = 5'],
    ['typed params', 'function f(a: number, b: string?, ...: any) end', 'function f(a, b, ...) end'],
    ['single return', 'function f(): integer return 1 end', 'function f() return 1 end'],
    ['multi return, unparenthesised', 'local function ask(req: {prompt: string?}): string?, string?\n  return nil, nil\nend',
      'local function ask(req)\n  return nil, nil\nend'],
    ['parenthesised returns', 'function g(): (number, string) return 1, "a" end\nfunction h(): () end',
      'function g() return 1, "a" end\nfunction h() end'],
    ['generics', 'function id<T>(x: T): T return x end\nlocal function f2<T: HasName, U>(x: T, y: U) end',
      'function id(x) return x end\nlocal function f2(x, y) end'],
    ['anonymous generic function', 'local anon = function<T>(x: T): T return x end',
      'local anon = function(x) return x end'],
    ['methods', 'function M.f(x: T): R end\nfunction M:m(x: T): R end', 'function M.f(x) end\nfunction M:m(x) end'],
    ['casts', 'local c1 = data :: User\nlocal c2 = data as User\nlocal c3 = {} :: Foo\nlocal c4 = f(x :: any, y as {a: number})',
      'local c1 = data\nlocal c2 = data\nlocal c3 = {}\nlocal c4 = f(x, y)'],
    ['casts bind tighter than binary operators', 'local q = a :: number + b as number * c',
      'local q = a + b * c'],
    ['cast keeps multiple results', 'return f() :: any', 'return f()'],
    ['cast is not a paren', 'local v = (x :: T).y', 'local v = (x).y'],
    ['non-nil assertion', 'local c3 = (user!).name\nlocal c4 = user!.name\nlocal c5 = f()!:g()',
      'local c3 = (user).name\nlocal c4 = user.name\nlocal c5 = f():g()'],
    ['cast then label', 'for i = 1, 2 do\n  local v = f() :: any\n  ::continue::\nend',
      'for i = 1, 2 do\n  local v = f()\n  ::continue::\nend'],
    ['label right after expression', 'local w = x\n::continue2::', 'local w = x\n::continue2::'],
    ['type alias forms', [
      'type Job = {id: integer, input: integer}',
      'type Result<T, E> = {ok: true, value: T} | {ok: false, error: E}',
      'type R =',
      '  | {a: number}',
      '  | {b: string}',
      'export type Z = number',
      'type Cond<T> = T extends string ? "s" : "n"',
      'type V = (...number) -> ...any',
      'type NN2<T>= Map<string, Array<T>>',
      'type Arr = {number @min(0)}',
      'type U = number @min(1) | string @min_len(1)',
      'type FP = ((x: number) -> number)?',
      'type K = keyof(Job)',
      'local x = 1',
    ].join('\n'), '\n'.repeat(13) + 'local x = 1'],
    ['interface declaration', [
      'interface Named : Base1, Base2',
      '  function name(self: Named): string',
      '  function other<T>(self: Named, x: T, ...: any): (T, string)',
      '  field: number',
      '  opt?: string',
      'end',
      'print(1)',
    ].join('\n'), '\n'.repeat(6) + 'print(1)'],
    ['every type expression form', [
      'local t1: {number} = {}',
      'local t2: {[string]: number} = {}',
      'local t3: {name: string, opt?: number, type: string} = {}',
      'local t4: number[] = {}',
      'local t5: T[K]',
      'local t6: (a: number, string) -> boolean',
      'local t7: (number) -> (boolean, string)',
      'local t8: () -> ()',
      'local t9: fun(a: number): string',
      'local t10: interface { x: number }',
      'local t11: readonly {number}',
      'local t12: readonly {[string]: number}',
      'local t13: readonly {a: number}',
      'local t14: typeof(t1)',
      'local t15: keyof(T)',
      'local t16: Map<string, Array<number>>',
      'local t17: "a" | "b" | 1 | true | nil',
      'local t18: A & B',
      'local t19: a.b.C<T>?',
      'local t20: {name: string @min_len(1), age: number @min(0) @max(150)}',
      'local t21: function',
    ].join('\n'), [
      'local t1 = {}', 'local t2 = {}', 'local t3 = {}', 'local t4 = {}', 'local t5', 'local t6', 'local t7',
      'local t8', 'local t9', 'local t10', 'local t11', 'local t12', 'local t13', 'local t14', 'local t15',
      'local t16', 'local t17', 'local t18', 'local t19', 'local t20', 'local t21',
    ].join('\n')],
    ['assertion function', 'local function assertStr(x: any): asserts x is string end',
      'local function assertStr(x) end'],
    ['return type followed by a parenthesised statement', 'function long(): number\n  (print or error)("x")\n  return 1\nend',
      'function long()\n  (print or error)("x")\n  return 1\nend'],
    ['typed loop variables', 'for i: integer = 1, 2 do end\nfor k: string, v: number in pairs(o) do end',
      'for i = 1, 2 do end\nfor k, v in pairs(o) do end'],
    ['contextual words as variables', 'local as = 1\nlocal x = y\nas = 2\ntype = 5\ninterface = 3\nprint(type(x))',
      'local as = 1\nlocal x = y\nas = 2\ntype = 5\ninterface = 3\nprint(type(x))'],
    ['a call to `as` on the next line is not a cast', 'local x = y\nas(z)', 'local x = y\nas(z)'],
  ];
  for (const [name, annotated, plain] of pairs) {
    test(`strips to the plain program: ${name}`, () => assertSameRuntime(annotated, plain));
  }

  test('annotation errors', () => {
    assert.equal(errorOf('local x: = 1'), "x.lua:1: type expected near '='");
    assert.equal(errorOf('local x: {a: number = 1'), "x.lua:1: '}' expected near '='");
    assert.equal(errorOf('local x: Map<string = 1'), "x.lua:1: '>' expected near '='");
    assert.equal(errorOf('local x: (a: number) = 1'), "x.lua:1: '->' expected near '='");
  });
});

// ------------------------------------------------------------------ a large input

test('a large generated program parses (no timing asserted)', () => {
  const unit = [
    'local function f(a, b, ...)',
    '  local t = { x = a, y = b, [1] = "s\\n", 0x1F, 3.5e2, n = select("#", ...) }',
    '  for k = 1, #t do',
    '    if t[k] ~= nil and (a + b * 2 - k // 3) % 7 == 0 then t.x = t.x .. k',
    '    elseif not b then break',
    '    else print(string.format("%d", k), a:m(b, {1, 2})) end',
    '  end',
    '  return t, function(z) return z ^ 2 end',
    'end',
    '',
  ].join('\n');
  const src = unit.repeat(2000);
  const c = chunk(src);
  assert.equal(c.body.stats.length, 2000);
  assert.equal(c.body.endLine, 2000 * 9 + 1);
});
