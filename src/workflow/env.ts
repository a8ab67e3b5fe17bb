// What a workflow's code may use. Its process gets its own `require` that grants only
// deterministic modules, and versions of `funcs`, `time`, `uuid`, `process`, `math` and `os`
// whose non-deterministic parts are durable operations of the run (run.ts):
//   funcs.call / executor:call     activity (recorded result, retry policy, timeout)
//   time.sleep / time.after        durable timers;  time.now  recorded
//   uuid.v1/v4/v7                  recorded;        math.random  seeded by the run id
//   os.time / os.date()            recorded time
//   process.send                   recorded (not repeated on replay)
//   process.exec(entry, wf_host)   child workflow;  process.inbox/listen  durable signals
// Everything that would make a replay differ (spawning processes, env, files, network,
// registry changes) is refused with a message saying so.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { LuaError, rtError } from '../lua/runtime/errors.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { first } from '../lua/runtime/ops.js';
import { makeLib, checkInt, argError } from '../lua/lib/args.js';
import { compileCached } from '../lua/state.js';
import type { Process } from '../kernel/process.js';
import { channelValue } from '../modules/channel.js';
import { KIND, makeError } from '../modules/errors.js';
import { v1, v7 } from '../modules/uuid.js';
import { newTime, toNanos, Local } from '../modules/time/index.js';
import { parseDurationMs } from '../system/duration.js';
import type { RtEntry } from '../system/runtime.js';
import { resolveRef } from '../system/runtime.js';
import { randomUUID } from 'node:crypto';
import type { WorkflowEngine } from './engine.js';
import { DEFAULT_RETRY, type ActivityOptions, type LiveRun, type RetryPolicy } from './run.js';
import { TimerChannel, type WfProcess } from './process.js';
import { createWorkflowModule } from '../modules/workflow.js';

/** Modules a workflow may list that need no wrapping (deterministic). */
const PURE_MODULES = new Set(['json', 'base64', 'hash', 'logger', 'ctx', 'yaml', 'text', 'expr', 'jsonschema', 'payload']);
/** Modules replaced by durable versions. */
const WRAPPED = new Set(['funcs', 'time', 'uuid', 'workflow']);

export function allowedInWorkflow(name: string): boolean {
  return PURE_MODULES.has(name) || WRAPPED.has(name);
}

function runOf(engine: WorkflowEngine): LiveRun {
  const run = engine.rt.node.current?.ctx.workflow as LiveRun | undefined;
  if (run === undefined) return rtError('not running in a workflow');
  return run;
}

function notInWorkflows(what: string, instead = ''): LuaFunction {
  return () => rtError(`${what} is not available in workflows (its effect would not replay deterministically)${instead ? '; ' + instead : ''}`);
}

function blocking(name: string, g: (...args: LuaValue[]) => LuaGen): LuaFunction {
  const f: LuaFunction = () => yieldPlain();
  f.$g = g;
  f.$name = name;
  return f;
}

function copyTable(t: LuaValue): LuaTable {
  const out = new LuaTable();
  if (t instanceof LuaTable) for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) out.set(e[0], e[1]);
  return out;
}

function durationMs(v: LuaValue): number {
  const ns = toNanos(v);
  if (typeof ns === 'string') return rtError(ns);
  return ns / 1e6;
}

// ---- the wrapped modules (one set per engine, shared by its runs) --------------------------

interface WorkflowModules {
  funcs: LuaTable;
  time: LuaTable;
  uuid: LuaTable;
  process: LuaTable;
  math: LuaTable;
  os: LuaTable;
}

const cache = new WeakMap<WorkflowEngine, WorkflowModules>();

function modulesFor(engine: WorkflowEngine, p: Process): WorkflowModules {
  let m = cache.get(engine);
  if (m === undefined) {
    m = makeModules(engine, p);
    cache.set(engine, m);
  }
  return m;
}

