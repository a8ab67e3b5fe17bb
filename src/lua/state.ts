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
import { all, allG, shared } from './runtime/ops.js';
import { LuaTable } from './runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from './runtime/types.js';

export interface StateOptions {
  /** receives each printed line (a byte string without the newline) */
  print?: (line: string) => void;
  printSep?: string;
  /**
   * Give the state its own writable string library and string metatable, as standard Lua
   * does (`function string.trim(s) ... end`, then `s:trim()`). Strings carry no state, so
   * the string metatable is one for the whole JS realm: an owning state installs its own
   * only while a chunk it loaded runs, which suits a state that runs alone (the `lua`
   * command). Every other state shares one read-only string library and metatable
   * (`sharedStrings`), so no state can change what strings do in another.
   */
  ownStrings?: boolean;
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

/** The read-only string library and string metatable shared by states and processes. */
export const sharedStrings = (() => {
  const lib = createStringLib();
  lib.frozen = true;
  const meta = new LuaTable();
  meta.setStr('__index', lib);
  meta.frozen = true;
  return { lib, meta };
})();
shared.stringMeta ??= sharedStrings.meta;

/** A loaded chunk of an owning state: runs with the state's string metatable installed. */
function withStringMeta(f: LuaFunction, meta: LuaTable): LuaFunction {
  const w: LuaFunction = (...args: LuaValue[]) => {
    const prev = shared.stringMeta;
    shared.stringMeta = meta;
    try {
      return all(f(...args)); // tail calls included
    } finally {
      shared.stringMeta = prev;
    }
  };
  w.$g = function* (...args: LuaValue[]): LuaGen {
    const prev = shared.stringMeta;
    shared.stringMeta = meta;
    try {
      return yield* allG(f.$g !== undefined ? yield* f.$g(...args) : f(...args));
    } finally {
      shared.stringMeta = prev;
    }
  };
  return w;
}

export function createLuaState(opts: StateOptions = {}): LuaState {
  const G = new LuaTable();
  let string = sharedStrings.lib;
  let ownMeta: LuaTable | undefined;
  if (opts.ownStrings) {
    string = createStringLib();
    ownMeta = new LuaTable();
    ownMeta.setStr('__index', string);
  }
  const load = (source: string, chunkname: string, env: LuaTable = G) => {
    const f = compileCached(source, chunkname).instantiate(env);
    return ownMeta === undefined ? f : withStringMeta(f, ownMeta);
  };
  createBase(G, {
    print: opts.print ?? ((line) => process.stdout.write(Buffer.from(line + '\n', 'latin1'))),
    printSep: opts.printSep ?? '\t',
    load,
  });
  G.setStr('string', string);
  G.setStr('table', createTableLib());
  G.setStr('math', createMathLib());
  G.setStr('os', createOsLib());
  G.setStr('utf8', createUtf8Lib());
  G.setStr('coroutine', createCoroutineLib());
  return { globals: G, load };
}
