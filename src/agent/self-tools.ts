// The self-extension toolset (agents.md §11.2, issue #7): built-in tools in namespace
// `wippy.agent.self` that let an agent read the registry, write a `function.lua` tool (code +
// input schema), test-call it and add it to its own tools or another agent's. The tools are
// Lua function entries that use the `registry` and `funcs` modules, so every change they make
// goes through the same path as Lua code: the caller's actor and scope are checked by the
// registry write guard (PERMISSION_DENIED, audit log), every apply is a versioned change that
// `registry.apply_version` can roll back, and inline source is compiled at apply time.
//
// The entries join an app only when one of its entries names the namespace (an agent's
// `tools: ["wippy.agent.self:*"]`, a trait, ...), so other apps' registries are unchanged.
// An app that declares the namespace itself keeps its own entries.

import { makeEntry, type Entry } from '../registry/entry.js';

export const SELF_TOOLS_NS = 'wippy.agent.self';

// Errors become `error(...)` so they reach the model as the tool call's error; a refused
// registry write starts with the error kind, e.g. "PERMISSION_DENIED: ...".
const COMMON = `
local function fail(what, err)
  local ok, kind = pcall(function() return err:kind() end)
  if not ok then kind = nil end
  local names = { PermissionDenied = "PERMISSION_DENIED", Conflict = "CONFLICT", Invalid = "INVALID", NotFound = "NOT_FOUND" }
  error((names[kind] or kind or "ERROR") .. ": " .. what .. ": " .. tostring(err), 0)
end

-- Without an actor the registry guard has nobody to judge (strict mode off allows all), so
-- the toolset would change anything the app could: refuse instead; an agent that may extend
-- itself runs under an actor and a scope that say how far.
local function require_identity(what)
  if security.actor() == nil then
    error("PERMISSION_DENIED: " .. what .. ": the agent runs without an actor; start it under an actor and a scope "
      .. "whose policies allow the change", 0)
  end
end

local function apply(what, build)
  local changes = registry.snapshot():changes()
  build(changes)
  local v, err = changes:apply()
  if err then fail(what, err) end
  return registry.current_version():id()
end
`;

interface ToolDef {
  name: string;
  description: string;
  schema: Record<string, unknown>;
  modules: string[];
  body: string;
}

const str = (description: string) => ({ type: 'string', description });

