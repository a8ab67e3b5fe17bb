// The run queue: one for the node, drained on the Node.js event loop in time slices so
// timers, sockets and the file system are served between slices. A step runs one
// coroutine of one process until it yields (a wait, a preemption) or ends.

import type { ProcTask } from './process.js';

const SLICE_MS = 8;

// the queue is two parallel arrays (task, resume value): no object per step
let tasks: (ProcTask | undefined)[] = [];
let values: unknown[] = [];
let head = 0;
let scheduled = false;

export function enqueue(t: ProcTask, value: unknown): void {
  tasks.push(t);
  values.push(value);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runSlice);
  }
}

function runSlice(): void {
  const deadline = performance.now() + SLICE_MS;
  let n = 0;
  while (head < tasks.length) {
    const t = tasks[head]!, value = values[head];
    tasks[head] = undefined;
    values[head++] = undefined;
    // one queue for every node in this JS process (tests boot several apps): each step runs
    // on its own process's node, so `node.current` is always the right one
    t.proc.node.step(t, value);
    // checking the clock costs; every 32 steps is enough at microsecond steps
    if ((++n & 31) === 0 && performance.now() > deadline) break;
  }
  if (head >= tasks.length) {
    tasks = [];
    values = [];
    head = 0;
    scheduled = false;
  } else {
    if (head > 4096) {
      tasks = tasks.slice(head);
      values = values.slice(head);
      head = 0;
    }
    setImmediate(runSlice);
  }
}

/** Number of runnable steps (for system stats). */
export function runnable(): number {
  return tasks.length - head;
}
