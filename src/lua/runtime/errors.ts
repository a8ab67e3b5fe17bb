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
  throw new LuaError(withPosition(message, 1));
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
}

const FRAME_RE = /at (?:(\S+) )?\(?lua:(\d+):(\d+):\d+\)?/;

/** Lua frames of a JS stack string, innermost first. */
export function luaFrames(stack: string): LuaFrame[] {
  const out: LuaFrame[] = [];
  for (const ln of stack.split('\n')) {
    const m = FRAME_RE.exec(ln);
    if (m === null) continue;
    const info = chunks[Number(m[2])];
    if (info === undefined) continue;
    const jsLine = Number(m[3]);
    const line = jsLine < info.lines.length ? info.lines[jsLine] : 0;
    out.push({ chunkname: info.chunkname, line, fn: m[1] ?? '' });
  }
  return out;
}

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
  if (level <= 0) return '';
  const frames = luaFrames(captureStack());
  const f = frames[level - 1];
  if (f === undefined) return '';
  return `${f.chunkname}:${f.line}:`;
}

export function withPosition(message: string, level: number): string {
  const p = positionAt(level);
  return p === '' ? message : `${p} ${message}`;
}

/** Translate anything caught in a `catch` into a Lua error value. */
export function toLuaError(e: unknown): LuaError {
  if (e instanceof LuaError) return e;
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    return new LuaError(withPosition('stack overflow', 1));
  }
  if (e instanceof Error) {
    const err = new LuaError(`internal error: ${e.message}`);
    err.jsStack = e.stack;
    return err;
  }
  return new LuaError(String(e));
}
