-- golden: lua5.4
local t = {}
t[10 // 2] = "five"
t[2 ^ 2] = "four"
t[6 / 2] = "three"
print(t[5], t[4], t[3], t[1])
for i = 1, 5 do t[i] = t[i] or ("n" .. i) end
print(table.concat(t, ","))
local k = 7 // 1
print(t[k], t[7.0], t[14 // 2])
