-- Closures: creating many closures, calling them, shared and private upvalue updates,
-- higher-order functions (map / filter / reduce with function arguments).
local function counter(start)
  local c = start
  return function(d) c = c + d; return c end
end

local function pair()
  local shared = 0
  local function inc(d) shared = shared + d end
  local function get() return shared end
  return inc, get
end

local function map(t, f) local r = {}; for i = 1, #t do r[i] = f(t[i]) end; return r end
local function filter(t, f) local r = {}; for i = 1, #t do if f(t[i]) then r[#r + 1] = t[i] end end; return r end
local function reduce(t, f, acc) for i = 1, #t do acc = f(acc, t[i]) end; return acc end

local N = 2000000
local t0 = os.clock()
local s = 0

-- create and call: a fresh closure per iteration
for i = 1, N do
  local f = counter(i % 13)
  f(1)
  s = s + f(2)
end

-- a pool of long-lived closures, called many times
local pool = {}
for i = 1, 100 do pool[i] = counter(i) end
for i = 1, N * 2 do
  s = s + pool[i % 100 + 1](1) % 7
end

-- two closures sharing one upvalue
local inc, get = pair()
for i = 1, N do inc(i % 3) end
s = s + get()

-- higher-order functions with inline lambdas
local data = {}
for i = 1, 1000 do data[i] = i end
for r = 1, 100 do
  local k = r % 5
  local m = map(data, function(x) return x * 2 + k end)
  local f = filter(m, function(x) return x % 3 == 0 end)
  s = s + reduce(f, function(a, b) return a + b end, 0)
end

local elapsed = os.clock() - t0
print(string.format("checksum %.0f", s))
print(string.format("time %.6f", elapsed))
