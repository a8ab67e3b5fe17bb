local function n(...) return select("#", ...) end
print(n(select(1)))
print(n(select(1, nil)))
print(n(select(2, nil)))
print(select(1, 1, 2, 3) + 10)
print((select(2, "a", "b", "c")))
print(select(-1, 1, 2, nil))
print(n(select(-1, 1, 2, nil)))
local t = {select(2, "x", "y", "z")}
print(#t, t[1], t[2])
print(select(2.0, "a", "b"))
print(pcall(function() return select("x") end))
print(pcall(function() return select() end))
