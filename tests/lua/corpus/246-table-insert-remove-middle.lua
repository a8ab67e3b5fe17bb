local t = {"a", "b", "c", "d", "e"}
table.insert(t, 3, "X")
print(table.concat(t))
print(table.remove(t, 3), table.concat(t))
table.insert(t, 1, "first")
table.insert(t, #t, "penult")
print(table.concat(t, ","))
while #t > 2 do table.remove(t, 2) end
print(table.concat(t, ","))
local nums = {}
for i = 1, 10 do table.insert(nums, (i % 2 == 0) and 1 or #nums + 1, i) end
print(table.concat(nums, " "))
