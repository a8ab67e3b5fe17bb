print(unpack({1, 2, 3}))
print(unpack({1, 2, 3}, 2))
print(unpack({1, 2, 3}, 2, 3))
print(unpack({1, 2, 3}, 3, 2))
print(unpack({}, 1, 2))
print(select("#", unpack({})))
print(unpack({1, nil, 3}, 1, 3))
local t = {}
for i = 1, 200 do t[i] = i end
print(select("#", unpack(t)), (select(200, unpack(t))))
print(unpack({"a", "b"}, -1, 2))
local function f(...) return select("#", ...) end
print(f(unpack({1, 2, 3}, 1, 5)))
