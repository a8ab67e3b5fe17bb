// The `system` module (lua-core §15.10, services §8.3): introspection and control of the
// running runtime. Go-specific figures get their nearest Node/V8 equivalents:
//   memory    process.memoryUsage() and v8.getHeapStatistics(), same keys as Go's MemStats
//             (heap_objects is an estimate: V8 does not count objects cheaply)
//   runtime   goroutines = live Lua coroutines (process tasks); cpu_count = available cores
//   hosts     one entry per running host, with the processes living on it
//   cluster   a standalone node: one member, itself the leader; raft is not available
//   lock      in-memory, non-blocking; a lock is released when its owner process exits
// `system.exit(code)` asks the runtime to shut down (the `wippy run` command honours it).

import { availableParallelism, hostname } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { PerformanceObserver } from 'node:perf_hooks';
import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { makeLib } from '../lua/lib/args.js';
import { numberToString } from '../lua/runtime/values.js';
import type { Process } from '../kernel/process.js';
import type { Runtime } from '../system/runtime.js';
import type { Supervisor } from '../system/supervisor.js';
import { KIND, fail } from './errors.js';

/** Short descriptions and classes of the modules `system.modules()` lists. */
const MODULE_INFO: Record<string, [string, string[]]> = {
  io: ['terminal input and output', ['system']],
  logger: ['structured logging', ['system']],
  funcs: ['call function entries', ['process']],
  time: ['time, durations and timers', ['time']],
  json: ['JSON encoding and decoding', ['deterministic', 'encoding']],
  base64: ['base64 encoding', ['deterministic', 'encoding']],
  hash: ['hash functions', ['deterministic']],
  uuid: ['UUID generation', ['nondeterministic']],
  env: ['environment variables', ['storage']],
  system: ['runtime introspection and control', ['process']],
  ctx: ['context values', ['process']],
  events: ['event bus', ['process']],
  registry: ['registry access', ['process']],
  metrics: ['counters, gauges and histograms', ['system']],
};

const STACK_SIZE = 984 * 1024; // V8's default stack size

function table(fields: Record<string, LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) t.setStr(k, v);
  return t;
}

function list(items: LuaTable[]): LuaTable {
  return new LuaTable(items);
}

/** The runtime parts this module reads; optional ones may be missing in a bare runtime. */
interface SystemRuntime {
  node: Runtime['node'];
  hosts: Runtime['hosts'];
  modules: Runtime['modules'];
  entries: Runtime['entries'];
  supervisor?: Supervisor;
  onExit?: (code: number) => void;
  exitRequested?: number;
}

let gcCount = 0;
let gcObserver: PerformanceObserver | undefined;

function watchGc(): void {
  if (gcObserver !== undefined) return;
  try {
    gcObserver = new PerformanceObserver((l) => { gcCount += l.getEntries().length; });
    gcObserver.observe({ entryTypes: ['gc'] });
  } catch {
    gcObserver = undefined;
  }
}

