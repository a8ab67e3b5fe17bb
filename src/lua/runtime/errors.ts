// Errors raised by Lua code (`error(v)`) or by the runtime (`attempt to index a nil value`).
//
// A LuaError carries any Lua value. It deliberately does not extend Error: most errors are
// caught by pcall and never printed, so the JS stack is only captured when a position or a
// traceback is needed (see `withPosition` and traceback.ts).

import type { LuaValue } from './types.js';

export class LuaError {
  /** Lua-level traceback text, filled in when the error escapes to the host */
  traceback: string | undefined = undefined;
  /** JS stack captured at the raise point (for tracebacks), when requested */
  jsStack: string | undefined = undefined;
  constructor(public value: LuaValue) {}

  toString(): string {
    const v = this.value;
    return typeof v === 'string' ? v : String(v);
  }
}

/** Signals that a host wants the budget check to end the running code. */
export class BudgetExceeded extends LuaError {}

/** Raised by a runtime check: message gets the position of the Lua code being run. */
export function rtError(message: string): never {
  throw positioned(message, 1);
}

/** A LuaError whose message gets the position of the level-th Lua frame; the JS stack is
 * kept for a traceback should the error escape. */
export function positioned(message: string, level: number, skipHost = 0): LuaError {
  const stack = captureStack();
  const err = new LuaError(prefix(luaFrames(stack, true).slice(skipHost), level) + message);
  err.jsStack = stack;
  return err;
}

function prefix(frames: LuaFrame[], level: number): string {
  const f = level > 0 ? frames[level - 1] : undefined;
  return f === undefined || f.host ? '' : `${f.chunkname}:${f.line}: `;
}

// ---- positions from the JS stack ------------------------------------------------------
//
// Compiled chunks are evaluated with a file name `lua:<id>` and keep a table that maps each
// generated JS line to the Lua source line. A position is found by walking the JS stack to
// the n-th frame that belongs to a Lua chunk.

export interface ChunkInfo {
  chunkname: string;
  /** jsLine (1-based) -> Lua line */
  lines: Int32Array;
  /** Lua names of the chunk's functions; JS function `$L<n>` is fnNames[n] */
  fnNames: string[];
  /** the chunk's site descriptions (`local 'x'`), by the number its code passes (see siteDesc) */
  descs?: string[];
}

const chunks: ChunkInfo[] = [];

export function registerChunk(info: ChunkInfo): number {
  chunks.push(info);
  return chunks.length - 1;
}

export interface LuaFrame {
  chunkname: string;
  line: number;
  fn: string;
  /** a library function that called Lua code (pcall, a coroutine body): Lua's "[C]" frame */
  host?: boolean;
}

// `at $L3 (lua:0:12:5)`, `at Function.$L3g [as $g] (lua:0:12:5)`, `at lua:0:12:5`
const FRAME_RE = /at (?:(.+?) )?\(?lua:(\d+):(\d+):\d+\)?$/;

/** Frames of library functions that call Lua values (pcall, coroutine bodies...). */
const HOST_CALLER = /^\s*at (?:\S+\.)?(pcall|xpcall|body|resume|resumeG)\b/;

/**
 * The Lua-visible frames of a JS stack string, innermost first: compiled Lua functions, and
 * (with `host`) the library functions that call Lua code, which count as levels for
 * `error(msg, level)` just as C functions do in Lua: `pcall(error, "x")` has no position.
 */
export function luaFrames(stack: string, host = false): LuaFrame[] {
  const out: LuaFrame[] = [];
  for (const ln of stack.split('\n')) {
    const m = FRAME_RE.exec(ln);
    if (m === null) {
      if (host) {
        const h = HOST_CALLER.exec(ln);
        if (h !== null) out.push({ chunkname: '[C]', line: 0, fn: h[1], host: true });
      }
      continue;
    }
    const info = chunks[Number(m[2])];
    if (info === undefined) continue;
    const jsLine = Number(m[3]);
    const line = jsLine < info.lines.length ? info.lines[jsLine] : 0;
    const fm = /\$L(\d+)g?(?![\w$])/.exec(m[1] ?? '');
    out.push({ chunkname: info.chunkname, line, fn: fm ? info.fnNames[Number(fm[1])] ?? '?' : '?' });
  }
  return out;
}

/**
 * The description of the value an operation failed on (`local 'x'`), for its error message.
 * Runtime helpers get it as their last argument from the compiled call site: a string, or a
 * number indexing the site's chunk's `descs` (a number is a few bytes of generated code
 * where the text was ~15, and this is read only when an error is raised). A helper resolves
 * it while it is still called from the site, so the innermost Lua frame is the site's chunk.
 */
export function siteDesc(desc: string | number | undefined): string | undefined {
  if (typeof desc !== 'number') return desc;
  const m = FRAME_RE_ANY.exec(captureStack());
  return m === null ? undefined : chunks[Number(m[1])]?.descs?.[desc];
}

/** the first Lua frame of a stack, anywhere in it: its chunk id */
const FRAME_RE_ANY = /\(?lua:(\d+):\d+:\d+\)?$/m;

export function captureStack(): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 200;
  Error.captureStackTrace(holder, captureStack);
  Error.stackTraceLimit = limit;
  return holder.stack ?? '';
}

/** Position prefix `chunk:line:` of the level-th Lua frame (1 = innermost), or ''. */
export function positionAt(level: number): string {
  return prefix(luaFrames(captureStack(), true), level).slice(0, -1);
}

export function withPosition(message: string, level: number): string {
  return prefix(luaFrames(captureStack(), true), level) + message;
}

/** Translate anything caught in a `catch` into a Lua error value. */
export function toLuaError(e: unknown): LuaError {
  if (e instanceof LuaError) return e;
  // Tested with `includes`, not a regex: near the stack limit compiling a regex can itself
  // overflow (V8 then throws "Invalid regular expression: ...: Maximum call stack size
  // exceeded"), which must still read as Lua's stack overflow.
  const msg = e instanceof Error ? String(e.message) : '';
  if (e instanceof Error && msg.includes('Maximum call stack size exceeded')) {
    // the stack has unwound to the catcher: take the position from the error's own stack
    const f = luaFrames(e.stack ?? '')[0];
    const err = new LuaError(f ? `${f.chunkname}:${f.line}: stack overflow` : 'stack overflow');
    err.jsStack = e.stack;
    return err;
  }
  if (e instanceof RangeError && (msg.includes('Invalid string length') || msg.includes('Invalid array length') ||
      msg.includes('Invalid typed array length') || msg.includes('allocation failed'))) {
    // an allocation beyond what V8 allows (`s .. s` past its maximum string length): Lua's
    // memory error, catchable like any other
    const err = new LuaError('not enough memory');
    err.jsStack = e.stack;
    return err;
  }
  if (e instanceof Error) {
    const err = new LuaError(`internal error: ${msg}`);
    err.jsStack = e.stack;
    return err;
  }
  // a host threw a non-Error value: never String() it (a function would show its source)
  return new LuaError(typeof e === 'string' || typeof e === 'number' ? String(e) : `internal error: a ${typeof e} value was thrown`);
}
