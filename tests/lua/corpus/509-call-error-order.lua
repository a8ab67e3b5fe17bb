-- golden: lua5.4
-- calling a non-function fails after the arguments are evaluated
local t = {}
print(pcall(function() t.x(nil + 1) end))
print(pcall(function() local a = {x = 13}; a.x(23 + a) end))
print(pcall(function() return t.x(1, 2) end))
print(pcall(function() t:m(error("arg first", 0)) end))
print(pcall(function() undefinedglobal(1) end))
local n = 0
print(pcall(function() t.y((function() n = n + 1 end)()) end), n)
print(coroutine.wrap(function() return pcall(function() t.x(nil .. "") end) end)())
