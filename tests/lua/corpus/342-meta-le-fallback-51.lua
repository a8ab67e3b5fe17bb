local L = {__lt = function(a, b) return a.v < b.v end}
local a = setmetatable({v = 1}, L)
local b = setmetatable({v = 2}, L)
print(a <= b, b <= a, a <= a, a >= b)
