local t = {"10", "9", "100", "1", "20"}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return tonumber(a) < tonumber(b) end)
print(table.concat(t, " "))
local mixed = {3, 1.5, -2, 10, 0.25}
table.sort(mixed, function(a, b) return a > b end)
print(table.concat(mixed, " "))
local inf = {1, math.huge, -math.huge, 0}
table.sort(inf)
print(inf[1] == -math.huge, inf[4] == math.huge, inf[2], inf[3])
