-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function getnil() return nil end
try(function() return 1 < getnil() end)
try(function() return getnil() < 1 end)
try(function() return 1 < "2" end)
try(function() return "a" >= 1 end)
try(function() return {} < {} end)
try(function() return {} <= 1 end)
try(function() return true < false end)
try(function() return print > print end)
try(function() return nil >= nil end)
