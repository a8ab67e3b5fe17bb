-- golden: lua5.4
-- __len, like __unm, receives the operand twice
local mt = {}
mt.__len = function(a, b) return select("#", a, b) .. ":" .. tostring(rawequal(a, b)) end
mt.__unm = function(a, b) return rawequal(a, b) end
local t = setmetatable({}, mt)
print(#t, -t)
