// Boot: project folder -> validated entries -> runtime -> supervised services.
// Nothing starts unless the whole project is valid: every problem (YAML, kinds, references,
// cycles, Lua syntax) is reported once with file, line and entry, and boot fails.

import { loadProject, type LoadCache, type LoadResult } from '../registry/load.js';
import { validateLoad, validateEntries, formatError, type RegistryError } from '../registry/validate.js';
import { sourceOf, type Entry } from '../registry/entry.js';
import { compileCached } from '../lua/state.js';
import { Runtime, type EntrySource } from './runtime.js';
import { Supervisor, policyOf, type Service } from './supervisor.js';
import type { Log, LogEncoding } from './log.js';
import { hostService } from '../kinds/hosts.js';
import { processService } from '../kinds/process-service.js';
import { workflowHostService } from '../kinds/workflow-host.js';
import { httpService } from '../kinds/http.js';
import { checkHttpEntries } from '../http/validate.js';
import { installWorkflows } from '../workflow/install.js';
import { createEnvSystem, envEntryProblem, envEntryProblems, isEnvKind } from '../kinds/env.js';
import { Registry } from '../registry/registry.js';
import { createRegistryModule } from '../modules/registry.js';
import { Reconciler } from './reconcile.js';
import { watchApp, type Watcher } from './watch.js';
import { LiveRegistry } from '../registry/live.js';
import { historySettings } from '../registry/settings.js';
import { MemoryHistoryStore, SqliteHistoryStore, type HistoryStore } from '../registry/store.js';
import { installSecurity } from '../security/install.js';
import { installHttpSecurity } from '../security/http.js';
import { checkSecurityEntries } from '../kinds/security.js';
import { dbService } from '../kinds/db.js';
import { loadRuntimeConfig, ignoredSettings, ConfigError, type ConfigOptions, type RuntimeConfig } from './config.js';
import { applyConfigStages } from './config-stages.js';
import { prometheusService, prometheusSettings } from '../metrics/prometheus.js';
import { linkRequirements } from '../registry/link.js';
import { parseDurationMs } from './duration.js';
import { queueService } from '../kinds/queue.js';
import { checkLlmCards } from '../kinds/llm.js';
import { checkContracts } from '../kinds/contract.js';
import { checkAgents } from '../kinds/agent.js';
import { frameworkStandIns } from '../llm/framework.js';
import { dataEntryProblems } from '../kinds/data-checks.js';
import { fsEntryProblem, fsEntryProblems } from '../kinds/fs.js';
import { volumes } from '../fs/volumes.js';
import { selfExtensionTools } from '../agent/self-tools.js';
import { templateEntryProblem, templateProblems } from '../kinds/template.js';
import { viewsStandIns } from '../kinds/template-views.js';

export interface App {
  runtime: Runtime;
  supervisor: Supervisor;
  registry: Registry;
  /** the registry as files + run-time changes, with its history store */
  live: LiveRegistry;
  /** the entries the app's files declare (run-time changes replayed at boot are not among them) */
  entries: Entry[];
  /** present when started with `watch` */
  watcher?: Watcher;
  /** settles when registry changes applied so far are reconciled with the running services */
  reconciled(): Promise<void>;
  /** the runtime configuration (`.wippy.yaml`, profiles, --set) */
  config: RuntimeConfig;
}

export class BootError extends Error {
  constructor(public problems: string[]) {
    super(problems.join('\n'));
  }
}

const LUA_KINDS = new Set(['process.lua', 'function.lua', 'library.lua', 'workflow.lua', 'module.lua']);

/** The runtime configuration of the app in `root`; a bad config is a BootError. */
export function readConfig(root: string, opts: ConfigOptions = {}): RuntimeConfig {
  try {
    return loadRuntimeConfig(root, opts);
  } catch (e) {
    if (e instanceof ConfigError) throw new BootError(e.problems);
    throw e;
  }
}

/** Load and check a project; throws BootError listing every problem. */
export function loadApp(root: string, config: RuntimeConfig = readConfig(root), log?: Log): Entry[] {
  const loaded = loadStaged(root, config);
  const problems = checkProject(loaded);
  if (problems.length > 0) throw new BootError(problems.map(formatError));
  for (const w of loaded.warnings) log?.log('warn', w);
  return loaded.entries;
}

/**
 * The definition files with the config's load stages applied (overrides, then disabled
 * entries dropped); stage problems join the load errors. Boot and the file watcher both load
 * through here, so a reload keeps the configuration.
 */
