// A Waiter is a parked coroutine of a process: the kernel resumes it with a value once
// something (a channel, a timer, a message) completes the wait. One waiter can be armed on
// several sources at once (channel.select): the first `complete` wins, the rest are
// withdrawn through the `cancels` callbacks.

import { HostSignal } from '../lua/runtime/coroutine.js';

export class Waiter {
  done = false;
  /** set by the scheduler when the coroutine parks: resumes it with the value */
  resume: ((value: unknown) => void) | undefined = undefined;
  /** a value that arrived before the scheduler parked the coroutine */
  early: { value: unknown } | undefined = undefined;
  // cleanups: most waits have one source, so the first is kept without an array
  private cancel0: (() => void) | undefined = undefined;
  private cancels: (() => void)[] | undefined = undefined;

  /** Register a cleanup to run when another source completes this waiter first. */
  onCancel(f: () => void): void {
    if (this.cancel0 === undefined) this.cancel0 = f;
    else (this.cancels ??= []).push(f);
  }

  complete(value: unknown): boolean {
    if (this.done) return false;
    this.done = true;
    this.runCancels();
    if (this.resume !== undefined) this.resume(value);
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
    if (c0 !== undefined) c0();
    if (cs !== undefined) for (const c of cs) c();
  }
}

/** The signal a coroutine yields to park on a waiter. */
export class BlockSignal extends HostSignal {
  constructor(public waiter: Waiter) {
    super('block');
  }
}
