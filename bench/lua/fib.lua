-- Recursive Fibonacci: function-call overhead, integer-valued arithmetic, comparisons.
-- fib(32) computed 5 times (about 35 million calls).
local function fib(n)
  if n < 2 then return n end
  return fib(n - 1) + fib(n - 2)
end

local t0 = os.clock()
local r = 0
for i = 1, 5 do r = r + fib(32) end
local elapsed = os.clock() - t0

print(string.format("checksum %.0f", r))
print(string.format("time %.6f", elapsed))
