local function f() return "outer" end
do
  local function f() return "inner" end
  print(f())
end
print(f())
local g = function() return 1 end
local g = function() return g() + 1 end
print(g())
local function rec(n) if n == 0 then return "base" end return rec(n - 1) end
print(rec(3))
local h
h = function(n) if n == 0 then return 0 end return n + h(n - 1) end
print(h(10))
local k = function(n) return n end
local saved = k
k = function(n) return saved(n) * 2 end
print(k(21))
