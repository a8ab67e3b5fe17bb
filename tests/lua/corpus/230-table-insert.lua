local t = {}
table.insert(t, "a")
table.insert(t, "b")
table.insert(t, 1, "first")
table.insert(t, 3, "mid")
print(table.concat(t, ","), #t)
table.insert(t, #t + 1, "last")
print(table.concat(t, ","))
local n = {}
for i = 1, 5 do table.insert(n, 1, i) end
print(table.concat(n, " "))
print(pcall(function() table.insert(nil, 1) end))
print(pcall(function() table.insert({}, 1, 2, 3) end))
print(select("#", table.insert({}, 1)))
local big = {}
for i = 1, 1000 do table.insert(big, i) end
print(#big, big[1000])
