// Test helpers: Lua data from JS literals, and a template set from a name -> text map.

import { LuaTable } from '../lua/runtime/table.js';
import { textToBytes } from '../lua/runtime/values.js';
import { TemplateSet, type SetOptions } from './set.js';

/** JS data -> Lua values (strings as UTF-8 byte strings, arrays as 1-based tables). */
export function lua(v: unknown): unknown {
  if (typeof v === 'string') return textToBytes(v);
  if (Array.isArray(v)) return new LuaTable(v.map(lua));
  if (v !== null && typeof v === 'object') {
    const t = new LuaTable();
    for (const [k, x] of Object.entries(v)) t.set(textToBytes(k), lua(x));
    return t;
  }
  return v;
}

export function setOf(templates: Record<string, string>, opts?: SetOptions): TemplateSet {
  const src = new Map(Object.entries(templates).map(([k, v]) => [k, textToBytes(v)]));
  return new TemplateSet({ get: (n) => src.get(n), names: () => src.keys() }, opts);
}

