// The `contract` module (agents.md §10.6): typed interfaces (`contract.definition`) and their
// implementations (`contract.binding`). An opened binding is an instance whose methods call
// the bound `function.lua` entries with the caller's arguments (no `self`); the context given
// with `with_context` / `open(id, ctx)` reaches those functions through the `ctx` module, and
// `with_actor` / `with_scope` set the identity they run as.
//
//   contract.get(id) -> Contract | nil, err      contract.open(binding_id, ctx?, opts?)
//   contract.find_implementations(id)            contract.is(instance, contract_id)
//   Contract: id methods method implementations open with_context with_options with_actor with_scope
//
// A binding exposes the methods of every contract it binds (the LLM provider relies on it).
// `with_options({retry = {max_attempts, initial_delay}})` retries retryable errors, doubling
// the delay each time. Asynchronous `name_async` methods are not provided.

import { LuaTable } from '../lua/runtime/table.js';
import { Userdata, type LuaFunction, type LuaGen, type LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { makeLib } from '../lua/lib/args.js';
import { copyValue } from '../kernel/copy.js';
import type { ExitResult, Node, Process } from '../kernel/process.js';
import { BlockSignal, Waiter } from '../kernel/waiter.js';
import { mergeTables } from './process.js';
import { KIND, errorOf, fail, makeError } from './errors.js';
import { callOverride } from '../security/propagation.js';
import { refusal } from '../security/guard.js';
import { parseDurationMs } from '../system/duration.js';
import { toLua } from '../system/convert.js';

interface ContractEntry {
  id: string;
  kind: string;
  data: Record<string, unknown>;
}

export interface ContractRuntime {
  node: Node;
  entries: { get(id: string): ContractEntry | undefined; all(): ContractEntry[] };
  callFunction(caller: Process | undefined, id: string, args: LuaValue[], done: (r: ExitResult) => void): void;
}

/** What a chain of `with_*` calls has set. */
interface Settings {
  context?: LuaTable;
  options?: LuaTable;
  actor?: LuaValue;
  scope?: LuaValue;
}

interface BindingUse {
  contract: string;
  isDefault: boolean;
  methods: Record<string, string>;
}

const CONTRACT_KIND = 'contract.definition';
const BINDING_KIND = 'contract.binding';

/** The contracts a binding entry implements, with method -> function id (bare names in the binding's namespace). */
export function bindingUses(binding: ContractEntry): BindingUse[] {
  const ns = binding.id.slice(0, binding.id.indexOf(':'));
  const list = Array.isArray(binding.data.contracts) ? binding.data.contracts : [];
  return list.flatMap((c): BindingUse[] => {
    if (c === null || typeof c !== 'object') return [];
    const { contract, methods } = c as { contract?: unknown; methods?: unknown; default?: unknown };
    if (typeof contract !== 'string') return [];
    const out: Record<string, string> = {};
    if (methods !== null && typeof methods === 'object') {
      for (const [name, fid] of Object.entries(methods as Record<string, unknown>)) {
        if (typeof fid === 'string') out[name] = fid.includes(':') ? fid : `${ns}:${fid}`;
      }
    }
    const ref = contract.includes(':') ? contract : `${ns}:${contract}`;
    return [{ contract: ref, isDefault: (c as { default?: unknown }).default === true, methods: out }];
  });
}

export function createContractModule(rt: ContractRuntime): LuaTable {
  const contractMeta = new LuaTable();
  /** opened instances -> the contracts their binding implements (for `contract.is`) */
  const instances = new WeakMap<LuaTable, string[]>();
  contractMeta.setStr('__name', 'contract.Contract');

  const bindingsOf = (contractId: string): ContractEntry[] =>
    rt.entries.all().filter((e) => e.kind === BINDING_KIND && bindingUses(e).some((u) => u.contract === contractId));

  /** One call of a bound function, with the chain's context, identity and retry options. */
  function* callBound(settings: Settings, fid: string, args: LuaValue[]): LuaGen {
    const retry = settings.options?.get('retry');
    const attempts = retry instanceof LuaTable ? Math.max(1, Number(retry.get('max_attempts') ?? 1) | 0) : 1;
    let delay = retry instanceof LuaTable ? delayMs(retry.get('initial_delay')) : 0;
    for (let attempt = 1; ; attempt++) {
      const w = new Waiter();
      startCall(settings, fid, args.map((a) => (typeof a === 'object' ? copyValue(a) : a)), (r) => w.complete(r));
      const r = (yield new BlockSignal(w)) as ExitResult;
      if (r.error === undefined) return [r.value, undefined];
      const e = errorOf(r.error);
      if (attempt >= attempts || e === undefined || e.retryable !== true) return [undefined, r.error];
      const pause = new Waiter();
      setTimeout(() => pause.complete(undefined), delay);
      yield new BlockSignal(pause);
      delay *= 2;
    }
  }

  const startCall = (settings: Settings, fid: string, args: LuaValue[], done: (r: ExitResult) => void): void => {
    const caller = rt.node.current;
    const savedCtx = caller?.ctx.context, savedSecurity = caller?.ctx.security;
    if (caller !== undefined && settings.context !== undefined) caller.ctx.context = settings.context;
    if (settings.actor !== undefined || settings.scope !== undefined) {
      const o = callOverride(rt.node, caller, settings.actor, settings.scope);
      if ('kind' in o) { done({ error: makeError(o.kind, o.message) }); return; }
      if (caller !== undefined) caller.ctx.security = o;
    }
    try {
      rt.callFunction(caller, fid, args, done);
    } finally {
      if (caller !== undefined) { caller.ctx.context = savedCtx; caller.ctx.security = savedSecurity; }
    }
  };

  const method = (settings: Settings, name: string, fid: string): LuaFunction => {
    const f: LuaFunction = () => yieldPlain();
    f.$g = function* (_self: LuaValue, ...args: LuaValue[]): LuaGen {
      const no = refusal(rt.node, 'contract.call', name);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      return yield* callBound(settings, fid, args);
    };
    f.$name = name;
    return f;
  };

  /** Opens a binding: an instance with the methods of every contract it binds. */
  const openBinding = (settings: Settings, rawId: LuaValue, ctx: LuaValue, opts: LuaValue): LuaValue[] => {
    if (typeof rawId !== 'string' || rawId === '') return fail(KIND.INVALID, 'binding id required');
    const [id, query] = splitQuery(rawId);
    if (!id.includes(':')) return fail(KIND.INVALID, `invalid binding id '${id}': expected namespace:name`);
    const no = refusal(rt.node, 'contract.open', id);
    if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
    const binding = rt.entries.get(id);
    if (binding === undefined || binding.kind !== BINDING_KIND) return fail(KIND.NOT_FOUND, `binding '${id}' not found`);
    let context = settings.context;
    if (query !== undefined) context = mergeTables(context, query);
    if (ctx instanceof LuaTable) context = mergeTables(context, ctx);
    const s: Settings = { ...settings, context, options: opts instanceof LuaTable ? mergeTables(settings.options, opts) : settings.options };
    const t = new LuaTable();
    const uses = bindingUses(binding);
    for (const u of uses) {
      for (const [name, fid] of Object.entries(u.methods)) {
        t.setStr(name, method(s, name, fid));
      }
    }
    instances.set(t, uses.map((u) => u.contract));
    return [t, undefined];
  };

  const contractObject = (entry: ContractEntry, settings: Settings): Userdata =>
    new Userdata({ entry, settings }, contractMeta);
  type C = { entry: ContractEntry; settings: Settings };
  const self = (v: LuaValue): C => (v as Userdata).data as C;

  contractMeta.setStr('__index', makeLib({
    id: (c: LuaValue) => self(c).entry.id,
    methods: (c: LuaValue) => copyValue(toLua(methodList(self(c).entry))),
    method: (c: LuaValue, name: LuaValue) => {
      const m = methodList(self(c).entry).find((x) => (x as { name?: unknown }).name === name);
      return m === undefined ? fail(KIND.NOT_FOUND, `method '${String(name)}' not found in ${self(c).entry.id}`) : [toLua(m), undefined];
    },
    implementations: (c: LuaValue) => {
      const id = self(c).entry.id;
      const no = refusal(rt.node, 'contract.implementations', id);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      return [new LuaTable(bindingsOf(id).map((b) => b.id)), undefined];
    },
    open: (c: LuaValue, bindingId: LuaValue, ctx: LuaValue, opts: LuaValue) => {
      const { entry, settings } = self(c);
      if (bindingId !== undefined && bindingId !== '') return openBinding(settings, bindingId, ctx, opts);
      const def = bindingsOf(entry.id).find((b) => bindingUses(b).some((u) => u.contract === entry.id && u.isDefault));
      if (def === undefined) return fail(KIND.NOT_FOUND, `no default binding for contract '${entry.id}'`);
      return openBinding(settings, def.id, ctx, opts);
    },
    with_context: (c: LuaValue, t: LuaValue) => {
      const no = refusal(rt.node, 'contract.context', 'context');
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      return contractObject(self(c).entry, { ...self(c).settings, context: mergeTables(self(c).settings.context, t) });
    },
    with_options: (c: LuaValue, t: LuaValue) => contractObject(self(c).entry, { ...self(c).settings, options: mergeTables(self(c).settings.options, t) }),
    with_actor: (c: LuaValue, a: LuaValue) => {
      const no = refusal(rt.node, 'contract.security', 'security');
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      return contractObject(self(c).entry, { ...self(c).settings, actor: a });
    },
    with_scope: (c: LuaValue, s: LuaValue) => {
      const no = refusal(rt.node, 'contract.security', 'security');
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      return contractObject(self(c).entry, { ...self(c).settings, scope: s });
    },
  }));

  const getContract = (id: LuaValue): LuaValue[] => {
    if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'contract id required');
    const no = refusal(rt.node, 'contract.get', id);
    if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
    const e = rt.entries.get(id);
    if (e === undefined || e.kind !== CONTRACT_KIND) return fail(KIND.NOT_FOUND, `contract '${id}' not found`);
    return [contractObject(e, {}), undefined];
  };

  const mod = makeLib({
    get: getContract,
    open: (id: LuaValue, ctx: LuaValue, opts: LuaValue) => openBinding({}, id, ctx, opts),
    find_implementations: (id: LuaValue) => {
      if (typeof id !== 'string' || id === '') return fail(KIND.INVALID, 'contract id required');
      const no = refusal(rt.node, 'contract.implementations', id);
      if (no !== undefined) return fail(KIND.PERMISSION_DENIED, no);
      return [new LuaTable(bindingsOf(id).map((b) => b.id)), undefined];
    },
    is: (inst: LuaValue, id: LuaValue) => inst instanceof LuaTable && (instances.get(inst)?.includes(id as string) ?? false),
  });
  mod.frozen = true;
  return mod;
}

function methodList(entry: ContractEntry): unknown[] {
  return Array.isArray(entry.data.methods) ? entry.data.methods : [];
}

/** `ns:name?debug=true&timeout=5000` -> id and a context table (`true`/`false` and numbers converted). */
function splitQuery(raw: string): [string, LuaTable | undefined] {
  const q = raw.indexOf('?');
  if (q < 0) return [raw, undefined];
  const t = new LuaTable();
  for (const [k, v] of new URLSearchParams(raw.slice(q + 1))) {
    t.setStr(k, v === 'true' ? true : v === 'false' ? false : v !== '' && !Number.isNaN(Number(v)) ? Number(v) : v);
  }
  return [raw.slice(0, q), t];
}


function delayMs(v: LuaValue): number {
  try {
    return parseDurationMs(v, 100);
  } catch {
    return 100;
  }
}
