-- golden: lua5.4
print(pcall(error, 42))
print(pcall(function() error(42) end))
print(pcall(function() error(42, 2) end))
local t = {code = 7}
local ok, e = pcall(error, t)
print(ok, e == t, e.code)
print(pcall(error, nil))
print(pcall(error))
print(pcall(error, true))
print(pcall(function() error(3.5) end))
print(select("#", pcall(error)))
