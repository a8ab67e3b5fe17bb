local mt = {__eq = function(a, b) return a.id == b.id end}
local a = setmetatable({id = 1}, mt)
local b = setmetatable({id = 1}, mt)
local c = setmetatable({id = 2}, mt)
print(a == b, a == c, a ~= b, a ~= c, rawequal(a, b))
print(a == 1, a == "x", a == nil)
local calls = 0
local counting = {__eq = function() calls = calls + 1 return true end}
local p, q = setmetatable({}, counting), setmetatable({}, counting)
print(p == p, calls)
print(p == q, calls)
local r = setmetatable({}, {__eq = function() return "truthy" end})
local s = setmetatable({}, getmetatable(r))
print(r == s)
local t = {}
t[a] = "a"
print(t[b])
