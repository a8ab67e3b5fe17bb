-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() local x = nil; return x.y end)
try(function() local t = {}; return t.a.b end)
try(function() return undefined_global.field end)
try(function() local t = {}; t.a.b = 1 end)
try(function() local x; x.y = 1 end)
try(function() undefined_global.y = 1 end)
try(function() local t = {sub = {}}; return t.sub.missing.deeper end)
try(function() local s = "str"; return s.x.y end)
