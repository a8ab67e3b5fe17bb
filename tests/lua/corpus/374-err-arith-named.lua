-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local up
try(function() local x; return x + 1 end)
try(function() return nothing_here * 2 end)
try(function() local t = {}; return t.field - 1 end)
try(function() return up / 2 end)
try(function() local a = {}; return -a end)
