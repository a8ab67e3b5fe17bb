// The `workflow` module.
//
// Inside a workflow (workflow.lua on a workflow.host):
//   workflow.info()                      {workflow_id, run_id, workflow_type, task_queue, attempt,
//                                         history_length, history_size}
//   workflow.exec(entry, ...)            child workflow: result, err (recorded)
//   workflow.version(change, min, max)   version marker: existing runs keep the recorded
//                                        version (0 when they passed before the marker), new runs get max
//   workflow.history_length(), workflow.history_size()
//   workflow.signal(id, topic, ...)      signal another workflow (recorded)
// From any process (and the CLI's equivalents):
//   workflow.start(entry, {id=?, host=?, context=?}, ...)   -> id, err   (idempotent by id)
//   workflow.exec(entry, {id=?, host=?}, ...)               -> result, err (start + wait)
//   workflow.signal(id, topic, ...)      -> true, err  (stored; delivered after a restart too)
//   workflow.status(id)                  -> {id, entry, status, result, error, ...}, err
//   workflow.wait(id)                    -> result, err  (blocks until the run finishes)
//   workflow.cancel(id, reason?)         -> true, err  (the run sees CANCELED at its next durable wait)
//   workflow.terminate(id, reason?)      -> true, err  (stops at once, nothing more runs)

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { rtError } from '../lua/runtime/errors.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib, checkString, checkInt } from '../lua/lib/args.js';
import { copyValue } from '../kernel/copy.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import type { ExitResult } from '../kernel/process.js';
import type { Runtime } from '../system/runtime.js';
import { KIND, makeError } from './errors.js';
import type { LiveRun } from '../workflow/run.js';
import { engineFor, engineOfRun } from '../workflow/hosts.js';
import { runOutcome, type WorkflowEngine } from '../workflow/engine.js';
import { decodeValue, decodeError } from '../workflow/codec.js';
import type { RunRecord } from '../workflow/store.js';
import { startPolicyOf, type StartPolicy } from '../workflow/start-policy.js';

const modules = new WeakMap<Runtime, LuaTable>();

function blocking(name: string, g: (...args: LuaValue[]) => LuaGen): LuaFunction {
  const f: LuaFunction = () => yieldPlain();
  f.$g = g;
  f.$name = name;
  return f;
}

const fail = (kind: string, message: string) => [undefined, makeError(kind, message)];

export function runTable(r: RunRecord): LuaTable {
  const t = new LuaTable();
  t.setStr('id', r.id);
  t.setStr('entry', r.entry);
  t.setStr('host', r.host);
  t.setStr('status', r.status);
  if (r.result !== null) t.setStr('result', decodeValue(r.result));
  if (r.error !== null) t.setStr('error', decodeError(r.error));
  if (r.report !== null) t.setStr('report', r.report);
  if (r.parent !== null) t.setStr('parent', r.parent);
  t.setStr('cancel_requested', r.cancelRequested);
  t.setStr('created_at', r.createdAt / 1000);
  t.setStr('updated_at', r.updatedAt / 1000);
  if (r.finishedAt !== null) t.setStr('finished_at', r.finishedAt / 1000);
  return t;
}

