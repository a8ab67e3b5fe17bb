// The compiler pipeline: source bytes -> AST -> resolved AST -> JS source -> V8 function.
//
// A compiled chunk is a factory: instantiate it with an environment table to get the
// chunk's main function. Compilation happens once per source; every process that runs the
// same entry instantiates the same factory with its own environment.

import vm from 'node:vm';
import { parse } from '../parser.js';
import { resolve } from './resolve.js';
import { generate, type GenOutput } from './codegen.js';
import { registerChunk } from '../runtime/errors.js';
import { runtime } from '../runtime/helpers.js';
import type { LuaFunction } from '../runtime/types.js';
import type { LuaTable } from '../runtime/table.js';

export interface CompiledChunk {
  chunkname: string;
  instantiate(env: LuaTable): LuaFunction;
  /** generated JavaScript, for debugging (`wippy lua --emit-js`); lazy twins are apart */
  js: string;
  /** the sources of the generator twins compiled on first use (see codegen functionPair) */
  lazyJs(): string[];
}

/** Compile Lua source (a byte string) into a chunk factory. Throws LuaSyntaxError. */
export function compile(source: string, chunkname: string): CompiledChunk {
  const ast = parse(source, chunkname);
  const res = resolve(ast);
  const out = generate(ast, res);
  const { js, lines } = lineTable(out.code);
  const id = registerChunk({ chunkname, lines, fnNames: out.fnNames, descs: out.descs });
  const script = new vm.Script(js, { filename: `lua:${id}` });
  const factory = script.runInThisContext() as
    (r: typeof runtime, z: (id: number) => unknown, zs: unknown[]) => (env: LuaTable) => LuaFunction;
  const compiled: unknown[] = [];
  const make = factory(runtime, lazyTwins(out, chunkname, compiled), compiled);
  return { chunkname, instantiate: make, js, lazyJs: () => out.lazyIds.map((i) => lineTable(out.lazyTwin(i)).js) };
}

/**
 * `$Z` of a chunk: compiles generator twin `id` the first time any instance calls it, as a
 * script of its own (with its own line table, same chunk name and function names), and
 * keeps it in `compiled[id]` (`$Zs`, read by the generated code before it calls `$Z`): every
 * later call, from any instance, runs the same generator function.
 */
function lazyTwins(out: GenOutput, chunkname: string, compiled: unknown[]): (id: number) => unknown {
  return (id) => {
    let fn = compiled[id];
    if (fn === undefined) {
      const { js, lines } = lineTable(out.lazyTwin(id));
      const cid = registerChunk({ chunkname, lines, fnNames: out.fnNames, descs: out.descs });
      const factory = new vm.Script(js, { filename: `lua:${cid}` }).runInThisContext() as (r: typeof runtime) => unknown;
      fn = factory(runtime);
      compiled[id] = fn;
    }
    return fn;
  };
}

/**
 * Map each JS line (1-based) to the Lua line of its marker, or of the last marker above it.
 * A marker is a comment holding the line number right after a newline (codegen `mark`), so it stays in
 * the code: V8 skips it, and the table is one indexOf pass over the newlines. (Stripping
 * markers out copied the whole generated code once more, and its garbage was a tenth of a
 * compile.) A newline followed by `/*` is always a marker: JSON-quoted string literals
 * never contain a raw newline, and codegen writes no other comments.
 */
function lineTable(code: string): { js: string; lines: Int32Array } {
  let lineCount = 1;
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) lineCount++;
  const lines = new Int32Array(lineCount + 2);
  let cur = 0, lineNo = 1;
  for (let i = code.indexOf('\n'); i >= 0; i = code.indexOf('\n', i + 1)) {
    lines[lineNo++] = cur; // the line that this newline ends
    if (code.charCodeAt(i + 1) === 47 /* / */ && code.charCodeAt(i + 2) === 42 /* * */) {
      let n = 0;
      for (let j = i + 3, c = code.charCodeAt(j); c >= 48 && c <= 57; c = code.charCodeAt(++j)) n = n * 10 + (c - 48);
      if (n > 0) cur = n;
    }
  }
  lines[lineNo] = cur;
  return { js: code, lines };
}
