// The `coroutine` library on top of runtime/coroutine.ts.

import { LuaError, positionAt, rtError } from '../runtime/errors.js';
import * as co from '../runtime/coroutine.js';
import { LuaTable } from '../runtime/table.js';
import { EMPTY, type LuaFunction, type LuaGen, type LuaValue } from '../runtime/types.js';
import { checkFunction, makeLib, typeError } from './args.js';

function checkCo(args: LuaValue[], i: number, fname: string): co.Coroutine {
  const v = args[i];
  if (v instanceof co.Coroutine) return v;
  return typeError(i + 1, fname, 'coroutine', v, i < args.length);
}

/** The arguments after the first, as an array. */
function restOf(args: IArguments): LuaValue[] {
  const n = args.length;
  const out: LuaValue[] = [];
  for (let i = 1; i < n; i++) out.push(args[i]);
  return out;
}

export function createCoroutineLib(): LuaTable {
  // `arguments` rather than a rest array: resume(co) with no values (the common case)
  // then allocates nothing for its arguments
  const resume: LuaFunction = function (c: LuaValue) {
    if (!(c instanceof co.Coroutine)) return checkCo(Array.from(arguments), 0, 'resume');
    return co.resume(c, arguments.length > 1 ? restOf(arguments) : EMPTY);
  };
  resume.$g = function* (c: LuaValue): LuaGen {
    if (!(c instanceof co.Coroutine)) return checkCo(Array.from(arguments), 0, 'resume');
    return yield* co.resumeG(c, arguments.length > 1 ? restOf(arguments) : EMPTY);
  };


  const wrap = (...args: LuaValue[]) => {
    const c = co.create(checkFunction(args, 0, 'wrap'));
    const unwrap = (r: LuaValue[]): LuaValue => {
      if (r[0] === true) return r.length === 2 ? r[1] : r.slice(1);
      let e = r[1];
      // like Lua 5.4, a string error gains the position of the wrap call
      if (typeof e === 'string' && c.status === 'dead') {
        const p = positionAt(1);
        if (p !== '' && !e.startsWith(p)) e = `${p} ${e}`;
      }
      throw new LuaError(e);
    };
    const f: LuaFunction = (...a: LuaValue[]) => unwrap(co.resume(c, a));
    f.$g = function* (...a: LuaValue[]): LuaGen {
      return unwrap((yield* co.resumeG(c, a)) as LuaValue[]);
    };
    return f;
  };

  return makeLib({
    create: (...args: LuaValue[]) => co.create(checkFunction(args, 0, 'create')),
    resume,
    yield: co.luaYield,
    status: (...args: LuaValue[]) => checkCo(args, 0, 'status').status,
    running: () => [co.coState.current, co.coState.current.isMain],
    // Lua 5.4: isyieldable([co]), the running coroutine by default
    isyieldable: (...args: LuaValue[]) => !(args.length > 0 ? checkCo(args, 0, 'isyieldable') : co.coState.current).isMain,
    wrap,
    close: (...args: LuaValue[]) => {
      const c = checkCo(args, 0, 'close');
      if (c.status === 'suspended' || c.status === 'dead') return co.close(c);
      return rtError(`cannot close a ${c.status} coroutine`);
    },
  });
}
