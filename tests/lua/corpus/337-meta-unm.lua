local mt = {__unm = function(a) return "negated " .. a.v end}
local t = setmetatable({v = 5}, mt)
print(-t)
print(- -setmetatable({v = 1}, {__unm = function(a) return setmetatable({v = a.v * 10}, mt) end}))
