local t = {x = 1, y = 2, z = 3, 10, 20, 30, [false] = "f", [1.5] = "h"}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys, function(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return ta < tb end
  if ta == "boolean" then return tostring(a) < tostring(b) end
  return a < b
end)
for _, k in ipairs(keys) do print(k, t[k]) end
local n = 0
for _ in pairs({}) do n = n + 1 end
print(n)
local sum = 0
for k, v in pairs({a = 1, b = 2, c = 3, d = 4}) do sum = sum + v end
print(sum)
local f, s, i = pairs(t)
print(type(f), s == t, i)
