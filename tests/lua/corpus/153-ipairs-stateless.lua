local iter, state, init = ipairs({"a", "b"})
local i, v = iter(state, init)
print(i, v)
i, v = iter(state, i)
print(i, v)
print(iter(state, i) == nil)
print(iter({"z"}, 0))
local t = {1, 2, 3}
local c = 0
for i, v in iter, t, 0 do c = c + v end
print(c)
