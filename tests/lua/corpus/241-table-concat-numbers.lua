local t = {}
for i = 1, 10 do t[i] = i * i end
print(table.concat(t, "+"))
local f = {0.5, 0.25, 1.5, -2, 100}
print(table.concat(f, "|"))
print(table.concat({"a", 1, "b", 2}, ""))
