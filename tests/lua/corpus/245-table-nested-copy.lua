local function deepcopy(o, seen)
  seen = seen or {}
  if type(o) ~= "table" then return o end
  if seen[o] then return seen[o] end
  local c = {}
  seen[o] = c
  for k, v in pairs(o) do c[deepcopy(k, seen)] = deepcopy(v, seen) end
  return setmetatable(c, getmetatable(o))
end
local orig = {1, {2, {3}}, name = "x"}
orig.self = orig
local c = deepcopy(orig)
print(c[1], c[2][1], c[2][2][1], c.name, c.self == c, c.self ~= orig, c[2] ~= orig[2])
local function equal(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do if not equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
print(equal({1, {2}}, {1, {2}}), equal({1, {2}}, {1, {3}}), equal({a = 1}, {a = 1, b = 2}))
