local function thrower() error("original") end
local ok, e = pcall(thrower)
print(ok, e)
local ok2, e2 = pcall(function() error(e) end)
print(ok2, e2)
local ok3, e3 = pcall(function() error(e, 0) end)
print(ok3, e3)
local ok4, e4 = pcall(function() error(e, 2) end)
print(ok4, e4)