export function createWorkflowModule(rt: Runtime): LuaTable {
  const existing = modules.get(rt);
  if (existing !== undefined) return existing;

  const current = (): LiveRun | undefined => rt.node.current?.ctx.workflow as LiveRun | undefined;
  const inWorkflow = (fname: string): LiveRun => current() ?? rtError(`workflow.${fname} is only available inside a workflow`);
  const outside = (fname: string) => {
    if (current() !== undefined) rtError(`workflow.${fname} is not available inside a workflow (not deterministic)`);
  };
  const engineOf = (id: string): WorkflowEngine | undefined => engineOfRun(rt, id);

  const startOpts = (v: LuaValue): { id?: string; host?: string; context?: LuaTable; policy?: StartPolicy } => {
    if (v === undefined) return {};
    if (typeof v === 'string') return { id: v };
    if (!(v instanceof LuaTable)) return rtError('workflow options must be a table {id=, host=, context=, id_conflict_policy=, id_reuse_policy=}');
    const id = v.getStr('id'), host = v.getStr('host'), ctx = v.getStr('context');
    const policy = startPolicyOf((k) => v.getStr(k));
    if (typeof policy === 'string') return rtError(`workflow options: ${policy}`);
    return {
      id: typeof id === 'string' ? id : undefined,
      host: typeof host === 'string' ? host : undefined,
      context: ctx instanceof LuaTable ? copyValue(ctx) as LuaTable : undefined,
      policy,
    };
  };

  const start = (entry: LuaValue, opts: LuaValue, args: LuaValue[]): { engine: WorkflowEngine; id: string } | LuaValue[] => {
    if (typeof entry !== 'string' || entry === '') return fail(KIND.INVALID, 'workflow entry id required');
    const o = startOpts(opts);
    const engine = engineFor(rt, o.host);
    if (typeof engine === 'string') return fail(KIND.NOT_FOUND, engine);
    const ctx = o.context ?? (rt.node.current?.ctx.context instanceof LuaTable ? rt.node.current.ctx.context as LuaTable : undefined);
    const r = engine.startRun(entry, o.id, args.map((a) => copyValue(a)), { context: ctx, policy: o.policy });
    if ('kind' in r) return fail(r.kind, r.message);
    return { engine, id: r.run.id };
  };

  const waitFor = function* (engine: WorkflowEngine, id: string): LuaGen {
    const w = new Waiter();
    const off = engine.whenFinished(id, (run) => w.complete(runOutcome(run)));
    w.onCancel(off);
    const r = (yield new BlockSignal(w)) as ExitResult;
    if (r.error !== undefined) return [undefined, r.error];
    return copyValue(r.value);
  };

  const mod = makeLib({
    info: () => {
      const run = inWorkflow('info');
      const t = new LuaTable();
      t.setStr('workflow_id', run.id);
      t.setStr('run_id', run.id);
      t.setStr('workflow_type', run.record.entry);
      t.setStr('task_queue', run.record.host);
      t.setStr('namespace', 'default');
      t.setStr('attempt', 1);
      t.setStr('history_length', run.historyLength);
      t.setStr('history_size', run.historySize);
      return t;
    },
    continue_as_new: blocking('continue_as_new', function* (...args: LuaValue[]): LuaGen {
      return yield* inWorkflow('continue_as_new').continueAsNew(args.map((v) => copyValue(v)));
    }),
    history_length: () => inWorkflow('history_length').historyLength,
    history_size: () => inWorkflow('history_size').historySize,
    version: (...a: LuaValue[]) => {
      const run = inWorkflow('version');
      return run.version(checkString(a, 0, 'version'), checkInt(a, 1, 'version'), checkInt(a, 2, 'version'));
    },
    exec: blocking('exec', function* (entry: LuaValue, ...rest: LuaValue[]): LuaGen {
      const run = current();
      if (run !== undefined) {
        if (typeof entry !== 'string' || entry === '') return fail(KIND.INVALID, 'workflow entry id required');
        return yield* run.child(entry, rest);
      }
      const s = start(entry, rest[0], rest.slice(1));
      if (Array.isArray(s)) return s;
      return yield* waitFor(s.engine, s.id);
    }),
    start: (entry: LuaValue, opts: LuaValue, ...args: LuaValue[]) => {
      outside('start');
      const s = start(entry, opts, args);
      return Array.isArray(s) ? s : s.id;
    },
    signal: (...a: LuaValue[]) => {
      const id = checkString(a, 0, 'signal');
      const topic = checkString(a, 1, 'signal');
      if (topic === '' || topic.startsWith('@')) return fail(KIND.INVALID, `invalid topic '${topic}'`);
      const engine = engineOf(id);
      if (engine === undefined) return fail(KIND.NOT_FOUND, `workflow '${id}' not found`);
      const run = current();
      const payloads = a.slice(2).map((v) => copyValue(v));
      let result: LuaValue = true;
      const doSignal = () => {
        const r = engine.signal(id, topic, run?.id ?? rt.node.current?.pid ?? '', payloads);
        result = 'kind' in r ? fail(r.kind, r.message) : true;
      };
      if (run !== undefined) run.send(topic, doSignal);
      else doSignal();
      return result;
    },
    status: (...a: LuaValue[]) => {
      const id = checkString(a, 0, 'status');
      const engine = engineOf(id);
      const r = engine?.store.getRun(id);
      if (r === undefined) return fail(KIND.NOT_FOUND, `workflow '${id}' not found`);
      return runTable(r);
    },
    wait: blocking('wait', function* (id: LuaValue): LuaGen {
      outside('wait');
      if (typeof id !== 'string') return fail(KIND.INVALID, 'workflow id required');
      const engine = engineOf(id);
      if (engine === undefined) return fail(KIND.NOT_FOUND, `workflow '${id}' not found`);
      return yield* waitFor(engine, id);
    }),
    cancel: (...a: LuaValue[]) => {
      outside('cancel');
      const id = checkString(a, 0, 'cancel');
      const engine = engineOf(id);
      if (engine === undefined) return fail(KIND.NOT_FOUND, `workflow '${id}' not found`);
      const ok = engine.cancel(id, typeof a[1] === 'string' ? a[1] : 'canceled');
      return ok ? true : fail(KIND.INVALID, `workflow '${id}' has finished or is already canceled`);
    },
    terminate: (...a: LuaValue[]) => {
      outside('terminate');
      const id = checkString(a, 0, 'terminate');
      const engine = engineOf(id);
      if (engine === undefined) return fail(KIND.NOT_FOUND, `workflow '${id}' not found`);
      const ok = engine.terminate(id, typeof a[1] === 'string' ? a[1] : 'terminated');
      return ok ? true : fail(KIND.INVALID, `workflow '${id}' has finished`);
    },
  });
  mod.frozen = true;
  modules.set(rt, mod);
  return mod;
}
