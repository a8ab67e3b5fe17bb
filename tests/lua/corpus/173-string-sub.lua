local s = "Hello, World"
print(s:sub(1, 5), s:sub(8), s:sub(-5), s:sub(-5, -2))
print(s:sub(0), s:sub(1, 0), s:sub(5, 4), s:sub(100), s:sub(-100, 3))
print(s:sub(3, 3), s:sub(-1, -1), s:sub(0, 0), s:sub(1, -1) == s)
print(s:sub(2, 100), s:sub(-100, -100), s:sub(12, 12), s:sub(13, 13))
print(("abc"):sub(-2), ("abc"):sub(2, -2), ("abc"):sub(3, -3))
print(string.sub("abcdef", 2.0, 4.0))
print(#s:sub(1, 0), #s:sub(0, -1))
