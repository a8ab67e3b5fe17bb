local t = {1, 2, 3, 4, 5}
for i = 1, #t do t[i] = t[i] * t[i] end
print(table.concat(t, " "))
for i = #t, 1, -1 do if t[i] % 2 == 0 then table.remove(t, i) end end
print(table.concat(t, " "))
local n = 3
local c = 0
for i = 1, n do n = n + 1; c = c + 1 end
print(c, n)
local arr = {}
for i = 1, 5 do arr[#arr + 1] = #arr end
print(table.concat(arr, ","))
