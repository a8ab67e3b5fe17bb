// `wippy workflow list | show ID | history ID | signal ID TOPIC JSON | cancel ID |
// terminate ID | replay ID`: operate on the workflow stores of the app in a folder, whether
// the app is running or not. Writes (signal, cancel, terminate) go to the store; a running
// runtime picks them up within its poll interval, a stopped one at its next start.

import { loadApp, BootError } from '../system/boot.js';
import type { Entry } from '../registry/entry.js';
import { storeSpecOf, StoreConfigError } from '../workflow/store-config.js';
import { openStoreOf } from '../workflow/open-store.js';
import { FINISHED, type RunRecord, type RunStatus, type WorkflowStore } from '../workflow/store.js';
import { toJson } from '../workflow/codec.js';
import { toLua } from '../system/convert.js';
import { bytesToText } from '../lua/runtime/values.js';
import { createLog } from '../system/log.js';

interface Host {
  entry: Entry;
  store: WorkflowStore;
}

function out(s: string): void {
  process.stdout.write(s + '\n');
}

function err(s: string): number {
  process.stderr.write(`wippy: ${s}\n`);
  return 1;
}

function hostsOf(dir: string, host?: string): { entries: Entry[]; hosts: Host[] } | string {
  let entries: Entry[];
  try {
    entries = loadApp(dir);
  } catch (e) {
    if (e instanceof BootError) return `the app has problems:\n${e.problems.map((p) => '  ' + p).join('\n')}`;
    throw e;
  }
  const hostEntries = entries.filter((e) => e.kind === 'workflow.host' && (host === undefined || e.id === host));
  if (hostEntries.length === 0) return host === undefined ? 'the app declares no workflow.host' : `workflow host '${host}' not found`;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const hosts: Host[] = [];
  try {
    for (const e of hostEntries) hosts.push({ entry: e, store: openStoreOf(storeSpecOf(e, dir, (id) => byId.get(id))) });
  } catch (e) {
    for (const h of hosts) h.store.close();
    if (e instanceof StoreConfigError) return e.message;
    return `cannot open the workflow store: ${(e as Error).message}`;
  }
  return { entries, hosts };
}

function withHosts(dir: string, host: string | undefined, f: (h: Host[], entries: Entry[]) => number | Promise<number>): number | Promise<number> {
  const r = hostsOf(dir, host);
  if (typeof r === 'string') return err(r);
  const close = () => { for (const h of r.hosts) h.store.close(); };
  try {
    const v = f(r.hosts, r.entries);
    if (v instanceof Promise) return v.finally(close);
    close();
    return v;
  } catch (e) {
    close();
    throw e;
  }
}

function findRun(hosts: Host[], id: string): { host: Host; run: RunRecord } | undefined {
  for (const h of hosts) {
    const run = h.store.getRun(id);
    if (run !== undefined) return { host: h, run };
  }
  return undefined;
}

/** Stored JSON as readable text: byte strings shown as UTF-8. */
export function display(json: string | null): string {
  if (json === null) return '-';
  try {
    return JSON.stringify(textOf(JSON.parse(json)));
  } catch {
    return json;
  }
}

function textOf(v: unknown): unknown {
  if (typeof v === 'string') return bytesToText(v);
  if (Array.isArray(v)) return v.map(textOf);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [bytesToText(k), textOf(x)]));
  return v;
}

