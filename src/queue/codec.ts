// Message bodies: the `json/plain` codec (the reference's default). A body is the JSON text
// of the published value, so a consumer gets back the same table, string, number or boolean.

import type { LuaFunction, LuaValue } from '../lua/runtime/types.js';
import { encodeJson } from '../modules/json.js';
import { createJsonModule } from '../modules/json.js';
import { first } from '../lua/runtime/ops.js';
import { KIND } from '../modules/errors.js';
import { SqlError } from '../sql/types.js';

export function encodeBody(v: LuaValue): string {
  const r = encodeJson(v);
  if (typeof r !== 'string') throw new SqlError(KIND.INVALID, `cannot encode message: ${r.message}`);
  return r;
}

export function decodeBody(body: string): LuaValue {
  const decode = createJsonModule().getStr('decode') as LuaFunction;
  return first(decode(body));
}
