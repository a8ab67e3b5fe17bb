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
import { enqueue } from './scheduler.js';
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

/**
 * One coroutine of a process, as the scheduler sees it: the Lua task itself plus its
 * process (one object per coroutine, not a task and a record around it).
 */
export class ProcTask extends LuaTask {
  waiter: Waiter | undefined = undefined;
  /** the process's main coroutine: its end is the process's exit */
  readonly primary: boolean;

  constructor(public proc: Process, fn: LuaFunction, args: LuaValue[], primary: boolean) {
    super(fn, args);
    this.primary = primary;
  }

  /** the Lua task (this object; kept for callers that held the two apart) */
  get task(): LuaTask {
    return this;
  }
}

/**
 * The coroutines of a process, a Set in behaviour, for code outside the kernel (a view made
 * on demand: the process keeps its first coroutine in a field and the others in a Set made
 * only for a second one).
 */
export class TaskSet implements Iterable<ProcTask> {
  constructor(private p: Process) {}

  get size(): number {
    return this.p.taskCount();
  }

  has(t: ProcTask): boolean {
    return this.p.hasTask(t);
  }

  *[Symbol.iterator](): IterableIterator<ProcTask> {
    yield* this.p.taskList();
  }

  values(): IterableIterator<ProcTask> {
    return this[Symbol.iterator]();
  }

