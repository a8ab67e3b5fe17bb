// The `prompt` module: the framework's prompt builder (agents.md §2.8) as a built-in, so Lua
// code can build conversations for `llm.generate` / `agent.run` without the framework
// package. A builder is a table with a `messages` list (universal message format) and
// chainable methods; consecutive text of the same role merges into one message
// ("\n\n" between texts), as the reference builder does.

import { LuaTable } from '../lua/runtime/table.js';
import type { LuaValue } from '../lua/runtime/types.js';
import { tostring } from '../lua/runtime/ops.js';
import { rtError } from '../lua/runtime/errors.js';
import { makeLib } from '../lua/lib/args.js';
import { copyValue } from '../kernel/copy.js';
import { encodeJson } from '../modules/json.js';

const ROLE = { SYSTEM: 'system', USER: 'user', ASSISTANT: 'assistant', DEVELOPER: 'developer',
               FUNCTION_CALL: 'function_call', FUNCTION_RESULT: 'function_result', CACHE_MARKER: 'cache_marker' };
const MERGEABLE = new Set([ROLE.SYSTEM, ROLE.USER, ROLE.ASSISTANT, ROLE.DEVELOPER]);

function table(fields: Record<string, LuaValue>): LuaTable {
  const t = new LuaTable();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) t.setStr(k, v);
  return t;
}

const text = (s: LuaValue) => table({ type: 'text', text: typeof s === 'string' ? s : tostring(s) });

function messagesOf(self: LuaValue): LuaTable {
  const m = self instanceof LuaTable ? self.getStr('messages') : undefined;
  if (!(m instanceof LuaTable)) return rtError('prompt builder methods are called with a colon: builder:add_user(...)');
  return m;
}

export function createPromptModule(): LuaTable {
  const methods = new LuaTable();
  // shared by every builder of the runtime: read-only, so no process can change another's
  const meta = table({ __index: methods, __name: 'PromptBuilder' });
  meta.frozen = true;

  const builder = (messages?: LuaTable): LuaTable => {
    const b = table({ messages: messages ?? new LuaTable() });
    b.mt = meta;
    return b;
  };

  const addMessage = (self: LuaValue, role: LuaValue, parts: LuaValue, name?: LuaValue, metadata?: LuaValue): LuaValue => {
    const list = messagesOf(self);
    if (typeof role !== 'string' || !(parts instanceof LuaTable) || parts.length() === 0) return self;
    const last = list.get(list.length()) as LuaTable | undefined;
    if (last instanceof LuaTable && MERGEABLE.has(role) && last.getStr('role') === role &&
        (name === undefined || name === last.getStr('name')) && last.getStr('content') instanceof LuaTable) {
      const content = last.getStr('content') as LuaTable;
      for (let i = 1; i <= parts.length(); i++) {
        const part = parts.get(i);
        const prev = content.get(content.length());
        if (part instanceof LuaTable && part.getStr('type') === 'text' && prev instanceof LuaTable && prev.getStr('type') === 'text') {
          prev.setStr('text', `${tostring(prev.getStr('text'))}\n\n${tostring(part.getStr('text'))}`);
        } else {
          content.set(content.length() + 1, part);
        }
      }
      return self;
    }
    list.set(list.length() + 1, table({ role, content: parts, name, metadata }));
    return self;
  };

  const addText = (role: string) => (self: LuaValue, content: LuaValue, metadata?: LuaValue) =>
    content === undefined ? self : addMessage(self, role, new LuaTable([text(content)]), undefined, metadata);

  const fns: Record<string, (...a: LuaValue[]) => LuaValue> = {
    add_message: addMessage,
    add_system: addText(ROLE.SYSTEM),
    add_user: addText(ROLE.USER),
    add_assistant: addText(ROLE.ASSISTANT),
    add_developer: addText(ROLE.DEVELOPER),
    add_function_call: (self, name, args, id, options) => {
      const list = messagesOf(self);
      if (name === undefined || args === undefined) return self;
      const call = table({ name, arguments: args, id });
      const pm = options instanceof LuaTable ? options.getStr('provider_metadata') : undefined;
      if (pm !== undefined) call.setStr('provider_metadata', pm);
      list.set(list.length() + 1, table({ role: ROLE.FUNCTION_CALL, content: new LuaTable(), function_call: call }));
      return self;
    },
    add_function_result: (self, name, content, id) => {
      const list = messagesOf(self);
      if (name === undefined || content === undefined) return self;
      let body = content;
      if (content instanceof LuaTable) {
        const s = encodeJson(content);
        body = typeof s === 'string' ? s : tostring(content);
      }
      list.set(list.length() + 1, table({ role: ROLE.FUNCTION_RESULT, name, content: new LuaTable([text(body)]), function_call_id: id }));
      return self;
    },
    add_cache_marker: (self, id) => {
      const list = messagesOf(self);
      list.set(list.length() + 1, table({ role: ROLE.CACHE_MARKER, marker_id: id }));
      return self;
    },
    get_messages: (self) => new LuaTable([...messagesOf(self).arr]),
    build: (self) => table({ messages: new LuaTable([...messagesOf(self).arr]) }),
    clone: (self) => builder(copyValue(messagesOf(self)) as LuaTable),
    clear: (self) => {
      (self as LuaTable).setStr('messages', new LuaTable());
      return self;
    },
  };
  for (const [k, f] of Object.entries(fns)) methods.setStr(k, f);
  methods.frozen = true;

  const constants = (o: Record<string, string>) => {
    const t = table(o);
    t.frozen = true;
    return t;
  };
  const mod = makeLib({
    new: (messages: LuaValue) => builder(messages instanceof LuaTable ? copyValue(messages) as LuaTable : undefined),
    with_system: (s: LuaValue) => addText(ROLE.SYSTEM)(builder(), s),
    text,
    image: (url: LuaValue, mime: LuaValue) => table({ type: 'image', source: table({ type: 'url', url, mime_type: mime }) }),
    image_base64: (mime: LuaValue, data: LuaValue) => table({ type: 'image', source: table({ type: 'base64', mime_type: mime, data }) }),
    document_base64: (mime: LuaValue, data: LuaValue) => table({ type: 'document', source: table({ type: 'base64', mime_type: mime, data }) }),
    ROLE: constants(ROLE),
    CONTENT_TYPE: constants({ TEXT: 'text', IMAGE: 'image', DOCUMENT: 'document' }),
  });
  mod.frozen = true;
  return mod;
}
