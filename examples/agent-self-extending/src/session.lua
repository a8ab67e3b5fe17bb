-- One agent run: prints every tool call with its result (or error), then the answer.
local function main(question)
  local r, err = agent.run("app:toolsmith", question)
  if not r then
    io.print("error: " .. tostring(err))
    return
  end
  for _, c in ipairs(r.tool_calls) do
    io.print("  [" .. c.name .. "] " .. (c.error and ("error: " .. c.error) or json.encode(c.result)))
  end
  io.print(r.result)
end

return { main = main }
