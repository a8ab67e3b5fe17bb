-- golden: lua5.4
local function level3(t) return t.missing.x end
local function level2(t) return level3(t) end
local function level1() return level2({}) end
print(pcall(level1))
local obj = {}
function obj:method() return self.data.value end
print(pcall(obj.method, obj))
local function uses_upvalue()
  local config
  return function() return config.setting end
end
print(pcall(uses_upvalue()))
