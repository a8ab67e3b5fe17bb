// Structured errors: the Error object every module returns as `nil, err`, and the `errors`
// global (spec lua-core §5).
//
// An error is an immutable `ErrorValue` (kind, message, retryable, details, cause, and for
// errors made by Lua code the stack where it was made) shown to Lua as a userdata with one
// shared, frozen metatable.
// Immutability is what lets the kernel pass Error objects between processes without copying
// (see kernel/copy.ts): `details` is a private deep copy, `err:details()` hands out a fresh
// copy, and the chained setters (`errors.new("m"):kind(K)`) return a new error.
//
// Text: `tostring(err)`, `err:message()` and `"x: " .. err` all give the message alone, as
// the reference does; the kind is not part of the text (apps print `tostring(err)` and
// compare kinds with constants). `errors.wrap(err, "ctx")` makes the message
// "ctx: <inner message>" (the spec's recommended form; the reference keeps the inner message
// and shows the context only in the Go-side text).

import { markPortable } from '../kernel/copy.js';
import { argError, checkAny, checkString, makeLib, typeError } from '../lua/lib/args.js';
import { coState } from '../lua/runtime/coroutine.js';
import { LuaError, luaFrames, toLuaError, type LuaFrame } from '../lua/runtime/errors.js';
import { addressOf, tostring } from '../lua/runtime/ops.js';
import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaValue } from '../lua/runtime/types.js';
import { numberToString, type } from '../lua/runtime/values.js';

/** Kind constants with the reference's string values (`errors.NOT_FOUND` == "NotFound"). */
export const KIND = {
  NOT_FOUND: 'NotFound',
  ALREADY_EXISTS: 'AlreadyExists',
  INVALID: 'Invalid',
  PERMISSION_DENIED: 'PermissionDenied',
  UNAVAILABLE: 'Unavailable',
  INTERNAL: 'Internal',
  CANCELED: 'Canceled',
  CONFLICT: 'Conflict',
  TIMEOUT: 'Timeout',
  RATE_LIMITED: 'RateLimited',
  UNKNOWN: '',
} as const;

export interface ErrorOptions {
  /** true / false; undefined means unknown (`err:retryable()` returns nil) */
  retryable?: boolean;
  /** structured metadata; deep-copied, so the caller may keep using its table */
  details?: LuaTable;
  /** the error this one wraps */
  cause?: ErrorValue;
  /** what was being done (shown in `err:stack()`), e.g. "decode failed" */
  context?: string;
  /** capture the Lua call stack here, for `err:stack()` and `errors.call_stack` (V8 stack
   * capture costs several microseconds, so module errors skip it unless asked; errors made
   * by Lua code with `errors.new` / `errors.wrap` always capture) */
  capture?: boolean;
}

/** Frames Lua code sees in `errors.call_stack(err).frames`. */
export interface CallFrame {
  level: number;
  source: string;
  line: number;
  name: string;
  type: string;
}

const STACK_LIMIT = 64;

export class ErrorValue {
  readonly kind: string;
  readonly message: string;
  readonly retryable: boolean | undefined;
  /** private deep copy: never handed to Lua code as is */
  readonly details: LuaTable | undefined;
  readonly cause: ErrorValue | undefined;
  readonly context: string | undefined;
  /** the Lua thread that made the error, as an address-like string */
  readonly thread: string;
  /** V8 stack holder: frames captured at creation, text formatted only when read */
  private trace: { stack?: string } | undefined;
  /** a Lua traceback text known up front (errors converted from a LuaError) */
  private traceText: string | undefined;
  private frameCache: LuaFrame[] | undefined;
  /** the one userdata showing this error to Lua, so identity (==) holds */
  private ud: Userdata | undefined;

  constructor(kind: string, message: string, opts: ErrorOptions = {}) {
    this.kind = kind;
    this.message = message;
    this.retryable = opts.retryable;
    this.details = opts.details === undefined ? undefined : copyData(opts.details, 0) as LuaTable;
    this.cause = opts.cause;
    this.context = opts.context;
    this.thread = addressOf(coState.current);
    if (opts.capture === true) this.trace = captureTrace();
  }

