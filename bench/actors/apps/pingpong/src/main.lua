-- ROUNDS round trips: send "ping" n to the echo process, wait for "pong" n.
-- Prints `metric roundtrip_us <value> us` (wall time per round trip) and roundtrip_cpu_us
-- (CPU time of the Node process, os.clock()).

local function now() return time.now():unix_nano() end

local function rounds(echo, inbox, k)
  for i = 1, k do
    process.send(echo, "ping", i)
    local v = inbox:receive():payload():data()
    if v ~= i then error("pong " .. tostring(v) .. " for ping " .. i) end
  end
end

local function main(k)
  k = tonumber(k) or 100000
  local echo = process.spawn("app:echo", "app:processes")
  local inbox = process.inbox()
  rounds(echo, inbox, math.min(k, 20000)) -- warm-up
  local c0, t0 = os.clock(), now()
  rounds(echo, inbox, k)
  local t1, c1 = now(), os.clock()
  process.send(echo, "stop")
  io.print(string.format("metric roundtrip_us %.4f us", (t1 - t0) / 1e3 / k))
  io.print(string.format("metric roundtrip_cpu_us %.4f us", (c1 - c0) * 1e6 / k))
  return 0
end

return { main = main }
