// The Lua environment of processes and functions.
//
// One base environment per runtime holds everything every entry may use without asking:
// the standard library and the ambient globals (`process`, `channel`, `errors`, ...). It and
// all its tables are read-only, so every process can share them. Each process gets its own
// `_G`: an empty table whose misses fall back to the base. `require` grants exactly the
// entry's `modules` and `imports`, and (as the reference does) the granted names are also
// installed as globals.

import { createBase } from '../lua/lib/base.js';
import { createCoroutineLib } from '../lua/lib/coroutine.js';
import { createTableLib } from '../lua/lib/table.js';
import { createMathLib } from '../lua/lib/math.js';
import { createOsLib } from '../lua/lib/os.js';
import { createUtf8Lib } from '../lua/lib/utf8.js';
import { compileCached, sharedStrings } from '../lua/state.js';
import { shared } from '../lua/runtime/ops.js';
import { LuaTable } from '../lua/runtime/table.js';
import { rtError } from '../lua/runtime/errors.js';
import { tostring } from '../lua/runtime/ops.js';
import type { LuaFunction, LuaValue } from '../lua/runtime/types.js';

export interface EnvHooks {
  /** `print` of a process: one log line */
  print(line: string): void;
  /** extra ambient globals (process, channel, errors, payload...) */
  ambient: Record<string, LuaValue>;
  /** `coroutine.spawn(fn)`: start fn as a new coroutine of the running process */
  spawnCoroutine(fn: LuaFunction): LuaValue;
  /** `require(name)` for the running code */
  require(name: string): LuaValue;
}

/** Build the shared, read-only base environment. */
export function createBaseEnv(hooks: EnvHooks): LuaTable {
  const G = new LuaTable();
  createBase(G, {
    print: (line) => hooks.print(line),
    printSep: ' ',
    load: (source, chunkname, env) => compileCached(source, chunkname).instantiate(env),
  });
  // the one read-only string library whose metatable every string has (see state.ts)
  const string = sharedStrings.lib;
  const co = createCoroutineLib();
  co.setStr('spawn', (fn: LuaValue) => {
    if (typeof fn !== 'function') return rtError("bad argument #1 to 'spawn' (function expected)");
    return hooks.spawnCoroutine(fn);
  });
  const libs: Record<string, LuaTable> = {
    string,
    table: createTableLib(),
    math: createMathLib(),
    os: createOsLib(),
    utf8: createUtf8Lib(),
    coroutine: co,
  };
  for (const [k, v] of Object.entries(libs)) G.setStr(k, freeze(v));
  for (const [k, v] of Object.entries(hooks.ambient)) G.setStr(k, v);
  G.setStr('require', (name: LuaValue) => {
    if (typeof name !== 'string') return rtError("bad argument #1 to 'require' (string expected)");
    return hooks.require(name);
  });
  // code that `load`s text gets the base; processes are given their own _G below
  shared.stringMeta = sharedStrings.meta;
  G.frozen = true;
  return G;
}

/**
 * A process's own globals: empty, falling back to the base. `_G` is not stored in it: reads
 * of `_G` on a table with a fallback answer the table itself (runtime/helpers.ts gget,
 * ops.ts indexM), so an idle process carries no hash part (about 180 bytes). The visible
 * differences: `pairs(_G)` does not list `_G`, and `rawget(_G, "_G")` is nil.
 */
export function createProcessGlobals(base: LuaTable): LuaTable {
  const G = new LuaTable();
  G.fallback = base;
  return G;
}

function freeze(t: LuaTable): LuaTable {
  t.frozen = true;
  return t;
}

/** Text of any Lua value for a log line. */
export function logText(v: LuaValue): string {
  return tostring(v);
}
