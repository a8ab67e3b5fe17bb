local mt = {}
mt.__add = function(a, b) return "add:" .. type(a) .. "," .. type(b) end
mt.__sub = function(a, b) return "sub:" .. type(a) .. "," .. type(b) end
mt.__mul = function(a, b) return "mul:" .. type(a) .. "," .. type(b) end
mt.__div = function(a, b) return "div:" .. type(a) .. "," .. type(b) end
mt.__mod = function(a, b) return "mod:" .. type(a) .. "," .. type(b) end
mt.__pow = function(a, b) return "pow:" .. type(a) .. "," .. type(b) end
local t = setmetatable({}, mt)
print(1 + t, 1 - t, 1 * t, 1 / t, 1 % t, 1 ^ t)
print(t + 1, "s" - t, t * "2")
