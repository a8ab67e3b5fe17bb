local t = {5, 3, 8, 1}
local calls = 0
table.sort(t, function(a, b) calls = calls + 1 return a < b end)
print(table.concat(t, " "), calls > 0)
local desc = {"b", "a", "d", "c"}
table.sort(desc, function(a, b) return a > b end)
print(table.concat(desc))
local byLen = {"ccc", "a", "bb", "dddd"}
table.sort(byLen, function(a, b) return #a < #b end)
print(table.concat(byLen, ","))
