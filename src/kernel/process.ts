// Processes: isolated Lua actors. A process owns its globals, its coroutines (the main
// function plus any `coroutine.spawn`ed ones), a mailbox, and its monitors and links.
// Nothing is shared: messages are deep copies.
//
// Lifecycle (as Erlang's proc_lib): spawn -> running -> exit(result). On exit every
// other coroutine is killed, names are released, monitors get EXIT, and links propagate
// an abnormal exit (LINK_DOWN with trap_links, else the linked process fails too).

import { LuaTask } from '../lua/host.js';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaValue } from '../lua/runtime/types.js';
import { Channel } from './channel.js';
import { enqueue, setStepper } from './scheduler.js';
import { BlockSignal, Waiter } from './waiter.js';
import { HostSignal } from '../lua/runtime/coroutine.js';

export interface ExitResult {
  value?: LuaValue;
  /** the error value (a Lua value: string or Error object) when the process failed */
  error?: LuaValue;
}

export interface Message {
  topic: string;
  from: string;
  payloads: LuaValue[];
}

export const EVENT = {
  CANCEL: 'pid.cancel',
  EXIT: 'pid.exit',
  LINK_DOWN: 'pid.link.down',
  OUTDATED: 'pid.outdated',
} as const;

/** One coroutine of a process, as the scheduler sees it. */
export class ProcTask {
  waiter: Waiter | undefined = undefined;
  constructor(public proc: Process, public task: LuaTask, public main: boolean) {}
}

/**
 * The coroutines of a process, a Set in behaviour. Nearly every process has just its main
 * coroutine, so the first task sits in a field and a real Set is made only for a second one
 * (an empty Set with its table costs ~150 bytes).
 */
export class TaskSet implements Iterable<ProcTask> {
  private one: ProcTask | undefined = undefined;
  private more: Set<ProcTask> | undefined = undefined;

  get size(): number {
    return (this.one !== undefined ? 1 : 0) + (this.more !== undefined ? this.more.size : 0);
  }

  has(t: ProcTask): boolean {
    return this.one === t || (this.more !== undefined && this.more.has(t));
  }

  add(t: ProcTask): this {
    if (this.has(t)) return this;
    if (this.one === undefined) this.one = t;
    else (this.more ??= new Set()).add(t);
    return this;
  }

  delete(t: ProcTask): boolean {
    if (this.one === t) {
      this.one = undefined;
      return true;
    }
    return this.more !== undefined && this.more.delete(t);
  }

  clear(): void {
    this.one = undefined;
    this.more = undefined;
  }

  *[Symbol.iterator](): IterableIterator<ProcTask> {
    if (this.one !== undefined) yield this.one;
    if (this.more !== undefined) yield* this.more;
  }

  values(): IterableIterator<ProcTask> {
    return this[Symbol.iterator]();
  }

  forEach(f: (t: ProcTask) => void): void {
    for (const t of this) f(t);
  }
}

export interface ProcessHooks {
  /** turns a caught error into the Lua error value reported to monitors */
  errorValue(e: unknown): LuaValue;
  /** a Lua table from a plain record (for event tables) */
  makeEvent(fields: Record<string, LuaValue>): LuaTable;
  /** logs an unexpected failure */
  onCrash?(p: Process, error: LuaValue): void;
  /** `process.upgrade`: swap the code of `p` (its coroutines are suspended) */
  upgrade?(p: Process, entry: string | undefined, args: LuaValue[]): void;
}

/**
 * Yielded by `process.upgrade`: the node swaps the process's code once the step that asked
 * has returned, because a coroutine cannot kill itself while it runs. A signal rather than a
 * field checked on every step keeps the swap off the message path.
 */
export class UpgradeSignal extends HostSignal {
  constructor(public entry: string | undefined, public args: LuaValue[]) {
    super('upgrade');
  }
}

// Memory: most processes never use monitors, links, names, topic listeners or options, so
// those collections are made on first use (an empty Set or Map costs ~150 bytes); code inside
// this file reads the backing fields so that a lookup does not create them.
export class Process {
  readonly tasks = new TaskSet();
  exited = false;
  result: ExitResult | undefined = undefined;
  inbox: Channel | undefined = undefined;
  events: Channel | undefined = undefined;
  private _mailbox: Message[] | undefined = undefined;
  private _pendingEvents: LuaTable[] | undefined = undefined;
  private _listeners: Map<string, { channel: Channel; message: boolean }> | undefined = undefined;
  private _monitors: Set<Process> | undefined = undefined;
  private _monitoring: Set<Process> | undefined = undefined;
  private _links: Set<Process> | undefined = undefined;
  private _names: Set<string> | undefined = undefined;
  private _options: { trap_links: boolean; upgradable: boolean } | undefined = undefined;
  private exitWaiters: ((r: ExitResult) => void)[] | undefined = undefined;
  /** host-specific state (terminal I/O, context values, entry id...) */
  ctx: Record<string, unknown> = {};

