local t = {5, 2, 8, 1, 9, 3}
table.sort(t)
print(table.concat(t, " "))
table.sort(t, function(a, b) return a > b end)
print(table.concat(t, " "))
local s = {"pear", "apple", "fig", "banana"}
table.sort(s)
print(table.concat(s, " "))
table.sort(s, function(a, b) return #a < #b or (#a == #b and a < b) end)
print(table.concat(s, " "))
local e = {}
table.sort(e)
print(#e)
local one = {1}
table.sort(one)
print(one[1])
local f = {3.5, -1, 2.25, 0, -7.5}
table.sort(f)
print(table.concat(f, " "))
local ok, e = pcall(table.sort, {1, "x", 2})
print(ok, e:find("attempt to compare", 1, true) ~= nil)
