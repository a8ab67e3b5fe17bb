local t = {}
rawset(t, 1, "a")
rawset(t, 2.0, "b")
print(rawget(t, 1.0), rawget(t, 2), #t)
rawset(t, "1", "string one")
print(rawget(t, 1), rawget(t, "1"))
local p = setmetatable({}, {__index = function() return "meta" end, __newindex = function() end})
rawset(p, "k", "v")
p.j = "ignored"
print(p.k, p.j, rawget(p, "j"))
