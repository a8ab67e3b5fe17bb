local t = {"a", "b", "c", "d"}
print(unpack(t, 2, 3))
print(unpack(t, 4))
print(unpack(t, 5))
print(unpack(t, -1, 1))
print(select("#", unpack(t, 1, 0)))
print(unpack({n = 2, "x", "y", "z"}))
print(unpack({1, 2, 3}, "2"))
