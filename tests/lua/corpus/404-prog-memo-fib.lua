local calls = 0
local function memoize(f)
  local cache = {}
  return function(n)
    local v = cache[n]
    if v == nil then v = f(n); cache[n] = v end
    return v
  end
end
local fib
fib = memoize(function(n)
  calls = calls + 1
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end)
print(fib(30), calls)
print(fib(60), calls)
print(fib(30), calls)
local function fib_iter(n) local a, b = 0, 1 for _ = 1, n do a, b = b, a + b end return a end
print(fib_iter(60) == fib(60), fib_iter(70) == fib(70), fib_iter(0), fib_iter(1), fib_iter(2))
