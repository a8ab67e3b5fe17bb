-- golden: lua5.4
print(pcall(function() return 2.5 | 1 end))
print(pcall(function() return 1 & 1.5 end))
local function tbl() return {} end
print(pcall(function() return tbl() | 1 end))
print(pcall(function() return ~2^80 end))
print(pcall(function() return 1 << {} end))
