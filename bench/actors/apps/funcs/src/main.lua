-- CALLS synchronous funcs.call("app:inc", i): each runs app:inc in its own short-lived process
-- (arguments and result copied) while the caller waits. Also, as a floor, the same function
-- called as a plain local Lua function in the same process.
-- Prints funcs_call_us and local_call_us (wall time per call; the floor loop runs 100x as many
-- calls, to be measurable) and funcs_call_cpu_us (CPU time of the Node process, os.clock()).

local function now() return time.now():unix_nano() end

local function inc(n) return n + 1 end

local function calls(k)
  local sum = 0
  for i = 1, k do
    local r, err = funcs.call("app:inc", i)
    if err then error(err) end
    sum = sum + r
  end
  return sum
end

local function local_calls(k)
  local sum = 0
  for i = 1, k do sum = sum + inc(i) end
  return sum
end

local function main(k)
  k = tonumber(k) or 10000
  calls(k) -- warm-up: as many calls as measured, so the JIT has settled
  local c0, t0 = os.clock(), now()
  local s1 = calls(k)
  local t1, c1 = now(), os.clock()
  local_calls(k * 100)
  local t2 = now()
  local_calls(k * 100)
  local t3 = now()
  if s1 ~= local_calls(k) then error("checksum " .. s1 .. " ~= " .. local_calls(k)) end
  io.print(string.format("metric funcs_call_us %.4f us", (t1 - t0) / 1e3 / k))
  io.print(string.format("metric local_call_us %.5f us", (t3 - t2) / 1e3 / (k * 100)))
  io.print(string.format("metric funcs_call_cpu_us %.4f us", (c1 - c0) * 1e6 / k))
  return 0
end

return { main = main }