export function loadStaged(root: string, config: RuntimeConfig | undefined, cache?: LoadCache): LoadResult & { warnings: string[] } {
  const workspace = config?.values.workspace as { replacements?: Record<string, string | null> } | undefined;
  const loaded = loadProject(root, { cache, replacements: workspace?.replacements });
  const { entries, report } = applyConfigStages(loaded.entries, config);
  // Link after Override and Disable (config.md §2.4), before validation sees the targets
  const link = linkRequirements(entries, loaded.moduleOf);
  loaded.entries = entries;
  for (const message of report.errors) loaded.errors.push({ code: 'config', message });
  loaded.errors.push(...link.errors);
  return { ...loaded, warnings: [...report.warnings, ...link.warnings] };
}

/** Every problem of a loaded project: registry validation plus Lua syntax of every source.
 * Built-in stand-ins for an absent framework package join the loaded entries first (boot and
 * live reload both come through here, so they stay in the registry). */
export function checkProject(loaded: LoadResult): RegistryError[] {
  loaded.entries.push(...frameworkStandIns(loaded.entries));
  loaded.entries.push(...viewsStandIns(loaded.entries));
  loaded.entries.push(...selfExtensionTools(loaded.entries));
  const problems: RegistryError[] = [...validateLoad(loaded), ...checkSecurityEntries(loaded.entries),
    ...checkLlmCards(loaded.entries), ...checkContracts(loaded.entries), ...checkAgents(loaded.entries), ...checkHttpEntries(loaded.entries),
    ...dataEntryProblems(loaded.entries), ...fsEntryProblems(loaded.entries), ...envEntryProblems(loaded.entries),
    ...templateProblems(loaded.entries)];
  for (const e of loaded.entries) {
    if (e.sourceText === undefined) continue;
    const p = luaProblem(e);
    if (p !== undefined) problems.push(p);
  }
  return problems;
}

/** A Lua entry whose source does not compile (file or inline source); undefined otherwise. */
export function luaProblem(e: Entry): RegistryError | undefined {
  if (!LUA_KINDS.has(e.kind)) return undefined;
  const src = sourceOf(e);
  if (src === undefined) return undefined;
  try {
    compileCached(src.text, src.chunkname);
    return undefined;
  } catch (err) {
    const p: RegistryError = { code: 'lua-syntax', message: (err as Error).message, entry: e.id };
    if (e.source !== undefined) Object.assign(p, { file: e.source.file, line: e.source.line });
    return p;
  }
}

/** Whole-set check used when run-time changes are replayed over the files at boot. */
export function checkEntries(entries: readonly Entry[]): RegistryError[] {
  const problems = [...validateEntries(entries), ...templateProblems(entries)];
  for (const e of entries) {
    const p = luaProblem(e);
    if (p !== undefined) problems.push(p);
  }
  return problems;
}

