local function named() error("from named") end
local t = {}
function t.field() error("from field") end
function t:method() error("from method") end
local anon = function() error("from anon") end
print(pcall(named))
print(pcall(t.field))
print(pcall(t.method, t))
print(pcall(anon))
print(pcall(function()
  local x = 1
  error("multi-line function")
end))
print(pcall(function() error("with level 2", 2) end))
local function wrapper() named() end
print(pcall(wrapper))
