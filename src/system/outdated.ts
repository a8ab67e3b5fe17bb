// OUTDATED events (lua-core §6.7, §6.14): a process that opted in with
// `process.set_options{upgradable = true}` is told when the entry it runs, or a library it
// imports (directly or through other libraries), changed in the registry. It may then call
// `process.upgrade` to swap to the new code; processes that did not opt in never hear of it
// and keep running their loaded code.
//
// Several changes before the process reads its events coalesce into the one pending event,
// whose `sources` becomes the union (the reference's documented behaviour).

import { LuaTable } from '../lua/runtime/table.js';
import { EVENT, type Node, type Process } from '../kernel/process.js';
import type { EntrySource, RtEntry } from './runtime.js';

/** Entry `id` and every library it imports, transitively. */
export function codeDependencies(entries: EntrySource, id: string): Set<string> {
  const out = new Set<string>();
  const visit = (eid: string) => {
    if (out.has(eid)) return;
    out.add(eid);
    const e = entries.get(eid);
    const imports = e?.data.imports;
    if (imports === null || typeof imports !== 'object') return;
    for (const ref of Object.values(imports as Record<string, unknown>)) {
      if (typeof ref === 'string') visit(qualify(ref, eid));
    }
  };
  visit(id);
  return out;
}

function qualify(ref: string, fromId: string): string {
  return ref.includes(':') ? ref : `${fromId.slice(0, fromId.indexOf(':'))}:${ref}`;
}

/** Tell every upgradable process whose code depends on one of `changed`. */
export function notifyOutdated(node: Node, entries: EntrySource, changed: readonly string[]): void {
  if (changed.length === 0) return;
  for (const p of node.processes.values()) {
    if (!p.upgradable || p.exited) continue;
    const entry = (p.ctx.entryRef as RtEntry | undefined)?.id ?? (p.ctx.entry as string | undefined);
    if (entry === undefined) continue;
    const deps = codeDependencies(entries, entry);
    const sources = changed.filter((id) => deps.has(id));
    if (sources.length > 0) deliverOutdated(node, p, sources);
  }
}

function deliverOutdated(node: Node, p: Process, sources: string[]): void {
  const pending = p.ctx.outdated as LuaTable | undefined;
  if (pending !== undefined && p.holdsEvent(pending)) {
    const list = pending.getStr('sources') as LuaTable;
    const have = new Set<unknown>();
    for (let i = 1; i <= list.length(); i++) have.add(list.getInt(i));
    for (const s of sources) if (!have.has(s)) list.setInt(list.length() + 1, s);
    return;
  }
  const ev = node.hooks.makeEvent({ kind: EVENT.OUTDATED, from: p.pid, sources: new LuaTable([...sources]), at: Date.now() / 1000 });
  p.ctx.outdated = ev;
  p.deliverEvent(ev);
}
