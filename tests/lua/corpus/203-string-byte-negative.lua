local s = "abcdef"
print(s:byte(-3, -1))
print(s:byte(-100, 2))
print(s:byte(5, 100))
print(s:byte(-1, -3))
print(s:byte(3.0))
print(("\200\201"):byte(1, 2))
