-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function val(v) return v end
try(function() return val(1) < val("x") end)
try(function() return val({}) > val(1) end)
try(function() return val(nil) <= val(nil) end)
try(function() return val(true) >= val(1) end)
try(function() return val("a") < val("b") end)
try(function() return val(1) == val("1") end)