  /** the process's own `_G`; replaced when `process.upgrade` swaps its code */
  constructor(public readonly node: Node, public readonly pid: string, public env: LuaTable,
              public readonly host: string) {}

  /** opted in to OUTDATED events (read without making the options record) */
  get upgradable(): boolean {
    return this._options?.upgradable === true;
  }

  /** messages not yet routed to a channel, in arrival order */
  get mailbox(): Message[] {
    return (this._mailbox ??= []);
  }

  /** events that arrived before `process.events()` opened the events channel */
  get pendingEvents(): LuaTable[] {
    return (this._pendingEvents ??= []);
  }

  get listeners(): Map<string, { channel: Channel; message: boolean }> {
    return (this._listeners ??= new Map());
  }

  /** processes monitoring this one */
  get monitors(): Set<Process> {
    return (this._monitors ??= new Set());
  }

  /** processes this one monitors */
  get monitoring(): Set<Process> {
    return (this._monitoring ??= new Set());
  }

  get links(): Set<Process> {
    return (this._links ??= new Set());
  }

  /** registered names of this process */
  get names(): Set<string> {
    return (this._names ??= new Set());
  }

  get options(): { trap_links: boolean; upgradable: boolean } {
    return (this._options ??= { trap_links: false, upgradable: false });
  }

  /** Start a coroutine of this process running `fn(...args)`. */
  startTask(fn: LuaFunction, args: LuaValue[], main: boolean): ProcTask {
    const t = new ProcTask(this, new LuaTask(fn, args), main);
    this.tasks.add(t);
    enqueue(t, undefined);
    return t;
  }

  onExit(f: (r: ExitResult) => void): void {
    if (this.result !== undefined) f(this.result);
    else (this.exitWaiters ??= []).push(f);
  }

  // ---- messages ------------------------------------------------------------------------

  deliver(m: Message): void {
    if (this.exited) return;
    const l = this._listeners?.get(m.topic);
    if (l !== undefined) {
      l.channel.trySend(l.message ? m : rawPayload(m));
      return;
    }
    if (this.inbox !== undefined) this.inbox.trySend(m);
    else (this._mailbox ??= []).push(m);
  }

  openInbox(): Channel {
    if (this.inbox === undefined) {
      this.inbox = new Channel(Infinity);
      const mailbox = this._mailbox;
      if (mailbox !== undefined) {
        const rest: Message[] = [];
        for (const m of mailbox) {
          if (this._listeners?.has(m.topic)) rest.push(m);
          else this.inbox.trySend(m);
        }
        this._mailbox = rest.length > 0 ? rest : undefined;
      }
    }
    return this.inbox;
  }

  listen(topic: string, message: boolean): Channel {
    const existing = this.listeners.get(topic);
    if (existing !== undefined) return existing.channel;
    const ch = new Channel(Infinity);
    this.listeners.set(topic, { channel: ch, message });
    const mailbox = this._mailbox;
    if (mailbox !== undefined) {
      const rest: Message[] = [];
      for (const m of mailbox) {
        if (m.topic === topic) ch.trySend(message ? m : rawPayload(m));
        else rest.push(m);
      }
      this._mailbox = rest.length > 0 ? rest : undefined;
    }
    return ch;
  }

  unlisten(ch: Channel): void {
    const ls = this._listeners;
    if (ls === undefined) return;
    for (const [topic, l] of ls) if (l.channel === ch) ls.delete(topic);
  }

  openEvents(): Channel {
    if (this.events === undefined) {
      this.events = new Channel(Infinity);
      const pending = this._pendingEvents;
      this._pendingEvents = undefined;
      if (pending !== undefined) for (const e of pending) this.events.trySend(e);
    }
    return this.events;
  }

  /** `e` was delivered and is still waiting to be received (OUTDATED events coalesce) */
  holdsEvent(e: LuaTable): boolean {
    if (this.events !== undefined) return this.events.holds(e);
    return this._pendingEvents !== undefined && this._pendingEvents.includes(e);
  }

  deliverEvent(e: LuaTable): void {
    if (this.exited) return;
    if (this.events !== undefined) this.events.trySend(e);
    else (this._pendingEvents ??= []).push(e);
  }

  // ---- code swap -------------------------------------------------------------------------

  /**
   * Stop every coroutine without exiting: the PID, mailbox, channels, names, monitors and
   * links stay. The caller then starts the new code with `startTask(fn, args, true)`.
   */
  killTasks(): void {
    for (const t of this.tasks) {
      t.waiter?.cancel();
      try {
        t.task.kill();
      } catch {
        // a failing __close during a kill must not stop the swap or the exit
      }
    }
    this.tasks.clear();
  }

  // ---- exit ------------------------------------------------------------------------------

