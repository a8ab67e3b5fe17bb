-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() return undefined_in_tail() end)
try(function() local obj = {} return obj:nomethod() end)
try(function() local t = {} return t.fn(1, 2) end)
local function inner() error("raised in inner") end
try(function() return inner() end)
local function deep(n) if n == 0 then local x = nil return x.y end return deep(n - 1) end
try(function() return deep(10) end)