  /** A copy with some fields replaced (the chained setters); keeps the stack. */
  with(fields: { kind?: string; retryable?: boolean; details?: LuaTable }): ErrorValue {
    const e = new ErrorValue(fields.kind ?? this.kind, this.message, {
      retryable: fields.retryable ?? this.retryable,
      cause: this.cause,
      context: this.context,
      capture: false,
    });
    (e as { details: LuaTable | undefined }).details =
      fields.details !== undefined ? copyData(fields.details, 0) as LuaTable : this.details;
    e.trace = this.trace;
    e.traceText = this.traceText;
    e.frameCache = this.frameCache;
    return e;
  }

  /** Lua frames where the error was made, innermost first. */
  frames(): LuaFrame[] {
    if (this.frameCache === undefined) {
      const stack = this.trace?.stack;
      this.frameCache = stack === undefined ? [] : luaFrames(stack);
    }
    return this.frameCache;
  }

  /** `err:stack()`: per error in the wrap chain, its context line and its Lua frames. */
  get stack(): string {
    let out = '';
    for (let e: ErrorValue | undefined = this; e !== undefined; e = e.cause) {
      if (e.context !== undefined) out += e.context + '\n';
      if (e.traceText !== undefined) out += e.traceText + '\n';
      else for (const f of e.frames()) out += `  ${f.chunkname}:${f.line} (${f.fn})\n`;
    }
    return out;
  }

  /** `errors.call_stack(err)` frames; empty when the error was made outside Lua code. */
  callFrames(): CallFrame[] {
    return this.frames().map((f, i) => ({
      level: i + 1,
      source: f.chunkname,
      line: f.line,
      name: f.fn,
      type: f.fn === 'main chunk' ? 'main' : 'Lua',
    }));
  }

  /** The Lua value for this error (always the same userdata). */
  toLua(): Userdata {
    if (this.ud === undefined) this.ud = new Userdata(this, errorMeta);
    return this.ud;
  }

  /** For host logs: kind, message and context. */
  toString(): string {
    return this.kind === '' ? this.message : `${this.kind}: ${this.message}`;
  }

  /** Build from a caught LuaError's parts (see toErrorValue). */
  static fromCaught(kind: string, message: string, jsStack: string | undefined,
                    traceback: string | undefined): ErrorValue {
    const e = new ErrorValue(kind, message, { capture: false });
    if (jsStack !== undefined) e.trace = { stack: jsStack };
    e.traceText = traceback;
    return e;
  }
}

function captureTrace(): { stack?: string } {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_LIMIT;
  Error.captureStackTrace(holder, captureTrace);
  Error.stackTraceLimit = limit;
  return holder;
}

/**
 * Deep copy of plain data for `details`: tables are copied (cycles cut, depth bounded),
 * Error objects kept (immutable), other values that cannot be shared (functions,
 * userdata, threads) become their `tostring` text, as the reference stores them.
 */
function copyData(v: LuaValue, depth: number): LuaValue {
  switch (typeof v) {
    case 'string': case 'number': case 'boolean': case 'undefined':
      return v;
  }
  if (v instanceof LuaTable) {
    if (depth > 64) return undefined;
    const out = new LuaTable();
    for (const x of v.arr) out.arr.push(copyData(x, depth + 1));
    while (out.arr.length > 0 && out.arr[out.arr.length - 1] === undefined) out.arr.pop();
    v.forEachHash((k, x) => {
      if (typeof k === 'object' || typeof k === 'function') return;
      const c = copyData(x, depth + 1);
      if (c !== undefined) out.set(k, c);
    });
    out.hadHash = v.hadHash;
    return out;
  }
  if (isLuaErrorValue(v)) return v;
  return `${type(v)}: ${addressOf(v)}`;
}

// ---- helpers for other modules ------------------------------------------------------

/** The Lua value (userdata) of a new error: what modules return as `nil, err`.
 * No stack is captured unless `opts.capture` is true. */
