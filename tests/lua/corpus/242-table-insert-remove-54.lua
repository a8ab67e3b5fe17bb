-- golden: lua5.4
local t = {1, 2, 3}
print(pcall(function() table.insert(t, 5, "x") end))
print(pcall(function() table.insert(t, 0, "x") end))
print(pcall(function() table.insert(t, 4, "ok") end), table.concat(t, ","))
print((pcall(function() table.remove(t, 7) end)))
print(table.remove(t, #t + 1), #t)
print(table.remove({}, 0), table.remove({}))
local u = {n = 1}
print(table.remove(u, 0))
print(pcall(function() return table.concat({1, {}, 3}) end))
print(pcall(function() return table.concat({1, 2}, ",", 1, 3) end))
