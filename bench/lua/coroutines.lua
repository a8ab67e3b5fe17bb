-- Coroutine switches: a producer/consumer loop with coroutine.resume / coroutine.yield,
-- the same with coroutine.wrap, a yield from three calls deep, and short-lived coroutines.
-- A "pair" is one resume plus the matching yield (two context switches).
local N = 2000000

local function producer(n)
  return coroutine.create(function()
    for i = 1, n do coroutine.yield(i) end
    return nil
  end)
end

local t0 = os.clock()
local s = 0

-- 1. resume / yield
local co = producer(N)
local resume = coroutine.resume
while true do
  local ok, v = resume(co)
  if v == nil then break end
  s = s + v
end
local t1 = os.clock()

-- 2. wrap
local gen = coroutine.wrap(function()
  for i = 1, N do coroutine.yield(i % 7) end
  return nil
end)
while true do
  local v = gen()
  if v == nil then break end
  s = s + v
end
local t2 = os.clock()

-- 3. yield from inside nested calls
local function leaf(i) return coroutine.yield(i) end
local function mid(i) local r = leaf(i); return r end
local function top(i) local r = mid(i); return r end
local deep = coroutine.wrap(function()
  local got = 0
  for i = 1, N / 4 do got = got + (top(i) or 0) end
  return nil
end)
for i = 1, N / 4 do s = s + deep(i % 3) end
local t3 = os.clock()

-- 4. many short-lived coroutines
for i = 1, N / 10 do
  local c = coroutine.create(function(a, b)
    local x = coroutine.yield(a + b)
    return x * 2
  end)
  local _, x = resume(c, i, 1)
  local _, y = resume(c, x)
  s = s + y
end
local t4 = os.clock()

print(string.format("checksum %.0f", s))
print(string.format("time %.6f", t4 - t0))
print(string.format("metric resume_yield_pair_ns %.1f", (t1 - t0) / N * 1e9))
print(string.format("metric wrap_pair_ns %.1f", (t2 - t1) / N * 1e9))
print(string.format("metric deep_yield_pair_ns %.1f", (t3 - t2) / (N / 4) * 1e9))
print(string.format("metric create_run_ns %.1f", (t4 - t3) / (N / 10) * 1e9))
