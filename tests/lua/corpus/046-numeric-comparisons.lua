print(1 == 1.0, 0.1 + 0.2 > 0.3, 1e308 < math.huge)
print(3 < 3.5, 3.5 < 4, -1 < -0.5, 2^53 == 2^53 + 1)
print(math.max(3, 3.0), math.min(-0.5, -1))
local vals = {3, -1, 2.5, 0, 100, -7.25, 1e3}
table.sort(vals)
print(table.concat(vals, " "))
print(10 > 9, "10" > "9", 10 >= 10, 10 <= 9.999)
