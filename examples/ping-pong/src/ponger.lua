local function main()
  process.registry.register("ponger")
  local inbox = process.inbox()
  local events = process.events()
  logger:info("ponger ready", { pid = process.pid() })
  while true do
    local r = channel.select { inbox:case_receive(), events:case_receive() }
    if r.channel == events then
      if r.value.kind == process.event.CANCEL then return 0 end
    else
      local msg = r.value
      local n = msg:payload():data().n
      process.send(msg:from(), "pong", { n = n })
    end
  end
end

return { main = main }
