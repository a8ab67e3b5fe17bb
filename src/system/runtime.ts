// The running system: the registry's entries turned into hosts, processes, functions and
// supervised services on one kernel node.
//
// Data flow: registry entry (process.lua) --spawn--> compiled chunk (cached per source)
// --instantiate in the process's own _G--> entry function --> a LuaTask on the scheduler.

import { compileCached } from '../lua/state.js';
import type { CompiledChunk } from '../lua/compiler/compile.js';
import { LuaTable } from '../lua/runtime/table.js';
import { first, tostring } from '../lua/runtime/ops.js';
import { LuaError, rtError, toLuaError } from '../lua/runtime/errors.js';
import { Userdata, type LuaFunction, type LuaValue } from '../lua/runtime/types.js';
import { Node, type Process, type ExitResult } from '../kernel/process.js';
import { copyValue } from '../kernel/copy.js';
import { createBaseEnv, createProcessGlobals } from './env.js';
import { createProcessModule, newPayload, type SpawnOptions } from '../modules/process.js';
import { createChannelModule } from '../modules/channel.js';
import { createErrorsModule, KIND, makeError, toErrorValue, isLuaErrorValue, luaError } from '../modules/errors.js';
import type { Log } from './log.js';
import { ModuleSet } from './modules.js';
import type { Terminal } from '../modules/io.js';
import { EventBus } from './events.js';
import type { EnvSystem } from '../kinds/env.js';
import type { Supervisor } from './supervisor.js';
import { notifyOutdated } from './outdated.js';
import { spawnContext, callContext } from '../security/propagation.js';

/** The entry shape the runtime needs (the registry loader provides it). */
export interface RtEntry {
  id: string;
  kind: string;
  meta: Record<string, unknown>;
  data: Record<string, unknown>;
  /** loaded Lua source (a byte string) and its path for messages */
  sourceText?: string;
  sourceFile?: string;
}

export interface EntrySource {
  get(id: string): RtEntry | undefined;
  all(): RtEntry[];
}

/** A host entry that is running: processes may be spawned on it. */
export interface HostState {
  id: string;
  kind: string;
  /** terminal I/O for processes on a terminal host */
  terminal?: boolean;
  /** `host.allowed_modules`: the only modules its processes may be granted (src/security/host-limits.ts) */
  allowedModules?: readonly string[];
}

export class Runtime {
  readonly node: Node;
  readonly base: LuaTable;
  readonly hosts = new Map<string, HostState>();
  readonly modules: ModuleSet;
  /** stdout/stderr/args for processes on terminal hosts (set by `wippy run`) */
  terminal: Terminal | undefined = undefined;
  /** the event bus of the `events` module (host code may publish on it too) */
  readonly events = new EventBus<LuaValue>();
  /** env storages and variables (built at boot from the env.* entries) */
  env: EnvSystem | undefined = undefined;
  /** the supervisor of the app's services (set at boot), for `system.supervisor` */
  supervisor: Supervisor | undefined = undefined;
  /** `system.exit(code)`: set by whoever can shut the runtime down (`wippy run`); a request
   * made before that (during boot) is kept in `exitRequested` */
  onExit: ((code: number) => void) | undefined = undefined;
  exitRequested: number | undefined = undefined;
  /** the app folder (set at boot) */
  root: string | undefined = undefined;
  /** durable workflows (set at boot by src/workflow/install.ts): spawns workflow.lua entries */
  workflows: { spawn(parent: Process | undefined, entry: RtEntry, host: string, args: LuaValue[], opts: SpawnOptions):
    Process | { kind: string; message: string } } | undefined = undefined;
  /** compiled chunk per entry object (see chunkOf) */
  private chunks = new WeakMap<RtEntry, { text: string; name: string; chunk: CompiledChunk }>();
  /** pooled instances of function.lua entries: module-level state survives between calls */
  private fnPools = new Map<string, { env: LuaTable; fn: LuaFunction; required?: unknown; libraries?: unknown }[]>();