export function makeError(kind: string, message: string, opts?: ErrorOptions): Userdata {
  return new ErrorValue(kind, message, opts).toLua();
}

/** `[nil, err]`: the failure result of a library function. */
export function fail(kind: string, message: string, opts?: ErrorOptions): [undefined, Userdata] {
  return [undefined, new ErrorValue(kind, message, opts).toLua()];
}

/** The Lua value of an ErrorValue. */
export function luaError(e: ErrorValue): Userdata {
  return e.toLua();
}

export function isLuaErrorValue(v: LuaValue): v is Userdata {
  return v instanceof Userdata && v.data instanceof ErrorValue;
}

/** The ErrorValue behind a Lua value, or undefined when it is not an Error object. */
export function errorOf(v: LuaValue): ErrorValue | undefined {
  return v instanceof Userdata && v.data instanceof ErrorValue ? v.data : undefined;
}

/**
 * Anything caught in a `catch` (a LuaError from the engine, an Error object value, a JS
 * exception) as an ErrorValue. `error(err)` with an Error object gives back that object;
 * `error("text")` gives kind UNKNOWN with the positioned text; a JS exception (a host bug)
 * gives kind INTERNAL.
 */
export function toErrorValue(caught: unknown): ErrorValue {
  if (caught instanceof ErrorValue) return caught;
  const direct = errorOf(caught);
  if (direct !== undefined) return direct;
  const le = toLuaError(caught);
  const inner = errorOf(le.value);
  if (inner !== undefined) return inner;
  const hostBug = !(caught instanceof LuaError) && !(caught instanceof RangeError);
  return ErrorValue.fromCaught(hostBug ? KIND.INTERNAL : KIND.UNKNOWN, valueText(le.value),
    le.jsStack, le.traceback);
}

/** Text of an error value for a message, without letting a faulty __tostring escape. */
function valueText(v: LuaValue): string {
  if (typeof v === 'string') return v;
  try {
    return tostring(v);
  } catch {
    return `${type(v)}: ${typeof v === 'object' || typeof v === 'function' ? addressOf(v) : String(v)}`;
  }
}

// ---- the Error object's metatable ---------------------------------------------------------

function self(args: LuaValue[], fname: string): ErrorValue {
  const e = errorOf(args[0]);
  if (e === undefined) return typeError(1, fname, 'error', args[0], args.length > 0);
  return e;
}

/** Text of one operand of `..` with an Error object on the other side. */
function concatText(v: LuaValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  const e = errorOf(v);
  return e !== undefined ? e.message : tostring(v);
}

// Getters with no argument; with an argument they act as setters returning a new error
// (services spec §0.6: `errors.new("m"):kind(K):retryable(b):details(t)`).
const methods = makeLib({
  kind(...args: LuaValue[]) {
    const e = self(args, 'kind');
    if (args[1] === undefined) return e.kind;
    return e.with({ kind: checkString(args, 1, 'kind') }).toLua();
  },
  message(...args: LuaValue[]) {
    return self(args, 'message').message;
  },
  retryable(...args: LuaValue[]) {
    const e = self(args, 'retryable');
    const r = args[1];
    if (r === undefined) return e.retryable;
    if (typeof r !== 'boolean') return typeError(2, 'retryable', 'boolean', r);
    return e.with({ retryable: r }).toLua();
  },
  details(...args: LuaValue[]) {
    const e = self(args, 'details');
    const d = args[1];
    if (d === undefined) return e.details === undefined ? undefined : copyData(e.details, 0);
    if (!(d instanceof LuaTable)) return typeError(2, 'details', 'table', d);
    return e.with({ details: d }).toLua();
  },
  stack(...args: LuaValue[]) {
    return self(args, 'stack').stack;
  },
});
methods.frozen = true;

