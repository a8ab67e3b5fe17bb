// Boot checks of agent definitions (agents.md §3.2): a model, and tools, traits and
// delegates that exist. Each problem names the agent's file, line and entry. Model names
// are not resolved here: a model resolver or a later registry change may provide them.

import type { Entry } from '../registry/entry.js';
import type { RegistryError } from '../registry/errors.js';
import { at, namespaceKnown } from './llm.js';

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

export function checkAgents(entries: readonly Entry[]): RegistryError[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const names = new Map(entries.filter((e) => e.kind === 'registry.entry' && typeof e.meta.name === 'string')
    .map((e) => [`${e.meta.type}/${e.meta.name}`, e]));
  const problems: RegistryError[] = [];
  const bad = (e: Entry, message: string) => problems.push({ code: 'agent', message, ...at(e) });
  const checkTools = (e: Entry, tools: unknown) => {
    for (const t of list(tools)) {
      const ref = typeof t === 'string' ? t : (t as { id?: unknown })?.id;
      if (typeof t === 'object' && t !== null && (t as { schema?: unknown }).schema !== undefined) continue;
      if (typeof ref !== 'string') { bad(e, 'tool reference needs an id'); continue; }
      if (ref.endsWith(':*') || !namespaceKnown(entries, ref)) continue;
      const tool = byId.get(ref);
      if (tool === undefined || !tool.kind.startsWith('function.') || tool.meta.type !== 'tool') {
        bad(e, `tool ${ref} not found (a function entry with meta.type: tool)`);
      }
    }
  };
  for (const e of entries) {
    if (e.kind !== 'registry.entry') continue;
    if (e.meta.type === 'agent.trait') {
      checkTools(e, e.data.tools);
      for (const key of ['prompt_func_id', 'build_func_id']) {
        const f = e.data[key];
        if (f !== undefined && (typeof f !== 'string' || !byId.get(f)?.kind.startsWith('function.'))) {
          bad(e, `${key} ${String(f)} is not a function entry`);
        }
      }
    }
    if (e.meta.type !== 'agent.gen1') continue;
    if (typeof e.data.model !== 'string' || e.data.model === '') bad(e, 'agent needs a model (a model name or class)');
    checkTools(e, e.data.tools);
    for (const t of list(e.data.traits)) {
      const ref = typeof t === 'string' ? t : (t as { id?: unknown })?.id;
      const trait = typeof ref !== 'string' ? undefined : ref.includes(':') ? byId.get(ref) : names.get(`agent.trait/${ref}`);
      if (typeof ref === 'string' && ref.includes(':') && !namespaceKnown(entries, ref)) continue;
      if (trait?.meta.type !== 'agent.trait') bad(e, `trait ${String(ref)} not found (a registry.entry with meta.type: agent.trait)`);
    }
    for (const d of list(e.data.delegates)) {
      const del = d as { id?: unknown; name?: unknown };
      if (typeof del?.id !== 'string' || typeof del.name !== 'string') { bad(e, 'delegate needs id and name'); continue; }
      if (byId.get(del.id)?.meta.type !== 'agent.gen1' && namespaceKnown(entries, del.id)) bad(e, `delegate agent ${del.id} not found`);
    }
  }
  return problems;
}
