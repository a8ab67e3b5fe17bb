print(select("#", ...))
local a, b = ...
print(a, b)
local t = {...}
print(#t)
local function f(...) return select("#", ...) end
print(f(...), f(..., nil))
