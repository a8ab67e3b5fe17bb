// Values crossing a process boundary are deep-copied, so no two processes ever share a
// table. Functions, coroutines and process-local userdata (channels) do not cross: they
// arrive as nil. Host values that are immutable (Error objects) are shared as they are.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';

/** Userdata kinds that may cross processes (immutable values), registered by modules. */
const portable = new Set<LuaTable>();

export function markPortable(metatable: LuaTable): void {
  portable.add(metatable);
}

export function copyValue(v: LuaValue, seen?: Map<LuaTable, LuaTable>): LuaValue {
  switch (typeof v) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return v;
    case 'function':
      return undefined;
  }
  if (v instanceof LuaTable) return copyTable(v, seen ?? new Map());
  if (v instanceof Userdata && v.mt !== undefined && portable.has(v.mt)) return v;
  return undefined;
}

function copyTable(t: LuaTable, seen: Map<LuaTable, LuaTable>): LuaTable {
  const done = seen.get(t);
  if (done !== undefined) return done;
  const out = new LuaTable();
  seen.set(t, out);
  const arr = t.arr;
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    out.arr.push(typeof x === 'object' ? copyValue(x, seen) : typeof x === 'function' ? undefined : x);
  }
  // keep the array invariant: no trailing nils
  while (out.arr.length > 0 && out.arr[out.arr.length - 1] === undefined) out.arr.pop();
  t.forEachHash((k, x) => {
    const kk = typeof k === 'object' ? copyValue(k, seen) : k;
    if (kk === undefined || typeof kk === 'function') return;
    out.set(kk, copyValue(x, seen));
  });
  out.hadHash = t.hadHash;
  return out;
}
