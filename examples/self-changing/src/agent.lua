-- An "agent" that changes the app it runs in: it asks the model for code, writes it into the
-- registry as a function.lua entry, calls it, replaces it, and rolls it back. Every change is
-- a registry version; with registry.history_type: sqlite they survive restarts.

local TOOL = "app.generated:greet"

-- create the tool, or update it when an earlier run already made it
local function write_tool(revision)
  local source = funcs.call("app:llm", { task = "greet tool", revision = revision })
  local entry = {
    id = TOOL,
    kind = "function.lua",
    meta = { type = "tool", revision = revision, generated_by = "app:llm" },
    data = { source = source, method = "handler" },
  }
  local changes = registry.snapshot():changes()
  if registry.get(TOOL) then changes:update(entry) else changes:create(entry) end
  return changes:apply()
end

local function call_tool()
  local result, err = funcs.call(TOOL, "world")
  return tostring(err or result)
end

local function main()
  local earlier = registry.get(TOOL)
  if earlier then
    io.print(string.format("found %s from an earlier run (revision %s): %s", TOOL, tostring(earlier.meta.revision), call_tool()))
  end

  local v1, err = write_tool(1)
  if err then io.print("apply failed: " .. tostring(err)) return 1 end
  io.print(string.format("revision 1 is version %s: %s", v1:string(), call_tool()))

  local v2, err2 = write_tool(2)
  if err2 then io.print("apply failed: " .. tostring(err2)) return 1 end
  io.print(string.format("revision 2 is version %s: %s", v2:string(), call_tool()))
  io.print("  and again: " .. call_tool())

  local v3, err3 = write_tool(3)
  io.print(string.format("revision 3 rejected (%s): %s", tostring(v3 == nil), tostring(err3):match("^[^\n]*")))
  io.print("  still serving revision 2: " .. call_tool())

  local ok, rerr = registry.apply_version(v1)
  if not ok then io.print("rollback failed: " .. tostring(rerr)) return 1 end
  io.print(string.format("rolled back to version %s (now version %s): %s", v1:string(), registry.current_version():string(), call_tool()))

  io.print("history:")
  local history = registry.history()
  for _, v in ipairs(history:versions()) do
    local info = history:info(v)
    local line = "  " .. v:string() .. " " .. info.origin
    if info.actor.entry then line = line .. " by " .. info.actor.entry end
    for i, c in ipairs(info.changes) do line = line .. (i == 1 and ": " or ", ") .. c.op .. " " .. c.id end
    io.print(line)
  end
  return 0
end

return { main = main }
