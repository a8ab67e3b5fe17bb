local mt = {__lt = function(a, b) return true end}
local t = setmetatable({}, mt)
print(pcall(function() return t < t end))
print(pcall(function() return 1 < 2 end))
local ok = pcall(function() return {} < {} end)
print(ok)
