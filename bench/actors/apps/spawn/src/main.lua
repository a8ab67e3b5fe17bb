-- Spawn N idle processes, twice:
--   spawn_call:  the N process.spawn calls only (the children have not run yet: the loop is
--                never preempted before 10^6 back-edges, so they start after it)
--   spawn_ready: spawn N children that each send "up" to the parent once running and parked
--                on their inbox; timed until the parent has received all N acks
-- Prints `metric <name> <value> <unit>` lines: wall time from time.now():unix_nano(), and the
-- same spans in CPU time of the whole Node process (os.clock(): includes GC threads) as *_cpu_us.

local function now() return time.now():unix_nano() end
local cpu = os.clock

local function stop_all(pids, n)
  for i = 1, n do process.send(pids[i], "stop") end
  -- the stopped children were queued before us: after one sleep every one has run and exited
  time.sleep("1ms")
end

local function spawn_call(n)
  local pids = {}
  local c0, t0 = cpu(), now()
  for i = 1, n do pids[i] = process.spawn("app:idle", "app:processes") end
  local t1, c1 = now(), cpu()
  time.sleep("1ms") -- let them start and park
  stop_all(pids, n)
  return (t1 - t0) / 1e3 / n, (c1 - c0) * 1e6 / n
end

local function spawn_ready(n, inbox, me)
  local pids = {}
  local c0, t0 = cpu(), now()
  for i = 1, n do pids[i] = process.spawn("app:idle", "app:processes", me) end
  for _ = 1, n do inbox:receive() end
  local t1, c1 = now(), cpu()
  stop_all(pids, n)
  return (t1 - t0) / 1e3 / n, (c1 - c0) * 1e6 / n
end

local function main(n)
  n = tonumber(n) or 10000
  local me = process.pid()
  local inbox = process.inbox()
  local warm = math.min(n, 2000)
  spawn_call(warm)
  spawn_ready(warm, inbox, me)
  local call, call_cpu = spawn_call(n)
  local ready, ready_cpu = spawn_ready(n, inbox, me)
  io.print(string.format("metric spawn_call_us %.4f us", call))
  io.print(string.format("metric spawn_ready_us %.4f us", ready))
  io.print(string.format("metric spawn_call_cpu_us %.4f us", call_cpu))
  io.print(string.format("metric spawn_ready_cpu_us %.4f us", ready_cpu))
  return 0
end

return { main = main }
