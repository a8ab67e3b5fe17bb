// The host interface: how TypeScript code gives Lua functions that suspend, and how it
// runs Lua code as a task that can wait on the host and be preempted.
//
// A suspending function yields a HostSignal from its generator twin; whoever drives the
// task (a process scheduler, a test) answers the signal and resumes the task with the
// reply. Values cross as they are: no copying, no wrapping.

import { coState, Coroutine, HostSignal, yieldPlain } from './runtime/coroutine.js';
import { budget, allG } from './runtime/ops.js';
import type { LuaFunction, LuaGen, LuaResult, LuaValue } from './runtime/types.js';

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
 */
export class LuaTask {
  private gen: LuaGen;
  /** the task's own main coroutine: `coroutine.running()` inside the task */
  readonly main = new Coroutine(undefined, true);
  private current: Coroutine = this.main;
  done = false;

  constructor(fn: LuaFunction, args: LuaValue[]) {
    this.gen = taskBody(fn, args);
  }

  step(reply?: unknown): StepResult {
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
      const r = this.gen.next(reply);
      if (r.done) {
        this.done = true;
        return { kind: 'done', values: r.value as LuaValue[] };
      }
      const sig = r.value;
      if (!(sig instanceof HostSignal)) {
        // a bare coroutine.yield reached the top of the task: not allowed in a main coroutine
        this.done = true;
        return { kind: 'error', error: new Error('attempt to yield from outside a coroutine') };
      }
      return { kind: 'signal', signal: sig };
    } catch (e) {
      this.done = true;
      return { kind: 'error', error: e };
    } finally {
      this.current = coState.current;
      coState.current = savedCo;
      coState.y = savedY;
      budget.onPreempt = savedPreempt;
    }
  }

  /** Stop the task where it is; `finally` blocks (and `<close>` variables) run. */
  kill(): void {
    if (this.done) return;
    this.done = true;
    const savedCo = coState.current;
    coState.current = this.current;
    try {
      this.gen.return([]);
    } finally {
      coState.current = savedCo;
    }
  }
}

/**
 * The body of every task. One shared generator function: in V8 the first call of each new
 * generator function object costs microseconds and memory, so a closure per task would be
 * paid by every spawn.
 */
function* taskBody(fn: LuaFunction, args: LuaValue[]): LuaGen {
  const r = fn.$g !== undefined ? yield* fn.$g(...args) : fn(...args);
  return yield* allG(r);
}

const PREEMPT = new HostSignal('preempt');
function preemptSignal(): HostSignal {
  return PREEMPT;
}