  exit(r: ExitResult): void {
    if (this.exited) return;
    this.exited = true;
    this.result = r;
    this.killTasks();
    this.node.release(this);
    const hooks = this.node.hooks;
    const monitors = this._monitors, links = this._links;
    // the result table only when someone is told (most exits have no monitor and no link)
    const result = (monitors !== undefined && monitors.size > 0) || (links !== undefined && links.size > 0)
      ? hooks.makeEvent(r.error !== undefined ? { error: r.error } : { value: r.value })
      : undefined;
    if (monitors !== undefined) {
      for (const m of monitors) {
        m._monitoring?.delete(this);
        m.deliverEvent(hooks.makeEvent({ kind: EVENT.EXIT, from: this.pid, result, at: Date.now() / 1000 }));
      }
      monitors.clear();
    }
    if (this._monitoring !== undefined) for (const m of this._monitoring) m._monitors?.delete(this);
    if (links !== undefined && links.size > 0) {
      const ls = [...links];
      links.clear();
      for (const l of ls) {
        l._links?.delete(this);
        if (r.error === undefined) continue;
        if (l._options?.trap_links) {
          l.deliverEvent(hooks.makeEvent({ kind: EVENT.LINK_DOWN, from: this.pid, result, at: Date.now() / 1000 }));
        } else {
          l.exit({ error: hooks.errorValue(new Error('linked process failed')) });
        }
      }
    }
    const ws = this.exitWaiters;
    this.exitWaiters = undefined;
    if (ws !== undefined) for (const w of ws) w(r);
  }

  /** Drop this process's registered names from the node's name table. */
  releaseNames(table: Map<string, Process>): void {
    const names = this._names;
    if (names === undefined) return;
    for (const n of names) if (table.get(n) === this) table.delete(n);
    names.clear();
  }
}

function rawPayload(m: Message): LuaValue {
  if (m.payloads.length === 0) return undefined;
  if (m.payloads.length === 1) return m.payloads[0];
  return new LuaTable([...m.payloads]);
}

// ---- the node: the process table --------------------------------------------------------

export class Node {
  readonly processes = new Map<string, Process>();
  readonly names = new Map<string, Process>();
  private counters = new Map<string, number>();
  /** the process whose code is running right now */
  current: Process | undefined = undefined;
  currentTask: ProcTask | undefined = undefined;

  constructor(public hooks: ProcessHooks, public nodeName = '') {
    setStepper((t, v) => this.step(t, v));
  }

  newPid(host: string): string {
    const n = (this.counters.get(host) ?? 0) + 1;
    this.counters.set(host, n);
    const id = '0x' + n.toString(16).padStart(5, '0');
    // joined, not concatenated: `+` makes a tree of cons strings (~130 bytes per PID, kept
    // as long as the process lives); join makes one flat string
    return (this.nodeName ? ['{', this.nodeName, '@', host, '|', id, '}'] : ['{', host, '|', id, '}']).join('');
  }

  create(host: string, env: LuaTable): Process {
    const p = new Process(this, this.newPid(host), env, host);
    this.processes.set(p.pid, p);
    return p;
  }

  /** A PID or a registered name -> process. */
  resolve(dest: string): Process | undefined {
    return this.processes.get(dest) ?? this.names.get(dest);
  }

  release(p: Process): void {
    this.processes.delete(p.pid);
    p.releaseNames(this.names);
  }

  private step(t: ProcTask, value: unknown): void {
    const p = t.proc;
    if (p.exited || t.task.done) return;
    t.waiter = undefined;
    this.current = p;
    this.currentTask = t;
    const r = t.task.step(value);
    this.current = undefined;
    this.currentTask = undefined;
    switch (r.kind) {
      case 'signal': {
        const sig = r.signal;
        if (sig instanceof BlockSignal) {
          const w = sig.waiter;
          if (w.early !== undefined) {
            enqueue(t, w.early.value);
          } else {
            t.waiter = w;
            w.parked = t;
          }
        } else if (sig instanceof UpgradeSignal) {
          const up = this.hooks.upgrade;
          if (up !== undefined) up(p, sig.entry, sig.args);
          else p.exit({ error: this.hooks.errorValue(new Error('process.upgrade is not supported here')) });
        } else {
          // preemption (or an unknown signal): run again later
          enqueue(t, undefined);
        }
        return;
      }
      case 'done':
        p.tasks.delete(t);
        if (t.main) p.exit(mainResult(r.values, this.hooks));
        return;
      case 'error': {
        p.tasks.delete(t);
        const err = this.hooks.errorValue(r.error);
        this.hooks.onCrash?.(p, err);
        p.exit({ error: err });
      }
    }
  }
}

/** `return v` is a normal exit with v; `return x, err` (err a string or Error) a failure. */
function mainResult(values: LuaValue[], hooks: ProcessHooks): ExitResult {
  const e = values[1];
  if (e !== undefined && e !== false && e !== null) {
    return { error: typeof e === 'string' ? hooks.errorValue(e) : e };
  }
  return { value: values[0] };
}
