local fns = {}
for i = 1, 3 do
  for j = 1, 2 do
    fns[#fns + 1] = function() return i * 10 + j end
  end
end
local out = {}
for k, f in ipairs(fns) do out[k] = f() end
print(table.concat(out, " "))
local acc = {}
local x = 0
while x < 3 do
  x = x + 1
  local y = x
  acc[x] = function() y = y * 2 return y end
end
print(acc[1](), acc[1](), acc[2](), acc[3](), x)
local function mk()
  local fs = {}
  for i = 1, 3 do
    local v = i
    fs[i] = function(d) v = v + d return v end
  end
  return fs
end
local m = mk()
print(m[1](10), m[2](10), m[1](10), m[3](0))
