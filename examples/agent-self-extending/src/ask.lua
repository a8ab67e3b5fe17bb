-- Each argument is a question for the toolsmith agent, asked in its own run. The run
-- happens in a session process started under the agent's actor and scope, so what the
-- agent writes to the registry is judged by the toolsmith policies, not by the app's rights.
local function main(...)
  local actor = security.new_actor("agent:toolsmith", { role = "agent" })
  local scope, err = security.named_scope("app:toolsmith")
  if not scope then
    io.print("error: " .. tostring(err))
    return 1
  end
  io.print("registry version " .. registry.current_version():id())
  for _, question in ipairs({ ... }) do
    local _, e = process.with_context({}):with_actor(actor):with_scope(scope)
      :exec("app:session", "app:terminal", question)
    if e then
      io.print("error: " .. tostring(e))
      return 1
    end
  end
  io.print("registry version " .. registry.current_version():id())
  return 0
end

return { main = main }
