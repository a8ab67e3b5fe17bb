local t = {}
for i = 1, 250 do t[i] = i end
local r = {pcall(unpack, t)}
print(#r, r[1], r[2], r[251])
local function many() return unpack(t, 1, 200) end
print(select("#", many()), select("#", pcall(many)))
local co = coroutine.create(function() coroutine.yield(unpack(t, 1, 150)) end)
local res = {coroutine.resume(co)}
print(#res, res[1], res[151])
print(select("#", string.byte(string.rep("x", 200), 1, -1)))
