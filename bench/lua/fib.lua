-- Recursive Fibonacci: function-call overhead, integer-valued arithmetic, comparisons.
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local t0 = os.clock()
local r = fib(32)
local t = os.clock() - t0

print(string.format("checksum %.0f", r))
print(string.format("time %.6f", t))
