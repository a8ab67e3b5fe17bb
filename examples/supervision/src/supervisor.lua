local function main()
  process.set_options({ trap_links = true })
  local events = process.events()
  local restarts = 0
  local workers = {}
  local function start(id)
    local pid = process.spawn_linked("app:worker", "app:processes", id, "20ms")
    workers[pid] = id
  end
  for id = 1, 3 do start(id) end
  while restarts < 6 do
    local ev = events:receive()
    if ev.kind == process.event.LINK_DOWN then
      local id = workers[ev.from]
      workers[ev.from] = nil
      restarts = restarts + 1
      io.print(string.format("worker %d went down (%s); restarting", id, tostring(ev.result.error)))
      start(id)
    end
  end
  io.print("restarted " .. restarts .. " workers")
  return 0
end

return { main = main }
