-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function getnil() return nil end
local function gettable() return {} end
try(function() return getnil() + 1 end)
try(function() return 1 - getnil() end)
try(function() return gettable() * 2 end)
try(function() return -gettable() end)
try(function() return getnil() ^ 2 end)
try(function() return 10 / gettable() end)
try(function() return 10 % getnil() end)
try(function() return true + 1 end)
try(function() return {} + 1 end)
