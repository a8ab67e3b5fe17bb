-- golden: lua5.4
print(pcall(function() error(setmetatable({}, {__tostring = function() return "custom error" end})) end))
local ok, e = pcall(function() error(setmetatable({}, {__tostring = function() return "custom error" end})) end)
print(ok, tostring(e))
print(pcall(function() error(12) end))
print(pcall(function() error(12, 2) end))
