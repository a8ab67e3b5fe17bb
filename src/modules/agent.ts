// The `agent` module: run agents defined as registry entries (agents.md §3).
//
//   agent.run(agent_id, input, {conversation_id?, context?, model?, stream?})
//       -> {result, conversation_id, agent_id, steps, tokens, cost, tool_calls} | nil, err_string
//   agent.step(agent_id, messages, {context?, model?, stream?})
//       -> {result, tool_calls = [{id, name, arguments, registry_id?, agent_id?, context}], tokens, cost}
//       one model call; the caller runs the tools (a workflow does, as recorded activities)
//   agent.history(conversation_id) -> messages (universal format) of a stored conversation
//   agent.describe(agent_id)       -> {id, name, model, prompt, tools = {names}} | nil, err_string
//
// A run loops model call -> tool calls -> model call inside the calling process, suspending
// only its coroutine; the process that calls `run` is the agent's actor (see
// examples/agent-chat). `input` is a string or an array of messages.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaFunction, LuaGen, LuaValue } from '../lua/runtime/types.js';
import { yieldPlain } from '../lua/runtime/coroutine.js';
import { bytesToText } from '../lua/runtime/values.js';
import { makeLib } from '../lua/lib/args.js';
import type { Runtime } from '../system/runtime.js';
import { awaitPromise, messagesOf, toLua, toPlain } from '../llm/lua-bridge.js';
import { runAgent, stepAgent, type RunOptions } from '../agent/run.js';
import { compileAgent } from '../agent/spec.js';
import { agentDepsOf, conversationStoreOf } from '../agent/runtime-agents.js';
import { streamTarget } from './llm.js';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createAgentModule(rt: Runtime): LuaTable {
  const run: LuaFunction = () => yieldPlain();
  run.$g = function* (id: LuaValue, input: LuaValue, opts: LuaValue): LuaGen {
    try {
      if (typeof id !== 'string' || id === '') return [undefined, 'agent id required'];
      const o = (opts instanceof LuaTable ? toPlain(opts) : {}) as Record<string, any>;
      const messages = typeof input === 'string' ? bytesToText(input) : (yield* messagesOf(input)) as never;
      const options: RunOptions = {
        conversation_id: typeof o.conversation_id === 'string' ? o.conversation_id : undefined,
        context: o.context, model: o.model, onChunk: streamTarget(rt.node, o.stream),
      };
      const deps = agentDepsOf(rt, rt.node.current);
      const r = yield* awaitPromise((signal) => runAgent(deps, id, messages, { ...options, signal }));
      return toLua(r);
    } catch (e) {
      return [undefined, message(e)];
    }
  };
  run.$name = 'run';

  const step: LuaFunction = () => yieldPlain();
  step.$g = function* (id: LuaValue, input: LuaValue, opts: LuaValue): LuaGen {
    try {
      if (typeof id !== 'string' || id === '') return [undefined, 'agent id required'];
      const o = (opts instanceof LuaTable ? toPlain(opts) : {}) as Record<string, any>;
      const messages = (yield* messagesOf(input)) as never;
      const deps = agentDepsOf(rt, rt.node.current);
      const onChunk = streamTarget(rt.node, o.stream);
      const r = yield* awaitPromise((signal) => stepAgent(deps, id, messages, { context: o.context, model: o.model, onChunk, signal }));
      return toLua(r);
    } catch (e) {
      return [undefined, message(e)];
    }
  };
  step.$name = 'step';

  const mod = makeLib({
    run,
    step,
    history: (id: LuaValue) => {
      if (typeof id !== 'string') return [undefined, 'conversation id required'];
      return toLua(conversationStoreOf(rt).messages(id)) ?? new LuaTable();
    },
    describe: (id: LuaValue) => {
      try {
        const a = compileAgent(rt.entries, String(id));
        return toLua({ id: a.id, name: a.name, model: a.model, prompt: a.prompt, max_steps: a.max_steps,
                       tools: [...a.tools.keys()].sort() });
      } catch (e) {
        return [undefined, message(e)];
      }
    },
  });
  mod.frozen = true;
  return mod;
}
