local function fact(n) return n <= 1 and 1 or n * fact(n - 1) end
print(fact(10))
local g = function(n) return n end
local g = function(n) if n <= 0 then return "base" end return g(n - 1) end
print(g(3))
local ok, e = pcall(function()
  local h = function(n) if n == 0 then return 0 end return h(n - 1) end
  return h(2)
end)
print(ok, (tostring(e):find("attempt to call", 1, true)) ~= nil)
local even, odd
function even(n) if n == 0 then return true end return odd(n - 1) end
function odd(n) if n == 0 then return false end return even(n - 1) end
print(even(10), odd(7), even(7))