  constructor(public entries: EntrySource, public log: Log) {
    this.node = new Node({
      errorValue: (e) => errorValueOf(e),
      makeEvent: (fields) => {
        const t = new LuaTable();
        for (const [k, v] of Object.entries(fields)) if (v !== undefined) t.setStr(k, v);
        return t;
      },
      onCrash: (p, err) => this.log.log('error', 'process failed', { pid: p.pid, entry: p.ctx.entry, error: tostring(err) }),
      upgrade: (p, entry, args) => this.upgradeProcess(p, entry, args),
    });
    this.modules = new ModuleSet(this);
    this.base = createBaseEnv({
      print: (line) => {
        const p = this.node.current;
        this.log.log('info', line, p ? { pid: p.pid, entry: p.ctx.entry } : undefined);
      },
      ambient: {
        process: createProcessModule({ node: this.node, spawn: (parent, id, host, args, opts) => this.spawn(parent, id, host, args, opts) }),
        channel: createChannelModule(),
        errors: createErrorsModule(),
        payload: payloadGlobal(),
      },
      spawnCoroutine: (fn) => {
        const p = this.node.current;
        if (p === undefined) return rtError('coroutine.spawn needs a process');
        const t = p.startTask(fn, [], false);
        return t.main;
      },
      require: (name) => this.require(name),
    });
  }

  // ---- require --------------------------------------------------------------------------

  private require(name: string): LuaValue {
    const p = this.node.current;
    const entry = p?.ctx.requireEntry as RtEntry | undefined ?? (p?.ctx.entryRef as RtEntry | undefined);
    if (p === undefined || entry === undefined) return rtError(`module '${name}' not found`);
    const cache = (p.ctx.required ??= new Map<string, LuaValue>()) as Map<string, LuaValue>;
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    let v = this.grant(p, entry, name);
    // A library may call require lazily, from a function run after its chunk returned
    // (agents.md §1.4): that resolves against the grants of the libraries this process loaded.
    for (const lib of (p.ctx.libraries as RtEntry[] | undefined) ?? []) {
      if (v !== undefined) break;
      v = this.grant(p, lib, name);
    }
    if (v === undefined) return rtError(`module '${name}' not found: not declared in modules or imports of ${entry.id}`);
    cache.set(name, v);
    return v;
  }

  /** The value of module or import `name` for `entry`, or undefined when not granted. */
  private grant(p: Process, entry: RtEntry, name: string): LuaValue {
    const modules = asStringList(entry.data.modules);
    if (modules.includes(name)) {
      const allowed = this.hosts.get(p.host)?.allowedModules;
      if (allowed !== undefined && !allowed.includes(name)) return rtError(`module '${name}' is not allowed on host ${p.host}`);
      const m = this.modules.get(name, p);
      if (m === undefined) return rtError(`module '${name}' is not available in this runtime`);
      return m;
    }
    const imports = entry.data.imports as Record<string, string> | undefined;
    const target = imports?.[name];
    if (typeof target !== 'string') return undefined;
    // `:registry`, or a bare name with no such entry, imports a built-in module under an alias (agents.md §1.4)
    const id = resolveRef(target, entry.id);
    const moduleName = target.startsWith(':') ? target.slice(1) : !target.includes(':') && this.entries.get(id) === undefined ? target : undefined;
    if (moduleName !== undefined) {
      const m = this.modules.get(moduleName, p);
      if (m === undefined) return rtError(`module '${moduleName}' is not available in this runtime`);
      return m;
    }
    return this.loadLibrary(p, id);
  }

  private loadLibrary(p: Process, id: string): LuaValue {
    const lib = this.entries.get(id);
    if (lib === undefined) return rtError(`library '${id}' not found`);
    const saved = p.ctx.requireEntry;
    p.ctx.requireEntry = lib;
    ((p.ctx.libraries ??= []) as RtEntry[]).push(lib);
    try {
      const chunk = compileCached(lib.sourceText ?? '', lib.sourceFile ?? id);
      return first(chunk.instantiate(p.env)());
    } finally {
      p.ctx.requireEntry = saved;
    }
  }

