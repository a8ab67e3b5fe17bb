// The agent system of a running app: its conversation store (`.wippy/agents.db`) and the
// bridge from tool calls to function entries (each call is a short-lived process, as with
// `funcs.call`, under the tool's context).

import { join } from 'node:path';
import type { Runtime } from '../system/runtime.js';
import type { Process } from '../kernel/process.js';
import { tostring } from '../lua/runtime/ops.js';
import { llmServiceOf } from '../llm/runtime-service.js';
import { toLua, toPlain } from '../llm/lua-bridge.js';
import { ConversationStore } from './store.js';
import type { AgentDeps } from './run.js';

const stores = new WeakMap<Runtime, ConversationStore>();

export function conversationStoreOf(rt: Runtime): ConversationStore {
  let s = stores.get(rt);
  if (s === undefined) {
    s = new ConversationStore(rt.root !== undefined ? join(rt.root, '.wippy', 'agents.db') : undefined);
    stores.set(rt, s);
  }
  return s;
}

/** Agent dependencies for a run started by `caller` (whose context tool calls inherit). */
export function agentDepsOf(rt: Runtime, caller: Process | undefined): AgentDeps {
  return {
    cards: rt.entries,
    llm: llmServiceOf(rt),
    store: conversationStoreOf(rt),
    registryVersion: () => (rt.entries as { version?: number }).version ?? 0,
    callFunction: (id, args, context) => new Promise((resolve) => {
      const saved = caller?.ctx.context;
      if (caller) caller.ctx.context = toLua(context);
      try {
        rt.callFunction(caller, id, args.map(toLua), (r) => {
          if (r.error !== undefined) resolve({ error: tostring(r.error) });
          else {
            try {
              resolve({ value: toPlain(r.value) });
            } catch (e) {
              resolve({ error: `${id} returned a value that is not data: ${(e as Error).message}` });
            }
          }
        });
      } finally {
        if (caller) caller.ctx.context = saved;
      }
    }),
  };
}
