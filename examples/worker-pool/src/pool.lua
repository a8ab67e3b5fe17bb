local function main(size, jobs)
  size, jobs = tonumber(size) or 4, tonumber(jobs) or 20
  local workers = {}
  for i = 1, size do
    workers[i] = process.spawn_monitored("app:worker", "app:processes", process.pid())
  end
  for n = 1, jobs do
    process.send(workers[(n - 1) % size + 1], "job", { n = n })
  end
  local inbox = process.inbox()
  local sum = 0
  for _ = 1, jobs do
    local data = inbox:receive():payload():data()
    sum = sum + data.result
  end
  for _, pid in ipairs(workers) do process.send(pid, "stop") end
  local events = process.events()
  for _ = 1, size do events:receive() end -- every worker exited
  io.print(string.format("%d jobs on %d workers: sum of squares = %d", jobs, size, sum))
  return 0
end

return { main = main }
