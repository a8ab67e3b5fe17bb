// Store values as bytes for `store.sql`: a tagged JSON tree that keeps what a Lua value is
// (byte strings stay byte-exact, integer and string keys stay apart, nested tables keep
// their shape). Functions, userdata and cycles cannot be stored.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { KIND } from '../modules/errors.js';
import { SqlError } from '../sql/types.js';

type Tagged = ['s', string] | ['n', number | string] | ['b', boolean] | ['t', [Tagged, Tagged][]];

function tag(v: LuaValue, seen: Set<LuaTable>): Tagged {
  if (typeof v === 'string') return ['s', v];
  if (typeof v === 'number') return ['n', Number.isFinite(v) ? v : String(v)];
  if (typeof v === 'boolean') return ['b', v];
  if (v instanceof LuaTable) {
    if (seen.has(v)) throw new SqlError(KIND.INVALID, 'cannot store a table that contains itself');
    seen.add(v);
    const pairs: [Tagged, Tagged][] = [];
    let k: LuaValue = undefined;
    for (;;) {
      const n = v.next(k);
      if (n === undefined) break;
      k = n[0];
      pairs.push([tag(k, seen), tag(n[1], seen)]);
    }
    seen.delete(v);
    return ['t', pairs];
  }
  throw new SqlError(KIND.INVALID, `cannot store a ${typeof v === 'function' ? 'function' : v === undefined ? 'nil' : 'userdata'} value`);
}

function untag(t: Tagged): LuaValue {
  switch (t[0]) {
    case 's': return t[1];
    case 'n': return typeof t[1] === 'number' ? t[1] : Number(t[1]);
    case 'b': return t[1];
    case 't': {
      const out = new LuaTable();
      for (const [k, v] of t[1]) out.set(untag(k), untag(v));
      return out;
    }
  }
}

export function encodeValue(v: LuaValue): Buffer {
  return Buffer.from(JSON.stringify(tag(v, new Set())), 'utf8');
}

export function decodeValue(b: Buffer | string): LuaValue {
  const text = typeof b === 'string' ? Buffer.from(b, 'latin1').toString('utf8') : b.toString('utf8');
  return untag(JSON.parse(text) as Tagged);
}

/** Throws INVALID for what no backend can keep (functions, userdata, cycles). */
export function checkStorable(v: LuaValue): void {
  tag(v, new Set());
}
