-- golden: lua5.4
local a = {1, 2, 3, 4, 5}
table.move(a, 2, 4, 1)
print(table.concat(a, ","))
a = {1, 2, 3, 4, 5}
table.move(a, 1, 3, 3)
print(table.concat(a, ","))
local b = {}
local r = table.move({10, 20, 30}, 1, 3, 2, b)
print(r == b, b[1], b[2], b[3], b[4])
local c = table.move({1, 2, 3}, 1, 0, 1, {"keep"})
print(c[1], #c)
local d = {"a", "b", "c"}
table.move(d, 1, 3, 1)
print(table.concat(d))
local e = setmetatable({}, {__index = function(_, k) return k * 100 end})
local f = table.move(e, 1, 3, 1, {})
print(f[1], f[2], f[3])
