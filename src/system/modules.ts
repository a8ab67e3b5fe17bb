// The runtime modules an entry may `require` (when listed in its `modules`). Most are
// shared read-only tables made once; `io` is per process (its terminal).

import type { LuaValue } from '../lua/runtime/types.js';
import type { Process } from '../kernel/process.js';
import type { Runtime } from './runtime.js';
import { createLoggerModule } from '../modules/logger.js';
import { createFuncsModule } from '../modules/funcs.js';
import { createTimeModule } from '../modules/time.js';
import { createIoModule, type Terminal } from '../modules/io.js';
import { createJsonModule } from '../modules/json.js';
import { createBase64Module } from '../modules/base64.js';
import { createHashModule } from '../modules/hash.js';
import { createUuidModule } from '../modules/uuid.js';
import { createEnvModule } from '../modules/env.js';
import { createSystemModule } from '../modules/system.js';
import { createCtxModule } from '../modules/ctx.js';
import { createEventsModule } from '../modules/events.js';
import { createSecurityModule } from '../modules/security.js';
import { createHttpModule } from '../modules/http.js';
import { createSqlModule } from '../modules/sql.js';
import { createLlmModule } from '../modules/llm.js';
import { llmServiceOf } from '../llm/runtime-service.js';
import { createAgentModule } from '../modules/agent.js';
import { createHttpClientModule } from '../modules/http_client.js';
import { createWebsocketModule } from '../modules/websocket.js';
import { createStoreModule } from '../modules/store.js';
import { createQueueModule } from '../modules/queue.js';
import { createFsModule } from '../modules/fs.js';
import { createMigrationModule } from '../sql/migration/module.js';
import { createPromptModule } from '../llm/prompt.js';
import { createMetricsModule } from '../modules/metrics.js';
import { processCollector } from '../metrics/collector.js';
import { createContractModule } from '../modules/contract.js';
import { createTemplatesModule } from '../modules/templates.js';
import { createCryptoModule } from '../modules/crypto.js';
import { createTextModule } from '../modules/text.js';
import { guardSystemModule } from '../security/system-guard.js';

type Factory = (rt: Runtime) => LuaValue;

const SHARED: Record<string, Factory> = {
  logger: (rt) => createLoggerModule(rt.log, rt.node),
  funcs: (rt) => createFuncsModule({ node: rt.node, callFunction: (c, id, a, d) => rt.callFunction(c, id, a, d) }),
  time: (rt) => createTimeModule(rt.node),
  json: () => createJsonModule(),
  base64: () => createBase64Module(),
  hash: () => createHashModule(),
  uuid: () => createUuidModule(),
  env: (rt) => createEnvModule(() => rt.env, rt.node),
  system: (rt) => guardSystemModule(createSystemModule(rt), rt.node),
  ctx: (rt) => createCtxModule(rt.node),
  events: (rt) => createEventsModule(rt.node, rt.events),
  security: (rt) => createSecurityModule(rt.node),
  http: (rt) => createHttpModule(rt.node),
  sql: (rt) => createSqlModule(rt),
  llm: (rt) => createLlmModule({ node: rt.node, service: llmServiceOf(rt), cards: rt.entries }),
  agent: (rt) => createAgentModule(rt),
  http_client: (rt) => createHttpClientModule(rt.node),
  websocket: (rt) => createWebsocketModule(rt.node),
  store: (rt) => createStoreModule(rt),
  queue: (rt) => createQueueModule(rt),
  fs: (rt) => createFsModule(rt),
  migration: (rt) => createMigrationModule(rt, rt.modules.get('sql', undefined as never)),
  prompt: () => createPromptModule(),
  metrics: () => createMetricsModule(() => processCollector),
  crypto: () => createCryptoModule(),
  text: () => createTextModule(),
  // `require("channel")` is the global itself (agents.md §10.3): one table, so identity checks agree
  channel: (rt) => rt.base.get('channel'),
  contract: (rt) => createContractModule({ node: rt.node, entries: rt.entries, callFunction: (c, id, a, d) => rt.callFunction(c, id, a, d) }),
  templates: (rt) => createTemplatesModule(rt),
};

export class ModuleSet {
  private shared = new Map<string, LuaValue>();
  /** extra modules installed by kinds and services (registry, env, events, http, ...) */
  private extra = new Map<string, Factory>();

  constructor(private rt: Runtime) {}

  define(name: string, f: Factory): void {
    this.extra.set(name, f);
    this.shared.delete(name);
  }

  names(): string[] {
    return [...new Set([...Object.keys(SHARED), ...this.extra.keys(), 'io'])];
  }

  get(name: string, p: Process): LuaValue {
    if (name === 'io') {
      const term = p.ctx.terminal as Terminal | undefined;
      return term === undefined ? undefined : createIoModule(term);
    }
    let v = this.shared.get(name);
    if (v !== undefined) return v;
    const f = this.extra.get(name) ?? SHARED[name];
    if (f === undefined) return undefined;
    v = f(this.rt);
    this.shared.set(name, v);
    return v;
  }
}
