// A Waiter is a parked coroutine of a process: the kernel resumes it with a value once
// something (a channel, a timer, a message) completes the wait. One waiter can be armed on
// several sources at once (channel.select): the first `complete` wins, the rest are
// withdrawn through the `cancels` callbacks.
//
// A waiter is itself the signal its coroutine yields to park (`yield w`): one object per
// wait instead of a waiter and a BlockSignal around it.

import { HostSignal } from '../lua/runtime/coroutine.js';
import { enqueue } from './scheduler.js';
import type { ProcTask } from './process.js';

/** Something a waiter is armed on (a channel): told to drop the waiter once it is done. */
export interface WaitSource {
  withdraw(w: Waiter): void;
}

type Cleanup = (() => void) | WaitSource;

export class Waiter extends HostSignal {
  done = false;
  /** set by the kernel when the coroutine parks: the task to run again with the value */
  parked: ProcTask | undefined = undefined;
  /** a value that arrived before the scheduler parked the coroutine */
  early: { value: unknown } | undefined = undefined;
  // cleanups: most waits have one source, so the first is kept without an array
  private cancel0: Cleanup | undefined = undefined;
  private cancels: Cleanup[] | undefined = undefined;

  constructor() {
    super('block');
  }

  /** Register a cleanup to run when another source completes this waiter first. */
  onCancel(f: () => void): void {
    this.addCleanup(f);
  }

  /** Armed on a source: its `withdraw(this)` runs when the waiter completes or is canceled. */
  armedOn(source: WaitSource): void {
    this.addCleanup(source);
  }

  private addCleanup(c: Cleanup): void {
    if (this.cancel0 === undefined) this.cancel0 = c;
    else (this.cancels ??= []).push(c);
  }

  complete(value: unknown): boolean {
    if (this.done) return false;
    this.done = true;
    this.runCancels();
    if (this.parked !== undefined) enqueue(this.parked, value);
    else this.early = { value };
    return true;
  }

  /** Withdraw without a value (the coroutine was killed). */
  cancel(): void {
    if (this.done) return;
    this.done = true;
    this.runCancels();
  }

  private runCancels(): void {
    const c0 = this.cancel0, cs = this.cancels;
    this.cancel0 = undefined;
    this.cancels = undefined;
    if (c0 !== undefined) {
      if (typeof c0 === 'function') c0();
      else c0.withdraw(this);
    }
    if (cs !== undefined) for (const c of cs) typeof c === 'function' ? c() : c.withdraw(this);
  }
}

/** The signal a coroutine yields to park on a waiter (yielding the waiter itself does the same). */
export class BlockSignal extends HostSignal {
  constructor(public waiter: Waiter) {
    super('block');
  }
}
