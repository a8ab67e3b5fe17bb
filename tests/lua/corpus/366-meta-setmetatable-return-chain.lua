local mt = {__index = function() return "default" end}
local t = setmetatable({}, mt)
print(t.x, setmetatable(t, nil) == t, t.x)
local u = setmetatable(setmetatable({}, {__index = {a = 1}}), {__index = {b = 2}})
print(u.a, u.b)