  forEach(f: (t: ProcTask) => void): void {
    for (const t of this.p.taskList()) f(t);
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

/**
 * What few processes use: a second coroutine, monitors, links, names, topic listeners,
 * options, the events channel, exit listeners. One record made on first use, so an idle
 * process carries one empty field for all of them (each field of `Process` costs 8 bytes
 * on every process, and an empty Set or Map ~150).
 */
class Extras {
  result: ExitResult | undefined = undefined;
  events: Channel | undefined = undefined;
  moreTasks: Set<ProcTask> | undefined = undefined;
  mailbox: Message[] | undefined = undefined;
  pendingEvents: LuaTable[] | undefined = undefined;
  listeners: Map<string, { channel: Channel; message: boolean }> | undefined = undefined;
  monitors: Set<Process> | undefined = undefined;
  monitoring: Set<Process> | undefined = undefined;
  links: Set<Process> | undefined = undefined;
  names: Set<string> | undefined = undefined;
  options: { trap_links: boolean; upgradable: boolean } | undefined = undefined;
  /** one listener (the common case: whoever started the process) or several */
  exitWaiters: ((r: ExitResult) => void) | ((r: ExitResult) => void)[] | undefined = undefined;
}

// Memory: an idle process is this object, its `ctx`, and its coroutine. Everything most
// processes never use lives in `Extras`; code inside this file reads `x` so that a lookup
// creates nothing.
export class Process {
  exited = false;
  inbox: Channel | undefined = undefined;
  /** the main coroutine (or the first one); others are in x.moreTasks */
  private task0: ProcTask | undefined = undefined;
  private x: Extras | undefined = undefined;
  /** host-specific state (terminal I/O, context values, entry id...) */
  ctx: Record<string, unknown>;

  /** the PID, given on first use to processes nobody could address yet (see Node.create) */
  _pid: string | undefined;
  /**
   * The PID this process last sent to and its process: a process mostly sends to the same
   * peer (a reply address, the next ring member), and a PID names one process for its
   * whole life, so the lookup in the process table (a string-keyed Map of every process)
   * is skipped while that peer lives. See `Node.resolveFrom`.
   */
  private sentTo: string | undefined = undefined;
  private sentToProc: Process | undefined = undefined;

  /**
   * `env` is the process's own `_G`; replaced when `process.upgrade` swaps its code. A
   * `ctx` made with all its fields at once keeps them inside the object (fields added one
   * by one past the fourth need a separate property store).
   */
  constructor(public readonly node: Node, pid: string | undefined, public env: LuaTable,
              public readonly host: string, ctx?: Record<string, unknown>) {
    this._pid = pid;
    this.ctx = ctx ?? {};
  }

  get pid(): string {
    return this._pid ?? this.node.assignPid(this);
  }

  /** the live process last sent to under PID `dest` (see `sentTo`) */
  cachedPeer(dest: string): Process | undefined {
    const p = this.sentToProc;
    return p !== undefined && this.sentTo === dest && !p.exited ? p : undefined;
  }

  rememberPeer(dest: string, p: Process): void {
    this.sentTo = dest;
    this.sentToProc = p;
  }

  private get extras(): Extras {
    return (this.x ??= new Extras());
  }

  /** the coroutines of this process */
  get tasks(): TaskSet {
    return new TaskSet(this);
  }

  taskCount(): number {
    const more = this.x?.moreTasks;
    return (this.task0 !== undefined ? 1 : 0) + (more !== undefined ? more.size : 0);
  }

  hasTask(t: ProcTask): boolean {
    return this.task0 === t || (this.x?.moreTasks?.has(t) ?? false);
  }

  /** a snapshot of the coroutines (safe to iterate while they are killed) */
  taskList(): ProcTask[] {
    const out: ProcTask[] = this.task0 !== undefined ? [this.task0] : [];
    const more = this.x?.moreTasks;
    if (more !== undefined) out.push(...more);
    return out;
  }

  private addTask(t: ProcTask): void {
    if (this.task0 === undefined) this.task0 = t;
    else (this.extras.moreTasks ??= new Set()).add(t);
  }

  /** drop a finished coroutine */
  removeTask(t: ProcTask): void {
    if (this.task0 === t) this.task0 = undefined;
    else this.x?.moreTasks?.delete(t);
  }

  get result(): ExitResult | undefined {
    return this.x?.result;
  }

  get events(): Channel | undefined {
    return this.x?.events;
  }

  /** opted in to OUTDATED events (read without making the options record) */
  get upgradable(): boolean {
    return this.x?.options?.upgradable === true;
  }

  /** messages not yet routed to a channel, in arrival order */
  get mailbox(): Message[] {
    return (this.extras.mailbox ??= []);
  }

  /** events that arrived before `process.events()` opened the events channel */
  get pendingEvents(): LuaTable[] {
    return (this.extras.pendingEvents ??= []);
  }

  get listeners(): Map<string, { channel: Channel; message: boolean }> {
    return (this.extras.listeners ??= new Map());
  }

  /** processes monitoring this one */
  get monitors(): Set<Process> {
    return (this.extras.monitors ??= new Set());
  }

  /** processes this one monitors */
  get monitoring(): Set<Process> {
    return (this.extras.monitoring ??= new Set());
  }

  get links(): Set<Process> {
    return (this.extras.links ??= new Set());
  }

  /** registered names of this process */
  get names(): Set<string> {
    return (this.extras.names ??= new Set());
  }

  get options(): { trap_links: boolean; upgradable: boolean } {
    return (this.extras.options ??= { trap_links: false, upgradable: false });
  }

  /** Start a coroutine of this process running `fn(...args)`. */
  startTask(fn: LuaFunction, args: LuaValue[], main: boolean): ProcTask {
    const t = new ProcTask(this, fn, args, main);
    this.addTask(t);
    enqueue(t, undefined);
    return t;
  }

  onExit(f: (r: ExitResult) => void): void {
    const r = this.x?.result;
    if (r !== undefined) return f(r);
    const x = this.extras, ws = x.exitWaiters;
    if (ws === undefined) x.exitWaiters = f;
    else if (typeof ws === 'function') x.exitWaiters = [ws, f];
    else ws.push(f);
  }

  // ---- messages ------------------------------------------------------------------------

  deliver(m: Message): void {
    if (this.exited) return;
    const x = this.x;
    if (x !== undefined && x.listeners !== undefined) {
      const l = x.listeners.get(m.topic);
      if (l !== undefined) {
        l.channel.trySend(l.message ? m : rawPayload(m));
        return;
      }
    }
    if (this.inbox !== undefined) this.inbox.trySend(m);
    else (this.extras.mailbox ??= []).push(m);
  }

  openInbox(): Channel {
    if (this.inbox === undefined) {
      this.inbox = new Channel(Infinity);
      const x = this.x;
      const mailbox = x?.mailbox;
      if (x !== undefined && mailbox !== undefined) {
        const rest: Message[] = [];
        for (const m of mailbox) {
          if (x.listeners?.has(m.topic)) rest.push(m);
          else this.inbox.trySend(m);
        }
        x.mailbox = rest.length > 0 ? rest : undefined;
      }
    }
    return this.inbox;
  }

  listen(topic: string, message: boolean): Channel {
    const existing = this.listeners.get(topic);
    if (existing !== undefined) return existing.channel;
    const ch = new Channel(Infinity);
    const x = this.extras;
    this.listeners.set(topic, { channel: ch, message });
    const mailbox = x.mailbox;
    if (mailbox !== undefined) {
      const rest: Message[] = [];
      for (const m of mailbox) {
        if (m.topic === topic) ch.trySend(message ? m : rawPayload(m));
        else rest.push(m);
      }
      x.mailbox = rest.length > 0 ? rest : undefined;
    }
    return ch;
  }

  unlisten(ch: Channel): void {
    const ls = this.x?.listeners;
    if (ls === undefined) return;
    for (const [topic, l] of ls) if (l.channel === ch) ls.delete(topic);
  }

  openEvents(): Channel {
    const x = this.extras;
    if (x.events === undefined) {
      const events = x.events = new Channel(Infinity);
      const pending = x.pendingEvents;
      x.pendingEvents = undefined;
      if (pending !== undefined) for (const e of pending) events.trySend(e);
    }
    return x.events;
  }

  /** `e` was delivered and is still waiting to be received (OUTDATED events coalesce) */
  holdsEvent(e: LuaTable): boolean {
    const x = this.x;
    if (x === undefined) return false;
    if (x.events !== undefined) return x.events.holds(e);
    return x.pendingEvents !== undefined && x.pendingEvents.includes(e);
  }

  deliverEvent(e: LuaTable): void {
    if (this.exited) return;
    const x = this.extras;
    if (x.events !== undefined) x.events.trySend(e);
    else (x.pendingEvents ??= []).push(e);
  }

  // ---- code swap -------------------------------------------------------------------------

  /**
   * Stop every coroutine without exiting: the PID, mailbox, channels, names, monitors and
   * links stay. The caller then starts the new code with `startTask(fn, args, true)`.
   */
  killTasks(): void {
    const t0 = this.task0;
    this.task0 = undefined;
    if (t0 !== undefined) killTask(t0);
    const more = this.x?.moreTasks;
    if (more !== undefined) {
      this.x!.moreTasks = undefined;
      for (const t of more) killTask(t);
    }
  }

  // ---- exit ------------------------------------------------------------------------------

  exit(r: ExitResult): void {
    if (this.exited) return;
    this.exited = true;
    this.killTasks();
    this.node.release(this);
    const x = this.x;
    if (x === undefined) {
      // the common case: nobody to tell; remember the result for a late onExit
      this.extras.result = r;
      return;
    }
    x.result = r;
    const hooks = this.node.hooks;
    const monitors = x.monitors, links = x.links;
    // the result table only when someone is told (most exits have no monitor and no link)
    const result = (monitors !== undefined && monitors.size > 0) || (links !== undefined && links.size > 0)
      ? hooks.makeEvent(r.error !== undefined ? { error: r.error } : { value: r.value })
      : undefined;
    if (monitors !== undefined) {
      for (const m of monitors) {
        m.x?.monitoring?.delete(this);
        m.deliverEvent(hooks.makeEvent({ kind: EVENT.EXIT, from: this.pid, result, at: Date.now() / 1000 }));
      }
      monitors.clear();
    }
    if (x.monitoring !== undefined) for (const m of x.monitoring) m.x?.monitors?.delete(this);
    if (links !== undefined && links.size > 0) {
      const ls = [...links];
      links.clear();
      for (const l of ls) {
        l.x?.links?.delete(this);
        if (r.error === undefined) continue;
        if (l.x?.options?.trap_links) {
          l.deliverEvent(hooks.makeEvent({ kind: EVENT.LINK_DOWN, from: this.pid, result, at: Date.now() / 1000 }));
        } else {
          l.exit({ error: hooks.errorValue(new Error('linked process failed')) });
        }
      }
    }
    const ws = x.exitWaiters;
    x.exitWaiters = undefined;
    if (typeof ws === 'function') ws(r);
    else if (ws !== undefined) for (const w of ws) w(r);
  }

  /** Drop this process's registered names from the node's name table. */
  releaseNames(table: Map<string, Process>): void {
    const names = this.x?.names;
    if (names === undefined) return;
    for (const n of names) if (table.get(n) === this) table.delete(n);
    names.clear();
  }
}

function killTask(t: ProcTask): void {
  t.waiter?.cancel();
  try {
    t.kill();
  } catch {
    // a failing __close during a kill must not stop the swap or the exit
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

  constructor(public hooks: ProcessHooks, public nodeName = '') {}

  newPid(host: string): string {
    const n = (this.counters.get(host) ?? 0) + 1;
    this.counters.set(host, n);
    const id = '0x' + n.toString(16).padStart(5, '0');
    // joined, not concatenated: `+` makes a tree of cons strings (~130 bytes per PID, kept
    // as long as the process lives); join makes one flat string
    return (this.nodeName ? ['{', this.nodeName, '@', host, '|', id, '}'] : ['{', host, '|', id, '}']).join('');
  }

  /**
   * A new process on `host`. `addressable: false` defers its PID and its entry in the
   * process table until someone asks for the PID (a function call that never uses
   * `process.pid()` or sends nothing costs neither the string nor the table insert).
   */
  create(host: string, env: LuaTable, addressable = true, ctx?: Record<string, unknown>): Process {
    if (!addressable) return new Process(this, undefined, env, host, ctx);
    const p = new Process(this, this.newPid(host), env, host, ctx);
    this.processes.set(p._pid!, p);
    return p;
  }

  /** Give a process created without a PID its PID now (registered while it lives). */
  assignPid(p: Process): string {
    const pid = this.newPid(p.host);
    p._pid = pid;
    if (!p.exited) this.processes.set(pid, p);
    return pid;
  }

  /** A PID or a registered name -> process. */
  resolve(dest: string): Process | undefined {
    return this.processes.get(dest) ?? this.names.get(dest);
  }

  /** `resolve` for a send from `from`, through its one-entry cache of the last PID. */
  resolveFrom(from: Process, dest: string): Process | undefined {
    const cached = from.cachedPeer(dest);
    if (cached !== undefined) return cached;
    const p = this.resolve(dest);
    // only PIDs are cached: a name may be registered to another process at any time
    if (p !== undefined && p._pid === dest) from.rememberPeer(dest, p);
    return p;
  }

  release(p: Process): void {
    if (p._pid !== undefined) this.processes.delete(p._pid);
    p.releaseNames(this.names);
  }

  /** Run one step of `t` (the scheduler calls this on the task's own node). */
  step(t: ProcTask, value: unknown): void {
    const p = t.proc;
    if (p.exited || t.done) return;
    t.waiter = undefined;
    this.current = p;
    this.currentTask = t;
    const sig = t.run(value);
    this.current = undefined;
    this.currentTask = undefined;
    if (sig !== undefined) {
      // a waiter is its own signal; BlockSignal wraps one (host code written before that)
      const w = sig instanceof Waiter ? sig : sig instanceof BlockSignal ? sig.waiter : undefined;
      if (w !== undefined) {
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
    p.removeTask(t);
    const failure = t.failure;
    if (failure !== undefined) {
      const err = this.hooks.errorValue(failure.error);
      this.hooks.onCrash?.(p, err);
      p.exit({ error: err });
    } else if (t.primary) p.exit(mainResult(t.values, this.hooks));
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