  /** Granted modules and imports are also globals, as in the reference. */
  private installGrants(p: Process, entry: RtEntry): void {
    const modules = entry.data.modules, imports = entry.data.imports;
    if (modules === undefined && imports === undefined) return;
    const names = [...asStringList(modules), ...Object.keys((imports as object) ?? {})];
    for (const n of names) {
      if (n === 'io' && !this.hosts.get(p.host)?.terminal) continue;
      const v = this.grant(p, entry, n);
      if (v !== undefined) {
        (p.ctx.required ??= new Map<string, LuaValue>() as never);
        (p.ctx.required as Map<string, LuaValue>).set(n, v);
        p.env.setStr(n, v);
      }
    }
  }

  // ---- spawning ----------------------------------------------------------------------------

  spawn(parent: Process | undefined, id: string, hostId: string, args: LuaValue[], opts: SpawnOptions = {}):
    Process | { kind: string; message: string } {
    const entry = this.entries.get(id);
    if (entry === undefined) return { kind: KIND.NOT_FOUND, message: `entry '${id}' not found` };
    // workflow.lua entries run durably on a workflow.host (src/workflow/)
    if (entry.kind === 'workflow.lua' || this.hosts.get(hostId)?.kind === 'workflow.host') {
      if (this.workflows === undefined) return { kind: KIND.NOT_FOUND, message: `no workflow.host is running for ${id}` };
      return this.workflows.spawn(parent, entry, hostId, args, opts);
    }
    if (entry.kind !== 'process.lua') return { kind: KIND.INVALID, message: `entry '${id}' is a ${entry.kind}, not a process` };
    const host = this.hosts.get(hostId);
    if (host === undefined) return { kind: KIND.NOT_FOUND, message: `host '${hostId}' not found or not running` };
    // SpawnOptions names the security block `securityBlock`; spawnContext calls it `block`
    const identity = spawnContext(this.node, parent, entry, host,
      opts.securityBlock === undefined ? opts : { ...opts, block: opts.securityBlock });
    if ('kind' in identity) return identity;
    const p = this.node.create(hostId, createProcessGlobals(this.base), true, {
      security: identity.context, entry: id, entryRef: entry, startedAt: Date.now(), parent: parent?.pid,
    });
    if (host.terminal && this.terminal !== undefined) p.ctx.terminal = this.terminal;
    if (opts.context) p.ctx.context = opts.context;
    let fn: LuaFunction;
    const saved = this.node.current;
    this.node.current = p;
    try {
      this.installGrants(p, entry);
      fn = this.entryFunction(entry, p.env);
    } catch (e) {
      this.node.release(p);
      return { kind: KIND.INTERNAL, message: `cannot start ${id}: ${tostring(toLuaError(e).value)}` };
    } finally {
      this.node.current = saved;
    }
    if (parent !== undefined) {
      if (opts.monitor) { p.monitors.add(parent); parent.monitoring.add(p); }
      if (opts.link) { p.links.add(parent); parent.links.add(p); }
    }
    if (opts.name !== undefined) {
      this.node.names.set(opts.name, p);
      p.names.add(opts.name);
    }
    if (opts.message) p.deliver({ topic: opts.message.topic, from: parent?.pid ?? '', payloads: opts.message.payloads });
    p.startTask(fn, args, true);
    return p;
  }

  /**
   * The compiled chunk of an entry's source, remembered on the entry object: compileCached
   * keys its cache by name + text, which costs a concatenation and a hash of the whole source
   * on every spawn. A changed entry (new object, or new text/name) compiles through it again.
   */
  private chunkOf(entry: RtEntry, text: string, name: string): CompiledChunk {
    const c = this.chunks.get(entry);
    if (c !== undefined && c.text === text && c.name === name) return c.chunk;
    const chunk = compileCached(text, name);
    this.chunks.set(entry, { text, name, chunk });
    return chunk;
  }

