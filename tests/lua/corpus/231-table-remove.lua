local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local t = {"a", "b", "c", "d", "e"}
print(table.remove(t), table.concat(t, ","))
print(table.remove(t, 1), table.concat(t, ","))
print(table.remove(t, 2), table.concat(t, ","))
print(table.remove(t, #t), table.concat(t, ","))
print(table.remove(t), #t)
print(table.remove({}) == nil)
local q = {1, 2, 3}
while #q > 0 do write(table.remove(q, 1), " ") end
flush()
local s = {10, 20, 30}
while #s > 0 do write(table.remove(s), " ") end
flush()
