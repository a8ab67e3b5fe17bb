-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local mt = {
  __add = function(a, b) error("add failed") end,
  __index = function(t, k) local x = nil; return x.field end,
  __call = function() error({reason = "call"}) end,
}
local t = setmetatable({}, mt)
try(function() return t + 1 end)
try(function() return t.anything end)
local ok, e = pcall(function() return t() end)
print(ok, type(e), e.reason)
try(function() return tostring(setmetatable({}, {__tostring = function() error("tostring failed", 0) end})) end)