  /** Run an entry's chunk and pick its entry function (`method`, or the returned function). */
  entryFunction(entry: RtEntry, env: LuaTable): LuaFunction {
    const text = entry.sourceText ?? (typeof entry.data.source === 'string' ? entry.data.source : undefined);
    if (text === undefined) return rtError(`entry ${entry.id} has no source`);
    const chunk = this.chunkOf(entry, text, entry.sourceFile ?? entry.id);
    const ret = first(chunk.instantiate(env)());
    if (typeof ret === 'function') return ret;
    const method = entry.data.method;
    if (ret instanceof LuaTable && typeof method === 'string') {
      const f = ret.get(method);
      if (typeof f === 'function') return f;
      return rtError(`method '${method}' not found in ${entry.id}`);
    }
    return rtError(`${entry.id}: the chunk must return a function or a table of functions`);
  }

  /**
   * Swap the code of a live process in place (`process.upgrade`, or the reconciler upgrading
   * a service): its coroutines stop, and entry `id` (default: the one it runs) starts in a
   * fresh `_G` with `args`. PID, mailbox, channels, names, monitors and links stay. A swap
   * that cannot start (unknown entry, load error) crashes the process, so its supervisor,
   * monitors and links see an ordinary failure.
   */
  upgradeProcess(p: Process, id: string | undefined, args: LuaValue[]): void {
    if (p.exited) return;
    const current = p.ctx.entry as string;
    const entryId = id === undefined ? current : resolveRef(id, current);
    const entry = this.entries.get(entryId);
    p.killTasks();
    if (entry === undefined || entry.kind !== 'process.lua') {
      const why = entry === undefined ? `entry '${entryId}' not found` : `entry '${entryId}' is a ${entry.kind}, not a process`;
      p.exit({ error: makeError(entry === undefined ? KIND.NOT_FOUND : KIND.INVALID, `process.upgrade: ${why}`) });
      return;
    }
    p.env = createProcessGlobals(this.base);
    p.ctx.entry = entryId;
    p.ctx.entryRef = entry;
    p.ctx.required = undefined;
    p.ctx.upgradedAt = Date.now();
    let fn: LuaFunction;
    const saved = this.node.current;
    this.node.current = p;
    try {
      this.installGrants(p, entry);
      fn = this.entryFunction(entry, p.env);
    } catch (e) {
      const err = errorValueOf(e);
      this.log.log('error', 'process upgrade failed', { pid: p.pid, entry: entryId, error: tostring(err) });
      p.exit({ error: err });
      return;
    } finally {
      this.node.current = saved;
    }
    this.log.log('info', 'process upgraded', { pid: p.pid, entry: entryId });
    p.startTask(fn, args, true);
  }

  /** Registry entries changed: the next call of a changed function runs its new code. */
  entriesChanged(ids: string[]): void {
    notifyOutdated(this.node, this.entries, ids);
    // a changed library may be imported by any function: then every pool starts afresh
    const library = ids.some((id) => this.entries.get(id)?.kind === 'library.lua');
    if (library) this.fnPools.clear();
    else for (const id of ids) this.fnPools.delete(id);
  }

  // ---- functions -------------------------------------------------------------------------