/** The app's registry history store, as `.wippy.yaml` configures it (memory by default). */
export function openHistory(root: string, config: RuntimeConfig): HistoryStore {
  let settings;
  try {
    settings = historySettings(root, config.values.registry);
  } catch (e) {
    throw new BootError([(e as Error).message]);
  }
  return settings.type === 'sqlite' ? new SqliteHistoryStore(settings.path) : new MemoryHistoryStore();
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
    case 'http.service':
      return httpService(e, rt);
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

export interface StartOptions {
  autoStart?: boolean;
  watch?: boolean;
  config?: ConfigOptions;
  /** the same log in another encoding, for `.wippy.yaml` `logger.encoding` (the CLI's log) */
  logWith?: (encoding: LogEncoding) => Log;
}

export async function startApp(root: string, log: Log,
                               opts: StartOptions = {}): Promise<App> {
  const config = readConfig(root, opts.config);
  const encoding = (config.values.logger as { encoding?: LogEncoding } | undefined)?.encoding;
  if (encoding !== undefined && opts.logWith !== undefined) log = opts.logWith(encoding);
  log = configuredLog(log, config);
  const entries = loadApp(root, config, log);
  for (const { section, reason } of ignoredSettings(config)) log.log('debug', `config section '${section}' is ignored: ${reason}`);
  const prometheus = prometheusSettings(config, log);
  if (prometheus !== undefined && 'errors' in prometheus) throw new BootError(prometheus.errors);
  const store = openHistory(root, config);
  const owner = store.claim(process.pid);
  if (owner !== undefined) {
    store.close();
    throw new BootError([`the registry history ${historySettings(root, config.values.registry).path} is in use by the running app (pid ${owner})`]);
  }
  // a changed entry is checked against the registry as it is when the change comes (a
  // template against its set, an env variable against its storage)
  let current: Registry | undefined;
  const checkEntry = (e: Entry) => luaProblem(e) ?? fsEntryProblem(e)
    ?? envEntryProblem(e, () => current?.all() ?? []) ?? templateEntryProblem(e, (id) => current?.get(id));
  const { live, dropped } = LiveRegistry.boot(entries, store, checkEntries, { checkEntry });
  current = live.registry;
  for (const d of dropped) log.log('warn', `run-time change of ${d.id} not replayed: ${d.reason}`, { entry: d.id });
  const registry = live.registry;
  const runtime = new Runtime(registry, log);
  const securityConfig = config.values.security as { strict_mode?: unknown; allow_private_ip?: unknown } | undefined;
  const strict = securityConfig?.strict_mode === true;
  const { guard, canRead, security } = installSecurity(runtime, registry, root, strict);
  installHttpSecurity(runtime.node, security, { allowPrivateIp: securityConfig?.allow_private_ip === true });
  runtime.modules.define('registry', () => createRegistryModule(live, () => actorOf(runtime), guard, canRead));
  runtime.root = root;
  installWorkflows(runtime, root);
  const supervisor = new Supervisor(log);
  const shutdown = config.values.shutdown as Record<string, unknown> | undefined;
  supervisor.shutdownTimeoutMs = parseDurationMs(shutdown?.timeout, 30000);
  const reconciler = new Reconciler(runtime, supervisor, serviceOf, log);
  let reconciled: Promise<void> = Promise.resolve();
  registry.onChange((ev) => {
    // first, so services restarted below resolve placeholders against the new variables
    if (ev.changes.some((c) => isEnvKind(c.entry.kind))) runtime.env = createEnvSystem(registry.all(), root, runtime.env);
    runtime.entriesChanged(ev.changes.map((c) => c.entry.id));
    reconciled = reconciler.apply(ev.changes);
  });
  runtime.supervisor = supervisor;
  runtime.env = createEnvSystem(registry.all(), root);
  for (const p of volumes(runtime).initAll()) log.log('warn', p);
  if (store.persistent) supervisor.add(historyService(live), policyOf(undefined));
  if (prometheus !== undefined) supervisor.add(prometheusService(prometheus, log), policyOf(undefined));
  for (const e of registry.all()) {
    const lifecycle = e.data.lifecycle as Record<string, unknown> | undefined;
    const svc = serviceOf(e, runtime);
    if (svc === undefined) continue;
    if (opts.autoStart === false && e.kind === 'process.service') continue;
    if (lifecycle?.auto_start !== true && !(e.kind.endsWith('.host'))) continue;
    const deps = [...svc.deps, ...asList(lifecycle?.depends_on), ...asList(lifecycle?.requires)];
    supervisor.add({ ...svc, deps }, policyOf(lifecycle));
  }
  await supervisor.startAll();
  const watcher = opts.watch ? watchApp(root, live, log, undefined, config) : undefined;
  return { runtime, supervisor, registry, live, entries, watcher, reconciled: () => reconciled, config };
}

/** The process making a registry change, for the version history. */
function actorOf(rt: Runtime): { entry?: string; pid?: string } | undefined {
  const p = rt.node.current;
  return p === undefined ? undefined : { entry: p.ctx.entry as string | undefined, pid: p.pid };
}

/**
 * A persistent history is the app's while it runs: it serves the rollbacks `wippy registry
 * rollback` asks for, and gives the store back at shutdown.
 */
function historyService(live: LiveRegistry): Service {
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    id: ':registry.history',
    deps: [],
    start() {
      timer = setInterval(() => live.serveRequests(), 100);
      timer.unref();
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      live.store.release();
      live.store.close();
    },
  };
}

/**
 * `logmanager`: `min_level` (-1 debug, 0 info, 1 warn, 2 error) drops lower records;
 * `propagate_downstream: false` sends none to the console.
 */
function configuredLog(log: Log, config: RuntimeConfig): Log {
  const lm = config.values.logmanager as Record<string, unknown> | undefined;
  if (lm === undefined) return log;
  const min = typeof lm.min_level === 'number' ? lm.min_level : -1;
  const off = lm.propagate_downstream === false;
  const rank = { debug: -1, info: 0, warn: 1, error: 2 } as const;
  const wrap = (inner: Log): Log => ({
    log(level, msg, fields) {
      if (!off && rank[level] >= min) inner.log(level, msg, fields);
    },
    child(fields) {
      return wrap(inner.child(fields));
    },
  });
  return wrap(log);
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}