const TOOLS: ToolDef[] = [
  {
    name: 'registry_find',
    description: 'List registry entries: filter by namespace, kind or meta.type. Returns id, kind, type and description of each.',
    schema: { type: 'object', properties: { namespace: str('only entries of this namespace'), kind: str('e.g. function.lua'),
      type: str('meta.type, e.g. tool or agent.gen1') } },
    modules: ['registry'],
    body: `
local function main(args)
  local out = {}
  for _, e in ipairs(registry.find({}) or {}) do
    local ns = e.id:match("^(.*):") or ""
    if (not args.namespace or ns == args.namespace) and (not args.kind or e.kind == args.kind)
       and (not args.type or e.meta.type == args.type) then
      table.insert(out, { id = e.id, kind = e.kind, type = e.meta.type,
                          description = e.meta.llm_description or e.meta.description or e.meta.comment })
    end
  end
  table.sort(out, function(a, b) return a.id < b.id end)
  return { entries = out, version = registry.current_version():id() }
end`,
  },
  {
    name: 'registry_read',
    description: 'Read one registry entry by id: kind, meta and data (for a function.lua written inline, data.source is its code).',
    schema: { type: 'object', properties: { id: str('namespace:name') }, required: ['id'] },
    modules: ['registry'],
    body: `
local function main(args)
  local e, err = registry.get(args.id)
  if not e then fail("read " .. tostring(args.id), err) end
  return { id = e.id, kind = e.kind, meta = e.meta, data = e.data }
end`,
  },
  {
    name: 'write_tool',
    description: 'Create or update a tool: a function.lua entry with inline Lua source whose module returns a table with '
      + 'the method (default "handler") taking the decoded arguments table. The source is compiled when the change is applied; '
      + 'a syntax error is returned and nothing changes.',
    schema: { type: 'object', properties: {
      id: str('namespace:name of the tool entry, in a namespace you may write'),
      description: str('what the tool does, as the model will read it'),
      source: str('Lua source, e.g. return { handler = function(args) return { sum = args.a + args.b } end }'),
      input_schema: { type: 'object', description: 'JSON Schema of the arguments (type object, properties)' },
      modules: { type: 'array', items: { type: 'string' }, description: 'modules the code may require (e.g. json, time)' },
      method: str('the exported function to call (default handler)'),
    }, required: ['id', 'description', 'source', 'input_schema'] },
    modules: ['registry', 'json', 'security'],
    body: `
local function main(args)
  if type(args.id) ~= "string" or not args.id:find(":") then error("INVALID: write_tool: id must be namespace:name", 0) end
  if type(args.source) ~= "string" or #args.source > 16000 then error("INVALID: write_tool: source must be text of at most 16000 characters", 0) end
  local schema = args.input_schema
  if type(schema) == "string" then
    local decoded, err = json.decode(schema)
    if decoded == nil then error("INVALID: write_tool: input_schema is not JSON: " .. tostring(err), 0) end
    schema = decoded
  end
  if type(schema) ~= "table" then error("INVALID: write_tool: input_schema must be a JSON Schema object", 0) end
  local entry = {
    id = args.id, kind = "function.lua",
    meta = { type = "tool", llm_description = args.description, input_schema = json.encode(schema) },
    data = { source = args.source, method = args.method or "handler", modules = args.modules or {} },
  }
  require_identity("write_tool")
  local existing = registry.get(args.id)
  local op = existing and "update" or "create"
  local version = apply(op .. " " .. args.id, function(c) c[op](c, entry) end)
  return { id = args.id, op = op, version = version }
end`,
  },
  {
    name: 'test_tool',
    description: 'Call a function entry with arguments and return its result or error, to check a tool before attaching it.',
    schema: { type: 'object', properties: { id: str('namespace:name of the function'),
      arguments: { type: 'object', description: 'the arguments table passed to the function' } }, required: ['id'] },
    modules: ['funcs'],
    body: `
local function main(args)
  local r, err = funcs.call(args.id, args.arguments or {})
  if err then return { ok = false, error = tostring(err) } end
  return { ok = true, result = r }
end`,
  },
  {
    name: 'attach_tool',
    description: "Add a tool to an agent's tools (default: the calling agent), so the agent's next step can call it.",
    schema: { type: 'object', properties: { tool_id: str('namespace:name of the tool entry'),
      agent_id: str('the agent entry to change; default the calling agent') }, required: ['tool_id'] },
    modules: ['registry', 'ctx', 'security'],
    body: `
local function main(args)
  require_identity("attach_tool")
  local agent_id = args.agent_id or ctx.get("agent_id")
  if type(agent_id) ~= "string" then error("INVALID: attach_tool: no agent_id given and none in the context", 0) end
  local tool, terr = registry.get(args.tool_id or "")
  if not tool then fail("attach_tool: tool " .. tostring(args.tool_id), terr) end
  if tool.meta.type ~= "tool" then error("INVALID: attach_tool: " .. tool.id .. " is not a tool (meta.type: tool)", 0) end
  local agent, aerr = registry.get(agent_id)
  if not agent then fail("attach_tool: agent " .. agent_id, aerr) end
  if agent.meta.type ~= "agent.gen1" then error("INVALID: attach_tool: " .. agent_id .. " is not an agent (meta.type: agent.gen1)", 0) end
  local tools = agent.data.tools or {}
  if type(tools) ~= "table" then tools = { tools } end
  for _, t in ipairs(tools) do
    if t == tool.id or (type(t) == "table" and t.id == tool.id) then
      return { agent_id = agent_id, tool_id = tool.id, attached = false, reason = "already attached" }
    end
  end
  table.insert(tools, tool.id)
  agent.data.tools = tools
  local version = apply("update " .. agent_id, function(c) c:update(agent) end)
  return { agent_id = agent_id, tool_id = tool.id, attached = true, version = version }
end`,
  },
];

function toolEntry(t: ToolDef): Entry {
  return makeEntry({
    id: `${SELF_TOOLS_NS}:${t.name}`, kind: 'function.lua',
    meta: { type: 'tool', llm_description: t.description, input_schema: JSON.stringify(t.schema),
            comment: 'built-in self-extension tool' },
    data: { modules: t.modules, method: 'main' },
    sourceText: `${COMMON}${t.body}\nreturn { main = main }\n`,
    sourceFile: `<built-in ${SELF_TOOLS_NS}:${t.name}>`,
  });
}

function mentions(v: unknown): boolean {
  if (typeof v === 'string') return v.startsWith(`${SELF_TOOLS_NS}:`);
  if (Array.isArray(v)) return v.some(mentions);
  if (v !== null && typeof v === 'object') return Object.values(v).some(mentions);
  return false;
}

/** The toolset's entries an app needs: none unless some entry names the namespace. */
export function selfExtensionTools(entries: readonly Entry[]): Entry[] {
  if (entries.some((e) => e.namespace === SELF_TOOLS_NS)) return [];
  if (!entries.some((e) => mentions(e.data))) return [];
  return TOOLS.map(toolEntry);
}

export const SELF_TOOL_NAMES = TOOLS.map((t) => t.name);
