local s = "abcdef"
print(s:sub(2, 1e9), s:sub(-1e9, 2), s:sub(1e9), s:sub(-1e9, -1e9))
print(s:sub(3, -100), s:sub(0, 0), s:sub(-6, -6), s:sub(-7, -6))
print(("x"):rep(3, nil), #s:rep(0))
