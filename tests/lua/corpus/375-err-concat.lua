-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function gettable() return {} end
local function getnil() return nil end
try(function() return "a" .. gettable() end)
try(function() return gettable() .. "a" end)
try(function() return "a" .. getnil() end)
try(function() return 1 .. true end)
try(function() return "x" .. {} end)
try(function() return "a" .. "b" .. getnil() end)
try(function() return print .. "" end)
