// The host interface: how TypeScript code gives Lua functions that suspend, and how it
// runs Lua code as a task that can wait on the host and be preempted.
//
// A suspending function yields a HostSignal from its generator twin; whoever drives the
// task (a process scheduler, a test) answers the signal and resumes the task with the
// reply. Values cross as they are: no copying, no wrapping.

import { coState, Coroutine, HostSignal, yieldPlain } from './runtime/coroutine.js';
import { budget, runTailG } from './runtime/ops.js';
import { EMPTY, TailCall, type LuaFunction, type LuaGen, type LuaResult, type LuaValue } from './runtime/types.js';

export { HostSignal };

/**
 * A Lua function that suspends the calling coroutine: `request(args)` makes the signal the
 * host receives; the host's reply becomes the Lua result through `reply` (default: as is).
 * Called from code that cannot suspend (a plain function), it raises Lua's
 * "attempt to yield across a C-call boundary".
 */
export function suspending(name: string, request: (args: LuaValue[]) => HostSignal,
                           reply: (r: unknown) => LuaResult = (r) => r as LuaResult): LuaFunction {
  const f: LuaFunction = () => yieldPlain();
  f.$g = function* (...args: LuaValue[]): LuaGen {
    const r = yield request(args);
    return reply(r);
  };
  f.$name = name;
  return f;
}

export type StepResult =
  | { kind: 'signal'; signal: HostSignal }
  | { kind: 'done'; values: LuaValue[] }
  | { kind: 'error'; error: unknown };

/**
 * A Lua function running as a resumable task (the body of a process). Each `step` runs it
 * until it finishes, fails, or yields a host signal. A budget preemption is a signal of
 * kind 'preempt': the driver decides when to step again.
 *
 * The task drives the function's generator twin itself, with no wrapper generator around
 * it: every `yield*` level is paid on each suspension and each resumption, and a process
 * suspends on every message it waits for.
 */
export class LuaTask {
  /** the running generator; undefined until the first step */
  private gen: LuaGen | undefined = undefined;
  /** the function and its arguments until the first step */
  private fn: LuaFunction | undefined;
  private args: LuaValue[] | undefined;
  /** the task's own main coroutine: `coroutine.running()` inside the task */
  readonly main = new Coroutine(undefined, true);
  private current: Coroutine = this.main;
  done = false;
  /** after `run` returned undefined: the results, or `failure` holds the error */
  values: LuaValue[] = EMPTY;
  failure: { error: unknown } | undefined = undefined;

  constructor(fn: LuaFunction, args: LuaValue[]) {
    this.fn = fn;
    this.args = args;
  }

  step(reply?: unknown): StepResult {
    const sig = this.run(reply);
    if (sig !== undefined) return { kind: 'signal', signal: sig };
    return this.failure !== undefined ? { kind: 'error', error: this.failure.error } : { kind: 'done', values: this.values };
  }

  /**
   * Run until the next host signal (returned) or the end (undefined: see `values` and
   * `failure`). The allocation-free form of `step` for the scheduler.
   */
  run(reply?: unknown): HostSignal | undefined {
    if (this.done) throw new Error('task already finished');
    const savedCo = coState.current;
    const savedPreempt = budget.onPreempt;
    coState.current = this.current;
    budget.onPreempt = preemptSignal;
    budget.left = budget.slice;
    budget.hardLeft = budget.hardLimit;
    const savedY = coState.y;
    coState.y = true;
    try {
      let r: IteratorResult<unknown, LuaResult>;
      let gen = this.gen;
      if (gen === undefined) {
        const fn = this.fn!, args = this.args!;
        this.fn = this.args = undefined;
        if (fn.$g === undefined) {
          const v = fn(...args);
          if (!(v instanceof TailCall)) return this.finish(v);
          gen = this.gen = runTailG(v);
        } else gen = this.gen = fn.$g(...args);
        r = gen.next();
      } else r = gen.next(reply);
      // the function returned a tail call: run it (it may suspend, so as a generator)
      while (r.done === true && r.value instanceof TailCall) {
        gen = this.gen = runTailG(r.value);
        r = gen.next();
      }
      if (r.done === true) return this.finish(r.value);
      const sig = r.value;
      if (!(sig instanceof HostSignal)) {
        // a bare coroutine.yield reached the top of the task: not allowed in a main coroutine
        return this.fail(new Error('attempt to yield from outside a coroutine'));
      }
      return sig;
    } catch (e) {
      return this.fail(e);
    } finally {
      this.current = coState.current;
      coState.current = savedCo;
      coState.y = savedY;
      budget.onPreempt = savedPreempt;
    }
  }

  private finish(v: LuaResult): undefined {
    this.done = true;
    this.gen = undefined;
    this.values = Array.isArray(v) ? v : [v as LuaValue];
    return undefined;
  }

  private fail(e: unknown): undefined {
    this.done = true;
    this.gen = undefined;
    this.failure = { error: e };
    return undefined;
  }

  /** Stop the task where it is; `finally` blocks (and `<close>` variables) run. */
  kill(): void {
    if (this.done) return;
    this.done = true;
    this.fn = this.args = undefined;
    const gen = this.gen;
    if (gen === undefined) return;
    this.gen = undefined;
    const savedCo = coState.current;
    coState.current = this.current;
    try {
      gen.return([]);
    } finally {
      coState.current = savedCo;
    }
  }
}

const PREEMPT = new HostSignal('preempt');
function preemptSignal(): HostSignal {
  return PREEMPT;
}
