local mt = {__metatable = "protected", __index = {hidden = "value"}}
local t = setmetatable({}, mt)
print(getmetatable(t), t.hidden)
print(pcall(setmetatable, t, nil))
print(pcall(setmetatable, t, {}))
print(getmetatable("").__metatable)
local mt2 = {}
mt2.__metatable = mt2
local u = setmetatable({}, mt2)
print(getmetatable(u) == mt2)
