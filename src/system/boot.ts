// Boot: project folder -> validated entries -> runtime -> supervised services.
// Nothing starts unless the whole project is valid: every problem (YAML, kinds, references,
// cycles, Lua syntax) is reported once with file, line and entry, and boot fails.

import { loadProject, type LoadResult } from '../registry/load.js';
import { validateLoad, formatError, type RegistryError } from '../registry/validate.js';
import type { Entry } from '../registry/entry.js';
import { compileCached } from '../lua/state.js';
import { Runtime, type EntrySource } from './runtime.js';
import { Supervisor, policyOf, type Service } from './supervisor.js';
import type { Log } from './log.js';
import { hostService } from '../kinds/hosts.js';
import { processService } from '../kinds/process-service.js';
import { workflowHostService } from '../kinds/workflow-host.js';
import { installWorkflows } from '../workflow/install.js';
import { createEnvSystem } from '../kinds/env.js';
import { Registry } from '../registry/registry.js';
import { createRegistryModule } from '../modules/registry.js';
import { Reconciler } from './reconcile.js';
import { watchApp, type Watcher } from './watch.js';
import { dbService } from '../kinds/db.js';
import { queueService } from '../kinds/queue.js';
import { dataEntryProblems } from '../kinds/data-checks.js';

export interface App {
  runtime: Runtime;
  supervisor: Supervisor;
  registry: Registry;
  entries: Entry[];
  /** present when started with `watch` */
  watcher?: Watcher;
  /** settles when registry changes applied so far are reconciled with the running services */
  reconciled(): Promise<void>;
}

export class BootError extends Error {
  constructor(public problems: string[]) {
    super(problems.join('\n'));
  }
}

const LUA_KINDS = new Set(['process.lua', 'function.lua', 'library.lua', 'workflow.lua', 'module.lua']);

/** Load and check a project; throws BootError listing every problem. */
export function loadApp(root: string): Entry[] {
  const loaded = loadProject(root);
  const problems = checkProject(loaded);
  if (problems.length > 0) throw new BootError(problems.map(formatError));
  return loaded.entries;
}

/** Every problem of a loaded project: registry validation plus Lua syntax of every source. */
export function checkProject(loaded: LoadResult): RegistryError[] {
  const problems: RegistryError[] = [...validateLoad(loaded), ...dataEntryProblems(loaded.entries)];
  for (const e of loaded.entries) {
    if (!LUA_KINDS.has(e.kind) || e.sourceText === undefined) continue;
    try {
      compileCached(e.sourceText, e.sourceFile ?? e.id);
    } catch (err) {
      problems.push({ code: 'lua-syntax', message: (err as Error).message, entry: e.id, file: e.source?.file, line: e.source?.line });
    }
  }
  return problems;
}

export function entrySource(entries: Entry[]): EntrySource {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return { get: (id) => byId.get(id), all: () => entries };
}

/** The live registry the runtime reads entries from; `registry` module changes go here. */
export function liveRegistry(entries: Entry[]): Registry {
  return new Registry(entries);
}

/** The service of an entry with a lifecycle, if its kind has one. */
export function serviceOf(e: Entry, rt: Runtime): Service | undefined {
  switch (e.kind) {
    case 'process.host':
    case 'terminal.host':
      return hostService(e, rt);
    case 'process.service':
      return processService(e, rt);
    case 'workflow.host':
      return workflowHostService(e, rt, rt.root ?? '.');
    case 'db.sql.sqlite':
    case 'db.sql.postgres':
      return dbService(e, rt);
    case 'queue.driver.memory':
    case 'queue.driver.sql':
    case 'queue.queue':
    case 'queue.consumer':
      return queueService(e, rt);
    default:
      return undefined;
  }
}

export async function startApp(root: string, log: Log, opts: { autoStart?: boolean; watch?: boolean } = {}): Promise<App> {
  const entries = loadApp(root);
  const registry = liveRegistry(entries);
  const runtime = new Runtime(registry, log);
  runtime.modules.define('registry', () => createRegistryModule(registry));
  runtime.root = root;
  installWorkflows(runtime, root);
  const supervisor = new Supervisor(log);
  const reconciler = new Reconciler(runtime, supervisor, serviceOf, log);
  let reconciled: Promise<void> = Promise.resolve();
  registry.onChange((ev) => {
    runtime.entriesChanged(ev.changes.map((c) => c.entry.id));
    reconciled = reconciler.apply(ev.changes);
  });
  runtime.supervisor = supervisor;
  runtime.env = createEnvSystem(entries, root);
  for (const e of entries) {
    const lifecycle = e.data.lifecycle as Record<string, unknown> | undefined;
    const svc = serviceOf(e, runtime);
    if (svc === undefined) continue;
    if (opts.autoStart === false && e.kind === 'process.service') continue;
    if (lifecycle?.auto_start !== true && !(e.kind.endsWith('.host'))) continue;
    const deps = [...svc.deps, ...asList(lifecycle?.depends_on), ...asList(lifecycle?.requires)];
    supervisor.add({ ...svc, deps }, policyOf(lifecycle));
  }
  await supervisor.startAll();
  const watcher = opts.watch ? watchApp(root, registry, entries, log) : undefined;
  return { runtime, supervisor, registry, entries, watcher, reconciled: () => reconciled };
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
