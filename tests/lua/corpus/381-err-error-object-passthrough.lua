-- golden: lua5.4
local function try(f, ...) print(pcall(f, ...)) end
try(error, "plain")
try(error, "lvl1", 1)
try(function() error("in fn") end)
try(function() error("in fn lvl2", 2) end)
try(function() local function inner() error("inner lvl2", 2) end inner() end)
try(function() error(setmetatable({}, {__tostring = function() return "E!" end})) end)
try(function() error() end)
