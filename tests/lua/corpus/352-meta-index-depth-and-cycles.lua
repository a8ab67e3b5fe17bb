local t = setmetatable({}, {__index = function(t, k) return k end})
print(t.abc, t[1])
local a = {}
local b = setmetatable({}, {__index = a})
setmetatable(a, {__index = function() return "from a's index fn" end})
print(b.zzz)
