// A Lua state: a globals table with the standard library, and a loader that compiles
// chunks into it. `wippy lua` runs one state; the runtime gives each process its own.

import { compile, type CompiledChunk } from './compiler/compile.js';
import { createBase } from './lib/base.js';
import { createCoroutineLib } from './lib/coroutine.js';
import { createStringLib } from './lib/string.js';
import { createTableLib } from './lib/table.js';
import { createMathLib } from './lib/math.js';
import { createOsLib } from './lib/os.js';
import { createUtf8Lib } from './lib/utf8.js';
import { shared } from './runtime/ops.js';
import { LuaTable } from './runtime/table.js';
import type { LuaFunction } from './runtime/types.js';

export interface StateOptions {
  /** receives each printed line (a byte string without the newline) */
  print?: (line: string) => void;
  printSep?: string;
}

export interface LuaState {
  globals: LuaTable;
  /** compile and instantiate a chunk in this state's globals */
  load(source: string, chunkname: string, env?: LuaTable): LuaFunction;
}

const chunkCache = new Map<string, CompiledChunk>();

/** Compile with a cache keyed by name and text: processes of one entry share the code. */
export function compileCached(source: string, chunkname: string): CompiledChunk {
  const key = chunkname + '\u0000' + source;
  let c = chunkCache.get(key);
  if (c === undefined) {
    c = compile(source, chunkname);
    if (chunkCache.size > 5000) chunkCache.clear();
    chunkCache.set(key, c);
  }
  return c;
}

export function createLuaState(opts: StateOptions = {}): LuaState {
  const G = new LuaTable();
  const load = (source: string, chunkname: string, env: LuaTable = G) =>
    compileCached(source, chunkname).instantiate(env);
  createBase(G, {
    print: opts.print ?? ((line) => process.stdout.write(Buffer.from(line + '\n', 'latin1'))),
    printSep: opts.printSep ?? '\t',
    load,
  });
  const string = createStringLib();
  G.setStr('string', string);
  G.setStr('table', createTableLib());
  G.setStr('math', createMathLib());
  G.setStr('os', createOsLib());
  G.setStr('utf8', createUtf8Lib());
  G.setStr('coroutine', createCoroutineLib());
  const meta = new LuaTable();
  meta.setStr('__index', string);
  shared.stringMeta = meta;
  return { globals: G, load };
}