function makeModules(engine: WorkflowEngine, p: Process): WorkflowModules {
  const rt = engine.rt;
  // ---- funcs
  const callG = (opts: ActivityOptions) => function* (id: LuaValue, ...args: LuaValue[]): LuaGen {
    if (typeof id !== 'string' || !/^[^:]+:[^:]+/.test(id)) return [undefined, makeError(KIND.INVALID, `invalid target '${String(id)}': expected namespace:name`)];
    return yield* runOf(engine).call(id, args, opts);
  };
  const executor = (ctx: LuaTable | undefined, options: LuaTable | undefined): LuaTable => {
    const opts = activityOptions(options, ctx);
    const call = blocking('call', function* (_self: LuaValue, ...a: LuaValue[]) { return yield* callG(opts)(a[0], ...a.slice(1)); });
    const t = makeLib({
      with_context: (_s: LuaValue, c: LuaValue) => executor(merge(ctx, c), options),
      with_options: (_s: LuaValue, o: LuaValue) => executor(ctx, merge(options, o)),
      with_actor: () => executor(ctx, options),
      with_scope: () => executor(ctx, options),
      async: notInWorkflows('funcs async', 'use funcs.call (an activity)'),
    });
    t.setStr('call', call);
    return t;
  };
  const funcs = makeLib({
    call: blocking('call', callG(activityOptions(undefined, undefined))),
    async: notInWorkflows('funcs.async', 'use funcs.call (an activity)'),
    new: () => executor(undefined, undefined),
  });

  // ---- time
  const realTime = rt.modules.get('time', p);
  const time = copyTable(realTime);
  time.setStr('now', () => newTime(runOf(engine).now('time'), Local));
  time.setStr('sleep', blocking('sleep', function* (d: LuaValue) { return yield* runOf(engine).sleep(durationMs(d)); }));
  time.setStr('after', (d: LuaValue) => {
    const run = runOf(engine);
    const { seq, until } = run.timer(durationMs(d));
    return channelValue(new TimerChannel(run, seq, until, () => newTime(BigInt(Math.round(until * 1000)) * 1000n, Local)));
  });
  time.setStr('timer', notInWorkflows('time.timer', 'use time.after or time.sleep'));
  time.setStr('ticker', notInWorkflows('time.ticker', 'use time.sleep in a loop'));

  // ---- uuid
  const uuid = copyTable(rt.modules.get('uuid', p));
  uuid.setStr('v4', () => runOf(engine).sideEffect('uuid', 'v4', () => randomUUID()));
  uuid.setStr('v7', () => runOf(engine).sideEffect('uuid', 'v7', () => v7()));
  uuid.setStr('v1', () => runOf(engine).sideEffect('uuid', 'v1', () => v1()));

  // ---- process
  const realProcess = rt.base.get('process') as LuaTable;
  const process = copyTable(realProcess);
  const realSend = realProcess.getStr('send') as LuaFunction;
  process.setStr('pid', () => runOf(engine).id);
  process.setStr('id', () => runOf(engine).id);
  process.setStr('send', (...args: LuaValue[]) => {
    const run = runOf(engine);
    const dest = args[0], topic = args[1];
    if (typeof dest !== 'string') return argError(1, 'send', 'string expected');
    if (typeof topic !== 'string' || topic === '' || topic.startsWith('@')) return realSend(...args);
    let result: LuaValue = true;
    run.send(topic, () => {
      // another workflow that is not running here: into its inbox in the store
      if (rt.node.resolve(dest) === undefined && engine.store.getRun(dest) !== undefined) {
        const r = engine.signal(dest, topic, run.id, args.slice(2));
        result = 'kind' in r ? [undefined, makeError(r.kind, r.message)] : true;
      } else {
        result = realSend(...args);
      }
    });
    return result;
  });
  process.setStr('exec', blocking('exec', function* (...args: LuaValue[]): LuaGen {
    const entry = args[0], host = args[1];
    if (typeof entry !== 'string' || typeof host !== 'string') return [undefined, makeError(KIND.INVALID, 'exec: entry id and host required')];
    if (rt.hosts.get(host)?.kind !== 'workflow.host') {
      return rtError('process.exec in a workflow runs child workflows only (a workflow.lua entry on a workflow.host)');
    }
    return yield* runOf(engine).child(entry, args.slice(2));
  }));
  for (const f of ['spawn', 'spawn_monitored', 'spawn_linked', 'spawn_linked_monitored', 'with_context', 'with_options',
    'cancel', 'terminate', 'monitor', 'unmonitor', 'link', 'unlink', 'set_options']) {
    process.setStr(f, notInWorkflows(`process.${f}`, 'use workflow.exec for child workflows'));
  }
  const registry = copyTable(realProcess.getStr('registry'));
  registry.setStr('register', notInWorkflows('process.registry.register', 'a workflow is reachable by its workflow id'));
  registry.setStr('unregister', notInWorkflows('process.registry.unregister'));
  process.setStr('registry', registry);

  // ---- math and os
  const math = copyTable(rt.base.get('math'));
  math.setStr('random', function random(...args: LuaValue[]) {
    const x = runOf(engine).random();
    if (args.length === 0) return x;
    const lo = args.length >= 2 ? checkInt(args, 0, 'random') : 1;
    const up = args.length >= 2 ? checkInt(args, 1, 'random') : checkInt(args, 0, 'random');
    if (lo > up) argError(args.length >= 2 ? 2 : 1, 'random', 'interval is empty');
    return lo + Math.floor(x * (up - lo + 1));
  });
  math.setStr('randomseed', () => []);
  const realOs = rt.base.get('os') as LuaTable;
  const os = copyTable(realOs);
  const nowSec = () => Number(runOf(engine).now('os') / 1_000_000_000n);
  const realOsTime = realOs.getStr('time') as LuaFunction, realDate = realOs.getStr('date') as LuaFunction;
  os.setStr('time', (...a: LuaValue[]) => (a.length > 0 && a[0] !== undefined ? realOsTime(...a) : nowSec()));
  os.setStr('date', (...a: LuaValue[]) => (a.length > 1 && a[1] !== undefined ? realDate(...a) : realDate(a[0] ?? '%c', nowSec())));
  os.setStr('clock', () => 0);

  for (const t of [funcs, time, uuid, process, registry, math, os]) t.frozen = true;
  return { funcs, time, uuid, process, math, os };
}

