// The run queue: one for the node, drained on the Node.js event loop in time slices so
// timers, sockets and the file system are served between slices. A step runs one
// coroutine of one process until it yields (a wait, a preemption) or ends.

import type { ProcTask } from './process.js';

const SLICE_MS = 8;

interface Runnable {
  t: ProcTask;
  value: unknown;
}

let queue: Runnable[] = [];
let head = 0;
let scheduled = false;
let stepper: ((t: ProcTask, value: unknown) => void) | undefined;

/** The kernel installs the function that runs one step of a task. */
export function setStepper(f: (t: ProcTask, value: unknown) => void): void {
  stepper = f;
}

export function enqueue(t: ProcTask, value: unknown): void {
  queue.push({ t, value });
  if (!scheduled) {
    scheduled = true;
    setImmediate(runSlice);
  }
}

function runSlice(): void {
  const deadline = performance.now() + SLICE_MS;
  let n = 0;
  while (head < queue.length) {
    const r = queue[head];
    queue[head++] = undefined as never;
    stepper!(r.t, r.value);
    // checking the clock costs; every 32 steps is enough at microsecond steps
    if ((++n & 31) === 0 && performance.now() > deadline) break;
  }
  if (head >= queue.length) {
    queue = [];
    head = 0;
    scheduled = false;
  } else {
    if (head > 4096) {
      queue = queue.slice(head);
      head = 0;
    }
    setImmediate(runSlice);
  }
}

/** Number of runnable steps (for system stats). */
export function runnable(): number {
  return queue.length - head;
}
