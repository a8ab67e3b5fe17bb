-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() undefined_function() end)
try(function() local f; f() end)
try(function() local t = {}; t.method() end)
try(function() local t = {}; t:method() end)
try(function() local t = {}; t.a.b() end)
try(function() local x = 5; x() end)
try(function() local s = "str"; s() end)
try(function() local t = {}; t() end)
try(function() ("x"):nomethod() end)
