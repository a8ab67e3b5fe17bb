-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() return undefined_obj:method() end)
try(function() local obj; return obj:method() end)
try(function() local obj = {}; return obj.inner:method() end)
try(function() local s = nil; return s:upper() end)
try(function() return (1):foo() end)