export function activityOptions(options: LuaTable | undefined, context: LuaTable | undefined): ActivityOptions {
  const get = (key: string): LuaValue => {
    if (options === undefined) return undefined;
    const flat = options.getStr(`activity.${key}`);
    if (flat !== undefined) return flat;
    const nested = options.getStr('activity');
    return nested instanceof LuaTable ? nested.getStr(key) : undefined;
  };
  const ms = (v: LuaValue, d: number): number => {
    if (v === undefined) return d;
    try {
      return parseDurationMs(v, d);
    } catch (e) {
      return rtError(`activity option: ${(e as Error).message}`);
    }
  };
  const rp = get('retry_policy');
  let retry: RetryPolicy = DEFAULT_RETRY;
  if (rp instanceof LuaTable) {
    const initial = ms(rp.getStr('initial_interval'), DEFAULT_RETRY.initialMs);
    const coef = rp.getStr('backoff_coefficient');
    const nr = rp.getStr('non_retryable_error_types');
    retry = {
      initialMs: initial,
      coefficient: typeof coef === 'number' ? coef : DEFAULT_RETRY.coefficient,
      maxIntervalMs: ms(rp.getStr('maximum_interval'), initial * 100),
      maxAttempts: typeof rp.getStr('maximum_attempts') === 'number' ? rp.getStr('maximum_attempts') as number : 0,
      nonRetryable: nr instanceof LuaTable ? nr.arr.filter((x): x is string => typeof x === 'string') : [],
    };
  }
  return { retry, timeoutMs: ms(get('start_to_close_timeout'), 600_000), context };
}

function merge(a: LuaTable | undefined, b: LuaValue): LuaTable {
  const out = copyTable(a);
  if (b instanceof LuaTable) for (let e = b.next(undefined); e !== undefined; e = b.next(e[0])) out.set(e[0], e[1]);
  return out;
}

// ---- the process environment ----------------------------------------------------------------

/** Set up a workflow process's globals: its require, the wrapped modules, its grants.
 * Throws (a LuaError) when the entry asks for a module workflows may not use. */
export function installWorkflowEnv(engine: WorkflowEngine, p: WfProcess, entry: RtEntry): void {
  const m = modulesFor(engine, p);
  const env = p.env;
  env.setStr('process', m.process);
  env.setStr('math', m.math);
  env.setStr('os', m.os);
  const required = new Map<string, LuaValue>();
  p.ctx.required = required;
  let requireEntry: RtEntry = entry;

  const grant = (from: RtEntry, name: string): LuaValue => {
    const modules = Array.isArray(from.data.modules) ? from.data.modules as unknown[] : [];
    if (modules.includes(name)) {
      if (!allowedInWorkflow(name)) {
        throw new LuaError(`module '${name}' is not available to workflows (${from.id}): only deterministic modules are ` +
          `(funcs, time, uuid, workflow, json, base64, hash, logger, ctx); do I/O in activities (function.lua called with funcs.call)`);
      }
      switch (name) {
        case 'funcs': return m.funcs;
        case 'time': return m.time;
        case 'uuid': return m.uuid;
        case 'workflow': return createWorkflowModule(engine.rt);
        default: {
          const v = engine.rt.modules.get(name, p);
          if (v === undefined) throw new LuaError(`module '${name}' is not available in this runtime`);
          return v;
        }
      }
    }
    const imports = from.data.imports as Record<string, string> | undefined;
    const target = imports?.[name];
    if (typeof target === 'string') {
      const id = resolveRef(target, from.id);
      const lib = engine.rt.entries.get(id);
      if (lib === undefined) throw new LuaError(`library '${id}' not found`);
      const saved = requireEntry;
      requireEntry = lib;
      try {
        return first(compileCached(lib.sourceText ?? '', lib.sourceFile ?? id).instantiate(env)());
      } finally {
        requireEntry = saved;
      }
    }
    return undefined;
  };

  env.setStr('require', (name: LuaValue) => {
    if (typeof name !== 'string') return rtError("bad argument #1 to 'require' (string expected)");
    const c = required.get(name);
    if (c !== undefined) return c;
    const v = grant(requireEntry, name);
    if (v === undefined) return rtError(`module '${name}' not found: not declared in modules or imports of ${requireEntry.id}`);
    required.set(name, v);
    return v;
  });

  const names = [...(Array.isArray(entry.data.modules) ? entry.data.modules as unknown[] : []),
    ...Object.keys((entry.data.imports as object) ?? {})].filter((n): n is string => typeof n === 'string');
  for (const n of names) {
    const v = grant(entry, n);
    if (v !== undefined) {
      required.set(n, v);
      env.setStr(n, v);
    }
  }
}
