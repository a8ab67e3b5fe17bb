print(3.0, -3.0, 1e2, 2^10, 10 / 2, 7 / 7, 0.5 * 4)
print(1e14 - 1, 123456789012, -987654321)
print(math.floor(3.9), math.ceil(3.1), 6 / 3 * 2)
local t = {}
t[2.0] = "two"
print(t[2], #({[1.0] = "a", [2] = "b"}))
print(string.format("%d", 3.0), tostring(4.0), 5.0 .. "")