export function createSystemModule(rt: SystemRuntime): LuaTable {
  watchGc();
  const node = rt.node;
  let memoryLimit = getHeapStatistics().heap_size_limit;
  let gcPercent = 100;
  let maxProcs = availableParallelism();
  let totalAlloc = 0;
  let lastHeap = 0;
  const locks = new Map<string, Process | undefined>();

  const memStats = () => {
    const mu = process.memoryUsage();
    const hs = getHeapStatistics();
    totalAlloc += Math.max(0, mu.heapUsed - lastHeap);
    totalAlloc = Math.max(totalAlloc, mu.heapUsed);
    lastHeap = mu.heapUsed;
    return {
      alloc: mu.heapUsed,
      total_alloc: totalAlloc,
      sys: mu.rss,
      heap_alloc: mu.heapUsed,
      heap_sys: mu.heapTotal,
      heap_idle: Math.max(0, mu.heapTotal - mu.heapUsed),
      heap_in_use: mu.heapUsed,
      heap_released: Math.max(0, hs.total_heap_size - hs.total_physical_size),
      heap_objects: Math.floor(mu.heapUsed / 64),
      stack_in_use: STACK_SIZE,
      stack_sys: STACK_SIZE,
      mspan_in_use: hs.malloced_memory,
      mspan_sys: hs.peak_malloced_memory,
      num_gc: gcCount,
      next_gc: hs.total_heap_size,
    };
  };

  const tasks = () => {
    let n = 0;
    for (const p of node.processes.values()) n += p.tasks.size;
    return n;
  };

  const hostInfo = (id: string) => {
    const entry = rt.entries.get(id);
    const h = (entry?.data.host ?? {}) as Record<string, unknown>;
    let procs = 0;
    for (const p of node.processes.values()) if (p.host === id) procs++;
    const counters = (node as unknown as { counters?: Map<string, number> }).counters;
    return table({
      id,
      workers: typeof h.workers === 'number' ? h.workers : availableParallelism(),
      processes: procs,
      executed: counters?.get(id) ?? procs,
      stolen: 0,
      queue_depth: 0,
    });
  };

  const procInfo = (p: Process) => {
    let waiting = p.tasks.size > 0;
    for (const t of p.tasks) if (t.waiter === undefined) waiting = false;
    const started = typeof p.ctx.startedAt === 'number' ? p.ctx.startedAt : undefined;
    return table({
      pid: p.pid,
      host: p.host,
      source: typeof p.ctx.entry === 'string' ? p.ctx.entry : '',
      state: waiting ? 'waiting' : 'running',
      steps: 0,
      started_at: started === undefined ? undefined : started * 1e6,
      parent: typeof p.ctx.parent === 'string' ? p.ctx.parent : undefined,
    });
  };

  const svcInfo = (s: ReturnType<Supervisor['states']>[number]) => {
    const desired = s.status === 'Stopping' || s.status === 'Stopped' ? 'Stopped' : s.status === 'Exited' ? 'Exited' : 'Running';
    return table({
      id: s.id,
      status: s.status,
      desired,
      retry_count: s.retry_count,
      last_update: (s.last_update || s.started_at) * 1e6,
      started_at: s.started_at * 1e6,
      details: '',
    });
  };

  const nodeId = () => node.nodeName || 'local';
  const noRaft = () => fail(KIND.INTERNAL, 'raft not available');

  const mod = makeLib({
    exit: (...args: LuaValue[]) => {
      const c = args[0];
      const code = typeof c === 'number' ? Math.trunc(c) : c === undefined ? 0 : Number.NaN;
      if (!Number.isFinite(code)) return fail(KIND.INVALID, 'exit code must be a number');
      rt.exitRequested ??= code;
      const f = rt.onExit;
      // shut down after the current step: the caller sees `true`, then its CANCEL event
      if (f !== undefined) queueMicrotask(() => f(code));
      return true;
    },
    modules: () => list(rt.modules.names().sort().map((name) => {
      const [description, cls] = MODULE_INFO[name] ?? ['', []];
      return table({ name, description, class: new LuaTable([...cls]) });
    })),
  });

  mod.setStr('memory', makeLib({
    stats: () => table(memStats()),
    allocated: () => process.memoryUsage().heapUsed,
    heap_objects: () => memStats().heap_objects,
    set_limit: (...args: LuaValue[]) => {
      const n = args[0];
      if (typeof n !== 'number') return fail(KIND.INVALID, 'limit must be a number of bytes');
      const prev = memoryLimit;
      if (n >= 0) memoryLimit = Math.trunc(n);
      return prev;
    },
    get_limit: () => memoryLimit,
  }));

  mod.setStr('gc', makeLib({
    collect: () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (typeof gc === 'function') gc();
      return true;
    },
    set_percent: (...args: LuaValue[]) => {
      const n = args[0];
      if (typeof n !== 'number') return fail(KIND.INVALID, 'percent must be a number');
      const prev = gcPercent;
      gcPercent = Math.trunc(n);
      return prev;
    },
    get_percent: () => gcPercent,
  }));

  mod.setStr('runtime', makeLib({
    goroutines: () => tasks(),
    max_procs: (...args: LuaValue[]) => {
      const n = args[0];
      const prev = maxProcs;
      if (typeof n === 'number' && n > 0) maxProcs = Math.trunc(n);
      return prev;
    },
    cpu_count: () => availableParallelism(),
  }));

  mod.setStr('process', makeLib({
    pid: () => process.pid,
    hostname: () => hostname(),
    cwd: () => process.cwd(),
  }));

  mod.setStr('hosts', makeLib({
    list: () => list([...rt.hosts.keys()].sort().map(hostInfo)),
    processes: (...args: LuaValue[]) => {
      const id = args[0];
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'host id is required');
      if (!rt.hosts.has(id)) return fail(KIND.NOT_FOUND, `host '${id}' not found`);
      return list([...node.processes.values()].filter((p) => p.host === id).map(procInfo));
    },
  }));

  mod.setStr('supervisor', makeLib({
    states: () => list((rt.supervisor?.states() ?? []).map(svcInfo)),
    state: (...args: LuaValue[]) => {
      const id = args[0];
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'service id is required');
      const s = rt.supervisor?.states().find((x) => x.id === id);
      if (s === undefined) return fail(KIND.NOT_FOUND, `service '${id}' not found`);
      return svcInfo(s);
    },
  }));

  mod.setStr('node', makeLib({
    id: () => nodeId(),
    addr: () => '',
    role: () => 'leader',
  }));

  mod.setStr('cluster', makeLib({
    members: () => list([table({ id: nodeId(), is_local: true, addr: '' })]),
    leader: () => nodeId(),
    size: () => 1,
  }));

  mod.setStr('raft', makeLib({
    is_leader: noRaft,
    is_member: noRaft,
    role: noRaft,
    term: noRaft,
    commit_index: noRaft,
    stats: noRaft,
  }));

  const lockName = (v: LuaValue): string | undefined =>
    typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? numberToString(v) : undefined;

  mod.setStr('lock', makeLib({
    acquire: (...args: LuaValue[]) => {
      const name = lockName(args[0]);
      if (name === undefined) return fail(KIND.INVALID, 'lock name is required');
      if (locks.has(name)) return [false, fail(KIND.ALREADY_EXISTS, `lock '${name}' is already held`)[1]];
      const owner = node.current;
      locks.set(name, owner);
      if (owner !== undefined) {
        let held = owner.ctx.locks as Set<string> | undefined;
        if (held === undefined) {
          const set = new Set<string>();
          owner.ctx.locks = set;
          held = set;
          owner.onExit(() => {
            for (const n of set) if (locks.get(n) === owner) locks.delete(n);
            set.clear();
          });
        }
        held.add(name);
      }
      return true;
    },
    release: (...args: LuaValue[]) => {
      const name = lockName(args[0]);
      if (name === undefined) return fail(KIND.INVALID, 'lock name is required');
      if (!locks.has(name) || locks.get(name) !== node.current) return false;
      locks.delete(name);
      (node.current?.ctx.locks as Set<string> | undefined)?.delete(name);
      return true;
    },
  }));

  for (const k of ['memory', 'gc', 'runtime', 'process', 'hosts', 'supervisor', 'node', 'cluster', 'raft', 'lock']) {
    (mod.getStr(k) as LuaTable).frozen = true;
  }
  mod.frozen = true;
  return mod;
}