const errorMeta: LuaTable = makeLib({
  __index: methods,
  __name: 'error',
  __tostring: (v: LuaValue) => errorOf(v)?.message ?? '',
  __concat: (a: LuaValue, b: LuaValue) => concatText(a) + concatText(b),
  __eq: (a: LuaValue, b: LuaValue) => {
    const x = errorOf(a);
    return x !== undefined && x === errorOf(b);
  },
});
errorMeta.frozen = true;
markPortable(errorMeta);

/** The metatable of Error objects (for modules that test `getmetatable`). */
export const errorMetatable = errorMeta;

// ---- the `errors` global ----------------------------------------------------------------

const CAPTURE: ErrorOptions = { capture: true };

function errorsNew(...args: LuaValue[]): LuaValue {
  const a = checkAny(args, 0, 'new');
  if (typeof a === 'string') return makeError(KIND.UNKNOWN, a, CAPTURE);
  if (typeof a === 'number') return makeError(KIND.UNKNOWN, numberToString(a), CAPTURE);
  const existing = errorOf(a);
  if (existing !== undefined) return existing.toLua();
  if (!(a instanceof LuaTable)) return argError(1, 'new', 'expected string or table');
  const msg = a.get('message');
  if (msg === undefined) return argError(1, 'new', 'message field is required');
  if (typeof msg !== 'string' && typeof msg !== 'number') return argError(1, 'new', 'message must be a string');
  // like the reference, fields of the wrong type are ignored rather than rejected
  const kind = a.get('kind');
  const retryable = a.get('retryable');
  const details = a.get('details');
  return makeError(typeof kind === 'string' ? kind : KIND.UNKNOWN,
    typeof msg === 'number' ? numberToString(msg) : msg, {
      retryable: typeof retryable === 'boolean' ? retryable : undefined,
      details: details instanceof LuaTable ? details : undefined,
      capture: true,
    });
}

function errorsWrap(...args: LuaValue[]): LuaValue {
  const inner = checkAny(args, 0, 'wrap');
  const ctx = checkAny(args, 1, 'wrap');
  let context: string;
  if (typeof ctx === 'string') context = ctx;
  else if (typeof ctx === 'number') context = numberToString(ctx);
  else {
    const ce = errorOf(ctx);
    if (ce === undefined) return argError(2, 'wrap', 'expected string or error object');
    context = ce.message;
  }
  const ie = errorOf(inner);
  if (ie !== undefined) {
    return makeError(ie.kind, `${context}: ${ie.message}`,
      { retryable: ie.retryable, details: ie.details, cause: ie, context, capture: true });
  }
  if (typeof inner === 'string' || typeof inner === 'number') {
    const text = typeof inner === 'number' ? numberToString(inner) : inner;
    return makeError(KIND.UNKNOWN, `${context}: ${text}`, { context, capture: true });
  }
  return argError(1, 'wrap', 'expected string or error object');
}

function errorsIs(...args: LuaValue[]): boolean {
  checkAny(args, 0, 'is');
  const kind = checkString(args, 1, 'is');
  const e = errorOf(args[0]);
  return e !== undefined && e.kind === kind;
}

function errorsCallStack(...args: LuaValue[]): LuaValue {
  const e = errorOf(args[0]);
  if (e === undefined) return undefined;
  const frames = e.callFrames();
  if (frames.length === 0) return undefined;
  const list = new LuaTable(frames.map((f) => {
    const t = new LuaTable();
    t.setStr('level', f.level);
    t.setStr('source', f.source);
    t.setStr('line', f.line);
    t.setStr('name', f.name);
    t.setStr('type', f.type);
    return t;
  }));
  const out = new LuaTable();
  out.setStr('thread', e.thread);
  out.setStr('frames', list);
  return out;
}

let errorsModule: LuaTable | undefined;

/** The `errors` global: one frozen table shared by every process. */
export function createErrorsModule(): LuaTable {
  if (errorsModule === undefined) {
    errorsModule = makeLib({
      new: errorsNew,
      wrap: errorsWrap,
      is: errorsIs,
      call_stack: errorsCallStack,
      ...KIND,
    });
    errorsModule.frozen = true;
  }
  return errorsModule;
}
