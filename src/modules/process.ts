// The `process` global: identity, messaging, spawning, monitors and links, cancellation,
// names. Operations complete at once in this single-node kernel, so only `exec` waits.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, EMPTY, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { rtError } from '../lua/runtime/errors.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib, checkString, typeError } from '../lua/lib/args.js';
import { copyValue } from '../kernel/copy.js';
import { EVENT, UpgradeSignal, type Message, type Process, type Node } from '../kernel/process.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { channelValue } from './channel.js';
import { KIND, makeError } from './errors.js';
import { refusal } from '../security/guard.js';

export interface SpawnOptions {
  monitor?: boolean;
  link?: boolean;
  context?: LuaTable;
  options?: LuaTable;
  name?: string;
  message?: { topic: string; payloads: LuaValue[] };
  /** with_actor / with_scope values (src/security/propagation.ts checks and applies them) */
  actor?: LuaValue;
  scope?: LuaValue;
  /** started by exec (checked as process.exec rather than process.spawn) */
  exec?: boolean;
  /** a service's `lifecycle.security` block and the entry that declares it */
  securityBlock?: { config: unknown; owner: string };
}

/** What the process module needs from the runtime above the kernel. */
export interface ProcessRuntime {
  node: Node;
  /** spawn entry `id` on `host` with copied args; returns the process or an error message */
  spawn(parent: Process | undefined, id: string, host: string, args: LuaValue[], opts: SpawnOptions):
    Process | { kind: string; message: string };
}

// ---- messages and payloads ----------------------------------------------------------------

/**
 * A userdata of a metatable frozen here once (see `frozenMeta`): the Userdata constructor
 * would freeze the metatable again, a lookup of `__index` per message.
 */
function userdataOf(data: unknown, mt: LuaTable): Userdata {
  const u = new Userdata(data, undefined);
  u.mt = mt;
  return u;
}

/** Freeze a metatable and its `__index` table, as the Userdata constructor would. */
function frozenMeta(mt: LuaTable, index: LuaTable): LuaTable {
  mt.setStr('__index', index);
  index.frozen = true;
  mt.frozen = true;
  return mt;
}

const payloadMeta = new LuaTable();
const payloadMethods = makeLib({
  data: (self: LuaValue) => (self as Userdata).data.value,
  unmarshal: (self: LuaValue) => (self as Userdata).data.value,
  get_format: (self: LuaValue) => (self as Userdata).data.format,
});
payloadMeta.setStr('__index', payloadMethods);
payloadMeta.setStr('__tostring', (self: Userdata) => `payload{format=${self.data.format}}`);
payloadMeta.setStr('__name', 'payload');

export function newPayload(value: LuaValue, format = 'lua/any'): Userdata {
  return new Userdata({ value, format }, payloadMeta);
}

// The payload of a one-payload message reads the message itself: no `{value, format}` record
// per `m:payload()` call (the common `m:payload():data()` of every receive loop).
const messagePayloadMeta = new LuaTable();
messagePayloadMeta.setStr('__tostring', () => 'payload{format=lua/any}');
messagePayloadMeta.setStr('__name', 'payload');
frozenMeta(messagePayloadMeta, makeLib({
  data: (self: LuaValue) => ((self as Userdata).data as Message).payloads[0],
  unmarshal: (self: LuaValue) => ((self as Userdata).data as Message).payloads[0],
  get_format: () => 'lua/any',
}));

const messageMeta = new LuaTable();
messageMeta.setStr('__tostring', (self: Userdata) => `process.Message{topic=${(self.data as Message).topic}}`);
messageMeta.setStr('__name', 'process.Message');
frozenMeta(messageMeta, makeLib({
  topic: (self: LuaValue) => ((self as Userdata).data as Message).topic,
  from: (self: LuaValue) => ((self as Userdata).data as Message).from,
  payload: (self: LuaValue) => {
    const m = (self as Userdata).data as Message;
    const ps = m.payloads;
    if (ps.length === 0) return undefined;
    if (ps.length === 1) return userdataOf(m, messagePayloadMeta);
    return new LuaTable(ps.map((p) => newPayload(p)));
  },
}));

/** Channel values carry kernel Messages; Lua code sees them as Message userdata. */
export function messageValue(m: Message): Userdata {
  return userdataOf(m, messageMeta);
}

