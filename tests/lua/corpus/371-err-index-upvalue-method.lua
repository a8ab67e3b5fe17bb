-- golden: lua5.4
local up = nil
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() return up.x end)
try(function() local n = 5; return n.x end)
try(function() local b = true; return b.x end)
try(function() return (nil).x end)
