local a, b, c = 1, 2, 3
a, b, c = c, a, b
print(a, b, c)
local x, y = 1
print(x, y)
x, y = 10, 20, 30
print(x, y)
local t = {}
local i = 3
i, t[i] = i + 1, 20
print(i, t[3], t[4])
local p, q = 1, 2
p, q = q, p
print(p, q)
local function two() return 1, 2 end
local m, n, o = two()
print(m, n, o)
m, n, o = two(), 10
print(m, n, o)
m, n, o = 0, two()
print(m, n, o)
