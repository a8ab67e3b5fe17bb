-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function getnil() return nil end
try(function() return #getnil() end)
try(function() local n = 5; return #n end)
try(function() return #undefined_len end)
try(function() local t = {}; return #t.field end)
try(function() return #print end)
