-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function() local t = {}; t[nil] = 1 end)
try(function() local t = {}; t[0/0] = 1 end)
try(function() return ("x"):rep(1, 2, 3) .. nil end)
local failing = setmetatable({}, {__index = function(t, k) error("index failed: " .. k) end})
try(function() return failing.bar end)
try(function() return math.floor({}) end)
try(function() return string.sub("abc", {}) end)
try(function() return string.rep() end)