function time(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

export function workflowList(dir: string, opts: { host?: string; status?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, (hosts) => {
    const status = opts.status?.split(',') as RunStatus[] | undefined;
    const rows = hosts.flatMap((h) => h.store.listRuns({ status }));
    const w = Math.max(2, ...rows.map((r) => r.id.length));
    const we = Math.max(5, ...rows.map((r) => r.entry.length));
    out(`${'ID'.padEnd(w)}  ${'ENTRY'.padEnd(we)}  ${'STATUS'.padEnd(10)}  CREATED                   UPDATED`);
    for (const r of rows) {
      out(`${r.id.padEnd(w)}  ${r.entry.padEnd(we)}  ${(r.status + (r.cancelRequested && !FINISHED.has(r.status) ? '*' : '')).padEnd(10)}  ${time(r.createdAt)}  ${time(r.updatedAt)}`);
    }
    out(`${rows.length} workflows`);
    return 0;
  });
}

export function workflowShow(dir: string, id: string, opts: { host?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, (hosts) => {
    const f = findRun(hosts, id);
    if (f === undefined) return err(`workflow '${id}' not found`);
    const r = f.run;
    const steps = f.host.store.steps(id).length;
    out(`id:        ${r.id}`);
    out(`entry:     ${r.entry}`);
    out(`host:      ${r.host}`);
    out(`status:    ${r.status}${r.cancelRequested && !FINISHED.has(r.status) ? ` (cancel requested: ${r.cancelReason})` : ''}`);
    out(`args:      ${display(r.args)}`);
    if (r.status === 'completed') out(`result:    ${display(r.result)}`);
    if (r.error !== null) out(`error:     ${display(r.error)}`);
    if (r.report !== null) out(`report:    ${r.report}`);
    if (r.parent !== null) out(`parent:    ${r.parent}`);
    out(`steps:     ${steps}`);
    out(`owner:     ${r.owner ?? '-'}`);
    out(`created:   ${time(r.createdAt)}`);
    out(`updated:   ${time(r.updatedAt)}`);
    out(`finished:  ${time(r.finishedAt)}`);
    return 0;
  });
}

export function workflowHistory(dir: string, id: string, opts: { host?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, (hosts) => {
    const f = findRun(hosts, id);
    if (f === undefined) return err(`workflow '${id}' not found`);
    const steps = f.host.store.steps(id);
    out(`SEQ  KIND     NAME                      AT                        OUTPUT`);
    for (const s of steps) {
      out(`${String(s.seq).padEnd(4)} ${s.kind.padEnd(8)} ${(s.name || '-').padEnd(25)} ${time(s.createdAt)}  ${display(s.output)}`);
    }
    const signals = f.host.store.allSignals(id);
    if (signals.length > 0) {
      out('');
      out('SIGNAL  TOPIC                 CONSUMED  PAYLOADS');
      for (const s of signals) {
        out(`${String(s.id).padEnd(7)} ${s.topic.padEnd(21)} ${(s.consumedSeq === null ? 'pending' : `step ${s.consumedSeq}`).padEnd(9)} ${display(s.payloads)}`);
      }
    }
    out(`${steps.length} steps`);
    return 0;
  });
}

export function workflowSignal(dir: string, id: string, topic: string, json: string | undefined, opts: { host?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, (hosts) => {
    const f = findRun(hosts, id);
    if (f === undefined) return err(`workflow '${id}' not found`);
    if (FINISHED.has(f.run.status)) return err(`workflow '${id}' has finished (${f.run.status})`);
    if (topic === '' || topic.startsWith('@')) return err(`invalid topic '${topic}'`);
    let payloads: unknown[] = [];
    if (json !== undefined) {
      try {
        payloads = [toJson(toLua(JSON.parse(json)), 0)];
      } catch (e) {
        return err(`the payload must be JSON: ${(e as Error).message}`);
      }
    }
    const sid = f.host.store.addSignal(id, topic, 'cli', JSON.stringify(payloads));
    out(`signal ${sid} stored for ${id} (topic ${topic})`);
    return 0;
  });
}

export function workflowCancel(dir: string, id: string, reason: string | undefined, opts: { host?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, (hosts) => {
    const f = findRun(hosts, id);
    if (f === undefined) return err(`workflow '${id}' not found`);
    if (!f.host.store.requestCancel(id, reason ?? 'canceled from the command line')) {
      return err(`workflow '${id}' has finished or is already being canceled (${f.run.status})`);
    }
    out(`cancel requested for ${id}`);
    return 0;
  });
}

export function workflowTerminate(dir: string, id: string, reason: string | undefined, opts: { host?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, (hosts) => {
    const f = findRun(hosts, id);
    if (f === undefined) return err(`workflow '${id}' not found`);
    if (!f.host.store.terminate(id, reason ?? 'terminated from the command line')) return err(`workflow '${id}' has finished (${f.run.status})`);
    out(`terminated ${id}`);
    return 0;
  });
}

/** Re-run a stored history against the current code: nothing runs live, nothing is written. */
export function workflowReplay(dir: string, id: string, opts: { host?: string }): number | Promise<number> {
  return withHosts(dir, opts.host, async (hosts, entries) => {
    const f = findRun(hosts, id);
    if (f === undefined) return err(`workflow '${id}' not found`);
    const { Runtime } = await import('../system/runtime.js');
    const { liveRegistry } = await import('../system/boot.js');
    const { installWorkflows } = await import('../workflow/install.js');
    const { WorkflowEngine } = await import('../workflow/engine.js');
    const log = createLog({ silent: true });
    const rt = new Runtime(liveRegistry(entries), log);
    rt.root = dir;
    installWorkflows(rt, dir);
    for (const h of hosts) rt.hosts.set(h.entry.id, { id: h.entry.id, kind: 'workflow.host' });
    const engine = new WorkflowEngine(rt, { hostId: f.host.entry.id, store: f.host.store, log, replayOnly: true });
    const timeout = new Promise<{ ok: boolean; steps: number; report: string }>((res) => {
      const h = setTimeout(() => res({ ok: false, steps: 0, report: 'the replay did not finish within 30 s' }), 30000);
      h.unref();
    });
    const r = await Promise.race([engine.replay({ ...f.run }), timeout]);
    out(`${id}: ${r.ok ? 'deterministic' : 'NON-DETERMINISTIC'}: ${r.report}`);
    return r.ok ? 0 : 1;
  });
}
