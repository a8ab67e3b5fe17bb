local function eqfn(a, b) return a.k == b.k end
local m1 = {__eq = eqfn}
local m2 = {__eq = eqfn}
local a = setmetatable({k = 1}, m1)
local b = setmetatable({k = 1}, m2)
local c = setmetatable({k = 2}, m1)
print(a == b, a == c, b ~= c)
