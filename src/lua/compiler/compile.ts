// The compiler pipeline: source bytes -> AST -> resolved AST -> JS source -> V8 function.
//
// A compiled chunk is a factory: instantiate it with an environment table to get the
// chunk's main function. Compilation happens once per source; every process that runs the
// same entry instantiates the same factory with its own environment.

import vm from 'node:vm';
import { parse } from '../parser.js';
import { resolve } from './resolve.js';
import { generate } from './codegen.js';
import { registerChunk } from '../runtime/errors.js';
import { runtime } from '../runtime/helpers.js';
import type { LuaFunction } from '../runtime/types.js';
import type { LuaTable } from '../runtime/table.js';

export interface CompiledChunk {
  chunkname: string;
  instantiate(env: LuaTable): LuaFunction;
  /** generated JavaScript, for debugging (`wippy lua --emit-js`) */
  js: string;
}

const MARK = /\u0001(\d+)\u0002/g;

/** Compile Lua source (a byte string) into a chunk factory. Throws LuaSyntaxError. */
export function compile(source: string, chunkname: string): CompiledChunk {
  const ast = parse(source, chunkname);
  const res = resolve(ast);
  const out = generate(ast, res);
  const { js, lines } = lineTable(out.code);
  const id = registerChunk({ chunkname, lines, fnNames: out.fnNames });
  const script = new vm.Script(js, { filename: `lua:${id}` });
  const factory = script.runInThisContext() as (r: typeof runtime) => (env: LuaTable) => LuaFunction;
  const make = factory(runtime);
  return { chunkname, instantiate: make, js };
}

/** Strip line markers; map each JS line (1-based) to the Lua line of the last marker seen. */
function lineTable(code: string): { js: string; lines: Int32Array } {
  const src = code.split('\n');
  const lines = new Int32Array(src.length + 2);
  let cur = 0;
  for (let i = 0; i < src.length; i++) {
    const l = src[i];
    if (l.charCodeAt(0) === 1 || l.includes('\u0001')) {
      let m: RegExpExecArray | null;
      MARK.lastIndex = 0;
      let firstMark = -1;
      while ((m = MARK.exec(l)) !== null) if (firstMark < 0) firstMark = Number(m[1]);
      if (firstMark > 0) cur = firstMark;
      src[i] = l.replace(MARK, '');
    }
    lines[i + 1] = cur;
  }
  return { js: src.join('\n'), lines };
}
