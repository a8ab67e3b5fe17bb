local Temp = {}
Temp.__tostring = function(t) return t.deg .. "C" end
local a, b = setmetatable({deg = 20}, Temp), setmetatable({deg = -5}, Temp)
print(a, b)
print(tostring(a) .. "/" .. tostring(b))
local list = {a, b}
local parts = {}
for i, v in ipairs(list) do parts[i] = tostring(v) end
print(table.concat(parts, ", "))
print(string.format("%s and %s", tostring(a), tostring(b)))
