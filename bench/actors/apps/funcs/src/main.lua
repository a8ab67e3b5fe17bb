-- CALLS synchronous funcs.call("app:inc", i): each runs app:inc in its own short-lived process
-- (arguments and result copied) while the caller waits. Also, as a floor, the same function
-- called as a plain local Lua function in the same process.
-- Prints funcs_call_us and local_call_us (wall time per call).

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
  calls(math.min(k, 2000)) -- warm-up
  local t0 = now()
  local s1 = calls(k)
  local t1 = now()
  local_calls(k)
  local t2 = now()
  local s2 = local_calls(k)
  local t3 = now()
  if s1 ~= s2 then error("checksum " .. s1 .. " ~= " .. s2) end
  io.print(string.format("metric funcs_call_us %.4f us", (t1 - t0) / 1e3 / k))
  io.print(string.format("metric local_call_us %.4f us", (t3 - t2) / 1e3 / k))
  return 0
end

return { main = main }
