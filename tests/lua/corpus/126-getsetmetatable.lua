local t = {}
local mt = {}
print(getmetatable(t))
print(setmetatable(t, mt) == t)
print(getmetatable(t) == mt)
print(setmetatable(t, nil) == t, getmetatable(t))
print(getmetatable("abc").__index == string)
print(getmetatable(1), getmetatable(nil), getmetatable(print), getmetatable(true))
print(pcall(function() return setmetatable(1, {}) end))
print((pcall(function() return setmetatable({}, 1) end)))
local p = setmetatable({}, {__metatable = "locked"})
print(getmetatable(p))
print(pcall(setmetatable, p, {}))
local p2 = setmetatable({}, {__metatable = false})
print(getmetatable(p2))
local inner = {}
local p3 = setmetatable({}, {__metatable = inner})
print(getmetatable(p3) == inner)