// ---- the module ---------------------------------------------------------------------------

export function createProcessModule(rt: ProcessRuntime): LuaTable {
  const node = rt.node;
  const self = (): Process => {
    const p = node.current;
    if (p === undefined) return rtError('no process context');
    return p;
  };
  const target = (dest: LuaValue, fname: string): Process | undefined => {
    if (typeof dest !== 'string') return typeError(1, fname, 'string', dest);
    return node.resolve(dest);
  };
  const fail = (kind: string, message: string) => [undefined, makeError(kind, message)];

  // The message path: positional arguments (no rest array), and the payloads copied in a
  // loop where a string, number or boolean costs nothing (copyValue is for tables).
  function send(dest: LuaValue, topic: LuaValue, p0: LuaValue): LuaValue {
    const n = arguments.length;
    if (typeof dest !== 'string') return typeError(1, 'send', 'string', dest, n > 0);
    if (typeof topic !== 'string' || topic === '') return fail(KIND.INVALID, 'topic must be a non-empty string');
    if (topic.charCodeAt(0) === 64 /* @ */) return fail(KIND.INVALID, `topic '${topic}' is reserved`);
    const cur = node.current;
    const from = cur === undefined ? '' : cur.pid;
    const no = refusal(node, 'process.send', dest);
    if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
    const p = cur === undefined ? node.resolve(dest) : node.resolveFrom(cur, dest);
    if (p === undefined) {
      // a PID that no longer exists is not an error; an unknown name is
      if (dest.charCodeAt(0) === 123 /* { */) return true;
      return fail(KIND.NOT_FOUND, `could not resolve '${dest}'`);
    }
    let payloads: LuaValue[];
    if (n <= 3) payloads = n === 3 ? [typeof p0 === 'object' ? copyValue(p0) : typeof p0 === 'function' ? undefined : p0] : [];
    else {
      payloads = new Array<LuaValue>(n - 2);
      for (let i = 2; i < n; i++) {
        const v = arguments[i] as LuaValue;
        payloads[i - 2] = typeof v === 'object' ? copyValue(v) : typeof v === 'function' ? undefined : v;
      }
    }
    p.deliver({ topic, from, payloads });
    return true;
  }

  const spawnWith = (opts: SpawnOptions, fname: string) => (...args: LuaValue[]) => {
    const id = args[0], host = args[1];
    if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, `${fname}: entry id required`);
    if (typeof host !== 'string' || host === '') return fail(KIND.INVALID, `${fname}: host id required`);
    const r = rt.spawn(node.current, id, host, copiedFrom(args, 2), opts);
    if ('kind' in r) return fail(r.kind, r.message);
    return r.pid;
  };

  const exec = (opts: SpawnOptions): LuaFunction => {
    const f: LuaFunction = () => yieldPlain();
    f.$g = function* (...args: LuaValue[]): LuaGen {
      const id = args[0], host = args[1];
      if (typeof id !== 'string' || typeof host !== 'string') return fail(KIND.INVALID, 'exec: entry id and host required');
      const r = rt.spawn(node.current, id, host, args.slice(2).map((v) => copyValue(v)), { ...opts, exec: true });
      if ('kind' in r) return fail(r.kind, r.message);
      const w = new Waiter();
      r.onExit((res) => w.complete(res));
      const res = (yield new BlockSignal(w)) as { value?: LuaValue; error?: LuaValue };
      if (res.error !== undefined) return [undefined, res.error];
      return copyValue(res.value);
    };
    f.$name = 'exec';
    return f;
  };

  // process.upgrade(id | nil | "", ...): the node swaps the code once this coroutine has
  // yielded (see UpgradeSignal); it never resumes here. `...` is the new code's arguments,
  // and stays in the same process, so it is not copied.
  const upgrade: LuaFunction = () => yieldPlain();
  upgrade.$g = function* (...args: LuaValue[]): LuaGen {
    const id = args[0];
    if (id !== undefined && typeof id !== 'string') return typeError(1, 'upgrade', 'string or nil', id);
    self();
    yield new UpgradeSignal(id === undefined || id === '' ? undefined : id, args.slice(1));
    return rtError('process.upgrade: the process was not upgraded');
  };
  upgrade.$name = 'upgrade';

  const spawner = (opts: SpawnOptions): LuaTable => {
    const t = makeLib({
      with_context: (_s: LuaValue, ctx: LuaValue) => spawner({ ...opts, context: mergeTables(opts.context, ctx) }),
      with_options: (_s: LuaValue, o: LuaValue) => spawner({ ...opts, options: mergeTables(opts.options, o) }),
      with_name: (_s: LuaValue, name: LuaValue) => spawner({ ...opts, name: String(name) }),
      with_actor: (_s: LuaValue, a: LuaValue) => spawner({ ...opts, actor: a }),
      with_scope: (_s: LuaValue, sc: LuaValue) => spawner({ ...opts, scope: sc }),
      with_message: (_s: LuaValue, topic: LuaValue, ...p: LuaValue[]) =>
        spawner({ ...opts, message: { topic: String(topic), payloads: p.map((v) => copyValue(v)) } }),
      spawn: (_s: LuaValue, ...a: LuaValue[]) => spawnWith(opts, 'spawn')(...a),
      spawn_monitored: (_s: LuaValue, ...a: LuaValue[]) => spawnWith({ ...opts, monitor: true }, 'spawn')(...a),
      spawn_linked: (_s: LuaValue, ...a: LuaValue[]) => spawnWith({ ...opts, link: true }, 'spawn')(...a),
      spawn_linked_monitored: (_s: LuaValue, ...a: LuaValue[]) =>
        spawnWith({ ...opts, link: true, monitor: true }, 'spawn')(...a),
    });
    const ex = exec(opts);
    const exm: LuaFunction = (_s: LuaValue, ...a: LuaValue[]) => ex(...a);
    exm.$g = function* (_s: LuaValue, ...a: LuaValue[]) { return yield* ex.$g!(...a); };
    exm.$name = 'exec';
    t.setStr('exec', exm);
    return t;
  };

  const relation = (fname: string, apply: (me: Process, other: Process) => void) => (...args: LuaValue[]) => {
    const me = self();
    const no = typeof args[0] === 'string' ? refusal(node, `process.${fname}`, args[0]) : undefined;
    if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
    const other = target(args[0], fname);
    if (other === undefined) return fail(KIND.NOT_FOUND, `process '${String(args[0])}' not found`);
    apply(me, other);
    return true;
  };

  const registry = makeLib({
    register: (...args: LuaValue[]) => {
      const name = checkString(args, 0, 'register');
      const pid = args[1] === undefined ? self().pid : String(args[1]);
      const no = refusal(node, 'process.registry.register', name) ?? (pid !== self().pid ? refusal(node, 'process.registry.foreign', pid) : undefined);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      const p = node.processes.get(pid);
      if (p === undefined) return fail(KIND.NOT_FOUND, `process '${pid}' not found`);
      const holder = node.names.get(name);
      if (holder !== undefined && holder !== p) return fail(KIND.ALREADY_EXISTS, `name '${name}' is already registered`);
      node.names.set(name, p);
      p.names.add(name);
      return true;
    },
    lookup: (...args: LuaValue[]) => {
      const name = checkString(args, 0, 'lookup');
      const p = node.names.get(name);
      return p === undefined ? fail(KIND.NOT_FOUND, `name '${name}' not found`) : p.pid;
    },
    unregister: (...args: LuaValue[]) => {
      const name = checkString(args, 0, 'unregister');
      const no = refusal(node, 'process.registry.unregister', name);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      const p = node.names.get(name);
      if (p === undefined) return false;
      node.names.delete(name);
      p.names.delete(name);
      return true;
    },
    LOCAL: 0,
    EVENTUAL: 1,
    CONSISTENT: 2,
    STRONG: 3,
  });

  const events = makeLib({
    CANCEL: EVENT.CANCEL,
    EXIT: EVENT.EXIT,
    LINK_DOWN: EVENT.LINK_DOWN,
    OUTDATED: EVENT.OUTDATED,
  });

  const mod = makeLib({
    pid: () => self().pid,
    id: () => self().pid,
    send,
    inbox: () => channelValue(self().openInbox(), messageValue),
    events: () => channelValue(self().openEvents()),
    listen: (...args: LuaValue[]) => {
      const topic = checkString(args, 0, 'listen');
      if (topic === '' || topic.startsWith('@')) return fail(KIND.INVALID, `invalid topic '${topic}'`);
      const opts = args[1];
      const message = opts instanceof LuaTable && opts.getStr('message') === true;
      return channelValue(self().listen(topic, message), message ? messageValue : undefined);
    },
    unlisten: (ch: LuaValue) => {
      const c = ch instanceof Userdata ? ch.data : undefined;
      if (c !== undefined) self().unlisten(c);
      return EMPTY;
    },
    spawn: spawnWith({}, 'spawn'),
    spawn_monitored: spawnWith({ monitor: true }, 'spawn_monitored'),
    spawn_linked: spawnWith({ link: true }, 'spawn_linked'),
    spawn_linked_monitored: spawnWith({ link: true, monitor: true }, 'spawn_linked_monitored'),
    exec: exec({}),
    monitor: relation('monitor', (me, o) => { o.monitors.add(me); me.monitoring.add(o); }),
    unmonitor: relation('unmonitor', (me, o) => { o.monitors.delete(me); me.monitoring.delete(o); }),
    link: relation('link', (me, o) => { if (me !== o) { o.links.add(me); me.links.add(o); } }),
    unlink: relation('unlink', (me, o) => { o.links.delete(me); me.links.delete(o); }),
    cancel: (...args: LuaValue[]) => {
      const no = typeof args[0] === 'string' ? refusal(node, 'process.cancel', args[0]) : undefined;
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      const p = target(args[0], 'cancel');
      if (p === undefined) return fail(KIND.NOT_FOUND, `process '${String(args[0])}' not found`);
      const reason = typeof args[1] === 'string' ? args[1] : '';
      p.deliverEvent(node.hooks.makeEvent({ kind: EVENT.CANCEL, from: node.current?.pid ?? '', reason, at: Date.now() / 1000 }));
      return true;
    },
    terminate: (...args: LuaValue[]) => {
      const no = typeof args[0] === 'string' ? refusal(node, 'process.terminate', args[0]) : undefined;
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      const p = target(args[0], 'terminate');
      if (p === undefined) return fail(KIND.NOT_FOUND, `process '${String(args[0])}' not found`);
      p.exit({ error: makeError(KIND.CANCELED, 'process terminated') });
      return true;
    },
    get_options: () => {
      const o = self().options;
      const t = new LuaTable();
      t.setStr('trap_links', o.trap_links);
      t.setStr('upgradable', o.upgradable);
      return t;
    },
    set_options: (...args: LuaValue[]) => {
      const t = args[0];
      if (!(t instanceof LuaTable)) return typeError(1, 'set_options', 'table', t, args.length > 0);
      const o = self().options;
      for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) {
        const [k, v] = e;
        if (k !== 'trap_links' && k !== 'upgradable') return [false, makeError(KIND.INVALID, `unknown option '${String(k)}'`)];
        if (typeof v !== 'boolean') return [false, makeError(KIND.INVALID, `option '${k}' must be a boolean`)];
        o[k as 'trap_links' | 'upgradable'] = v;
      }
      return true;
    },
    upgrade,
    with_context: (ctx: LuaValue) => spawner({ context: mergeTables(undefined, ctx) }),
    with_options: (o: LuaValue) => spawner({ options: mergeTables(undefined, o) }),
  });
  mod.setStr('registry', registry);
  mod.setStr('event', events);
  registry.frozen = true;
  events.frozen = true;
  mod.frozen = true;
  return mod;
}

/** Copies of args[from..] for another process; no arguments share one empty array (the
 * task keeps its argument array as long as the process lives). */
function copiedFrom(args: LuaValue[], from: number): LuaValue[] {
  const n = args.length - from;
  if (n <= 0) return EMPTY;
  const out = new Array<LuaValue>(n);
  for (let i = 0; i < n; i++) {
    const v = args[from + i];
    out[i] = typeof v === 'object' || typeof v === 'function' ? copyValue(v) : v;
  }
  return out;
}

/** A new table with the pairs of a, then b (b wins). */
export function mergeTables(a: LuaTable | undefined, b: LuaValue): LuaTable {
  const out = new LuaTable();
  for (const t of [a, b]) {
    if (!(t instanceof LuaTable)) continue;
    for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) out.set(e[0], e[1]);
  }
  return out;
}
