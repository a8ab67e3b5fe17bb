-- Spawn N idle processes, twice:
--   spawn_call:  the N process.spawn calls only (the children have not run yet: the loop is
--                never preempted before 10^6 back-edges, so they start after it)
--   spawn_ready: spawn N children that each send "up" to the parent once running and parked
--                on their inbox; timed until the parent has received all N acks
-- Prints `metric <name> <value> <unit>` lines. Wall time from time.now():unix_nano().

local function now() return time.now():unix_nano() end

local function stop_all(pids, n)
  for i = 1, n do process.send(pids[i], "stop") end
  -- the stopped children were queued before us: after one sleep every one has run and exited
  time.sleep("1ms")
end

local function spawn_call(n)
  local pids = {}
  local t0 = now()
  for i = 1, n do pids[i] = process.spawn("app:idle", "app:processes") end
  local t1 = now()
  time.sleep("1ms") -- let them start and park
  stop_all(pids, n)
  return (t1 - t0) / 1e3 / n
end

local function spawn_ready(n, inbox, me)
  local pids = {}
  local t0 = now()
  for i = 1, n do pids[i] = process.spawn("app:idle", "app:processes", me) end
  for _ = 1, n do inbox:receive() end
  local t1 = now()
  stop_all(pids, n)
  return (t1 - t0) / 1e3 / n
end

local function main(n)
  n = tonumber(n) or 10000
  local me = process.pid()
  local inbox = process.inbox()
  local warm = math.min(n, 2000)
  spawn_call(warm)
  spawn_ready(warm, inbox, me)
  io.print(string.format("metric spawn_call_us %.4f us", spawn_call(n)))
  io.print(string.format("metric spawn_ready_us %.4f us", spawn_ready(n, inbox, me)))
  return 0
end

return { main = main }
