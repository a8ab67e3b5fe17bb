// Plain data (YAML/JSON values) <-> Lua values.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { textToBytes } from '../lua/runtime/values.js';

export function toLua(v: unknown): LuaValue {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return textToBytes(v);
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return new LuaTable(v.map(toLua));
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const t = new LuaTable();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const lv = toLua(x);
      if (lv !== undefined) t.setStr(textToBytes(k), lv);
    }
    return t;
  }
  return undefined;
}
