// Boot checks of contract entries (agents.md §1.3, §10.6). Missing referenced entries are
// already reported by the registry's reference check; here: a binding must bind contract
// definitions and only methods those contracts declare, and a contract may have one default
// binding (`:open()` with no id would otherwise be ambiguous). The kind of a method's target
// is not checked at boot: the reference boots bindings whose methods name a library.lua
// (wippy/views); calling such a method fails with the function-not-found error.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { at } from './llm.js';

const qualify = (ref: string, ns: string) => (ref.includes(':') ? ref : `${ns}:${ref}`);

function methodNames(def: Entry): Set<string> | undefined {
  if (!Array.isArray(def.data.methods)) return undefined;
  return new Set(def.data.methods.map((m) => (m as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string'));
}

export function checkContracts(entries: readonly Entry[]): RegistryError[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const problems: RegistryError[] = [];
  const defaults = new Map<string, string>();
  for (const e of entries) {
    if (e.kind === 'contract.definition') {
      const ms = e.data.methods;
      if (ms !== undefined && (!Array.isArray(ms) || ms.some((m) => typeof (m as { name?: unknown })?.name !== 'string'))) {
        problems.push({ code: 'contract', message: 'methods must be a list of {name, description?, input_schemas?, output_schemas?}', ...at(e) });
      }
      continue;
    }
    if (e.kind !== 'contract.binding') continue;
    const list = e.data.contracts;
    if (!Array.isArray(list) || list.length === 0) {
      problems.push({ code: 'contract-binding', message: 'binding needs contracts: [{contract, methods: {name: function_id}}]', ...at(e) });
      continue;
    }
    list.forEach((c, i) => {
      const { contract, methods } = (c ?? {}) as { contract?: unknown; methods?: unknown; default?: unknown };
      if (typeof contract !== 'string') {
        problems.push({ code: 'contract-binding', message: `contracts[${i}] needs a contract id`, ...at(e) });
        return;
      }
      const id = qualify(contract, e.namespace);
      const def = byId.get(id);
      if (def !== undefined && def.kind !== 'contract.definition') {
        problems.push({ code: 'contract-binding', message: `contracts[${i}]: ${id} is a ${def.kind}, not a contract.definition`, ...at(e) });
        return;
      }
      if ((c as { default?: unknown }).default === true) {
        const other = defaults.get(id);
        if (other !== undefined) problems.push({ code: 'contract-binding', message: `${id} already has the default binding ${other}`, ...at(e) });
        else defaults.set(id, e.id);
      }
      const declared = def === undefined ? undefined : methodNames(def);
      for (const name of Object.keys(methods !== null && typeof methods === 'object' ? methods as Record<string, unknown> : {})) {
        if (declared !== undefined && !declared.has(name)) {
          problems.push({ code: 'contract-binding', message: `contracts[${i}]: ${id} has no method '${name}'`, ...at(e) });
        }
      }
    });
  }
  return problems;
}
