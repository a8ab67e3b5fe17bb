-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function val(v) return v end
try(function() return 1 .. val(nil) end)
try(function() return val(nil) .. 1 end)
try(function() return val({}) .. val({}) end)
try(function() return "s" .. val(true) end)
try(function() return val(print) .. "s" end)