  /**
   * Start a function.lua call as a short-lived process; `done` gets its result. The chunk
   * instance comes from a pool, so module-level locals persist between calls.
   */
  callFunction(caller: Process | undefined, id: string, args: LuaValue[], done: (r: ExitResult) => void,
               opts?: CallOptions): void {
    const entry = this.entries.get(id);
    if (entry === undefined || entry.kind !== 'function.lua') {
      done({ error: makeError(KIND.NOT_FOUND, `function '${id}' not found`) });
      return;
    }
    const identity = callContext(this.node, caller, entry);
    if ('kind' in identity) {
      done({ error: makeError(identity.kind, identity.message) });
      return;
    }
    let pool = this.fnPools.get(id);
    if (pool === undefined) this.fnPools.set(id, pool = []);
    const inst = pool.pop();
    const env = inst?.env ?? createProcessGlobals(this.base);
    // a call process gets its PID only if its code asks for it (process.pid, send)
    const p = this.node.create(id, env, false);
    const ctx = p.ctx;
    ctx.entry = id;
    ctx.entryRef = entry;
    if (caller !== undefined && caller.ctx.context !== undefined) ctx.context = caller.ctx.context;
    ctx.security = identity.context;
    if (opts?.ctx !== undefined) Object.assign(ctx, opts.ctx);
    let fn: LuaFunction;
    if (inst === undefined) {
      const saved = this.node.current;
      this.node.current = p;
      try {
        this.installGrants(p, entry);
        fn = this.entryFunction(entry, env);
      } catch (e) {
        this.node.release(p);
        done({ error: errorValueOf(e) });
        return;
      } finally {
        this.node.current = saved;
      }
    } else {
      fn = inst.fn;
      ctx.required = inst.required;
      ctx.libraries = inst.libraries;
    }
    const pooled = pool, f = fn;
    p.onExit((r) => {
      // a registry change may have emptied this pool meanwhile: then the instance is dropped
      if (pooled.length < 64 && this.fnPools.get(id) === pooled) {
        if (inst !== undefined) {
          inst.required = ctx.required;
          inst.libraries = ctx.libraries;
          pooled.push(inst);
        } else pooled.push({ env, fn: f, required: ctx.required, libraries: ctx.libraries });
      }
      const v = r.value;
      done({ value: typeof v === 'object' ? copyValue(v) : typeof v === 'function' ? undefined : v, error: r.error });
    });
    if (opts?.runner !== undefined) p.startTask(opts.runner, [f, ...args], true);
    else p.startTask(f, args, true);
  }
}

/** How a host component (an HTTP endpoint) runs a function: extra process context, and a
 * runner that the process starts instead, with the entry function as its first argument
 * (one shared runner: a new generator function per call would cost V8 microseconds). */
export interface CallOptions {
  ctx?: Record<string, unknown>;
  runner?: LuaFunction;
}

function asStringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `ns:name` stays; a bare `name` is in the referrer's namespace. */
export function resolveRef(ref: string, fromId: string): string {
  if (ref.includes(':')) return ref.startsWith(':') ? ref : ref;
  return `${fromId.slice(0, fromId.indexOf(':'))}:${ref}`;
}

/** Any caught error -> the Lua error value monitors and callers see (an Error object). */
export function errorValueOf(e: unknown): LuaValue {
  if (typeof e === 'string') return makeError(KIND.UNKNOWN, e);
  if (e instanceof Userdata && isLuaErrorValue(e)) return e;
  if (e instanceof LuaError) {
    const v = e.value;
    if (isLuaErrorValue(v)) return v;
    return luaError(toErrorValue(e));
  }
  if (e instanceof Error) return makeError(KIND.INTERNAL, e.message);
  return makeError(KIND.UNKNOWN, String(e));
}

function payloadGlobal(): LuaTable {
  const t = new LuaTable();
  const fmt = new LuaTable();
  for (const [k, v] of Object.entries({
    JSON: 'json/plain', YAML: 'yaml/plain', STRING: 'text/plain', BYTES: 'application/octet-stream',
    MSGPACK: 'application/msgpack', LUA: 'lua/any', GOLANG: 'golang/any', ERROR: 'golang/error',
  })) fmt.setStr(k, v);
  fmt.frozen = true;
  t.setStr('format', fmt);
  t.setStr('new', (v: LuaValue) => newPayload(v, isLuaErrorValue(v) ? 'golang/error' : 'lua/any'));
  t.frozen = true;
  return t;
}
