import ts from 'typescript';
import { compile } from '/work/main/dist/src/lua/compiler/compile.js';
import { readFileSync } from 'node:fs';
const src = readFileSync(process.argv[2], 'latin1');
const js = compile(src, 'x').js;
const sf = ts.createSourceFile('x.js', js, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
const declared = new Set(), refs = new Map();
function bind(n) { if (ts.isIdentifier(n)) declared.add(n.text); else if (n.elements) n.elements.forEach(e => e.name && bind(e.name)); }
function visit(n, parent) {
  if (ts.isVariableDeclaration(n) || ts.isParameter(n) || ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isBindingElement(n)) { if (n.name) bind(n.name); }
  if (ts.isIdentifier(n)) {
    const p = n.parent;
    const skip = (ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n) ||
      ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p) || ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionExpression(p) || ts.isFunctionDeclaration(p) || ts.isBindingElement(p)) && p.name === n) || (ts.isBindingElement(p) && p.propertyName === n);
    if (!skip) refs.set(n.text, (refs.get(n.text) ?? 0) + 1);
  }
  ts.forEachChild(n, visit);
}
visit(sf);
const free = [...refs.keys()].filter(k => !declared.has(k));
console.log('free:', free, 'js bytes', js.length);
