-- A ring of N members (the main process + N-1 spawned nodes); the token goes round LAPS
-- times, N hops a lap. Prints `metric ring_hop_us <value> us` (wall time per hop) and the
-- set-up cost (spawning the ring and one first lap) as ring_setup_ms; ring_hop_cpu_us is the
-- hop in CPU time of the Node process (os.clock()).

local function now() return time.now():unix_nano() end

local function main(n, laps)
  n, laps = tonumber(n) or 1000, tonumber(laps) or 1000
  local inbox = process.inbox()
  local t0 = now()
  local first = process.pid()
  for _ = 1, n - 1 do first = process.spawn("app:node", "app:processes", first) end
  -- warm-up lap: every node starts and parks on its inbox
  process.send(first, "t", -1)
  inbox:receive()
  local c1, t1 = os.clock(), now()
  for lap = 1, laps do
    process.send(first, "t", lap)
    local v = inbox:receive():payload():data()
    if v ~= lap then error("token " .. tostring(v) .. " on lap " .. lap) end
  end
  local t2, c2 = now(), os.clock()
  process.send(first, "t", 0) -- ends every node
  inbox:receive()
  io.print(string.format("metric ring_setup_ms %.3f ms", (t1 - t0) / 1e6))
  io.print(string.format("metric ring_hop_us %.4f us", (t2 - t1) / 1e3 / (n * laps)))
  io.print(string.format("metric ring_hop_cpu_us %.4f us", (c2 - c1) * 1e6 / (n * laps)))
  return 0
end

return { main = main }
