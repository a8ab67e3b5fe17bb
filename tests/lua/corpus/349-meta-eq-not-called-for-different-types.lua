local calls = 0
local mt = {__eq = function() calls = calls + 1 return true end}
local t = setmetatable({}, mt)
print(t == 1, t == "t", t == true, t == nil, calls)
print(t == t, calls)
print(1 == 1, calls)
