// Permission checks for the `system` module (services.md §7.8), added around the module's
// functions rather than inside them: system.read / system.control / system.gc on the name of
// what is read or changed, system.lock on the lock name, system.exit. As in the reference a
// refusal has kind INVALID.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import type { Node } from '../kernel/process.js';
import { KIND, makeError } from '../modules/errors.js';
import { refusal } from './guard.js';

type Rule = [action: string, resource: string | ((args: LuaValue[]) => string)];

/** path in the module -> the check it needs */
const RULES: Record<string, Rule> = {
  exit: ['system.exit', ''],
  modules: ['system.read', 'modules'],
  'memory.stats': ['system.read', 'memory'],
  'memory.allocated': ['system.read', 'memory'],
  'memory.heap_objects': ['system.read', 'memory'],
  'memory.get_limit': ['system.read', 'memory_limit'],
  'memory.set_limit': ['system.control', 'memory_limit'],
  'gc.collect': ['system.gc', 'gc'],
  'gc.set_percent': ['system.gc', 'gc_percent'],
  'gc.get_percent': ['system.read', 'gc_percent'],
  'runtime.goroutines': ['system.read', 'goroutines'],
  'runtime.max_procs': ['system.read', 'gomaxprocs'],
  'runtime.cpu_count': ['system.read', 'cpu'],
  'process.pid': ['system.read', 'pid'],
  'process.hostname': ['system.read', 'hostname'],
  'process.cwd': ['system.read', 'cwd'],
  'lock.acquire': ['system.lock', (a) => String(a[0] ?? '')],
  'lock.release': ['system.lock', (a) => String(a[0] ?? '')],
};

/** Whole tables whose every function is one read. */
const TABLE_READS: Record<string, string> = {
  hosts: 'hosts', supervisor: 'supervisor', node: 'node', cluster: 'cluster', raft: 'raft',
};

export function guardSystemModule(mod: LuaTable, node: Node): LuaTable {
  return guardTable(mod, '', node);
}

function guardTable(t: LuaTable, prefix: string, node: Node): LuaTable {
  const out = new LuaTable();
  for (let e = t.next(undefined); e !== undefined; e = t.next(e[0])) {
    const [k, v] = e;
    const path = prefix + String(k);
    if (v instanceof LuaTable) out.set(k, guardTable(v, path + '.', node));
    else if (typeof v === 'function') {
      const top = path.slice(0, path.indexOf('.'));
      const rule = RULES[path] ?? (TABLE_READS[top] !== undefined ? ['system.read', TABLE_READS[top]] as Rule : undefined);
      out.set(k, rule === undefined ? v : guarded(v, rule, node));
    } else out.set(k, v);
  }
  out.frozen = true;
  return out;
}

function guarded(f: LuaFunction, [action, resource]: Rule, node: Node): LuaFunction {
  const denied = (args: LuaValue[]) => {
    const no = refusal(node, action, typeof resource === 'string' ? resource : resource(args));
    return no === undefined ? undefined : [undefined, makeError(KIND.INVALID, no)];
  };
  const g: LuaFunction = (...args: LuaValue[]) => denied(args) ?? f(...args);
  const twin = f.$g;
  if (twin !== undefined) g.$g = function* (...args: LuaValue[]): LuaGen { return denied(args) ?? (yield* twin(...args)); };
  g.$name = f.$name;
  return g;
}
