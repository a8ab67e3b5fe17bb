local t = {1, 2, 3}
local i = 1
i, t[i] = i + 1, 99
print(i, t[1], t[2])
local a = {}
local function key(k) return k end
a[key("x")], a[key("y")] = 1, 2
print(a.x, a.y)
local x, y, z = 1, 2, 3
x, y, z = z, x, y
print(x, y, z)
local q = {}
q.a, q.b, q.c = (function() return 1, 2, 3 end)()
print(q.a, q.b, q.c)
local m = {}
m.x, m.y = 1
print(m.x, m.y)
