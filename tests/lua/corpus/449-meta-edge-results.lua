local mt = {
  __lt = function() return 1 end,
  __le = function() return nil end,
  __index = function(t, k) return "first", "second" end,
  __call = function(self, ...) return "a", "b", select("#", ...) end,
  __concat = function(a, b) return 42 end,
  __unm = function(a, b) return select("#", a, b) .. ":" .. tostring(rawequal(a, b)) end,
}
local x, y = setmetatable({}, mt), setmetatable({}, mt)
print(x < y, x <= y, x > y, x >= y)
print(x.anything, select("#", x.anything))
print(x(1, nil, 3))
print(x .. "s", type(x .. "s"))
print(-x)
local t = {x.k}
print(#t)
