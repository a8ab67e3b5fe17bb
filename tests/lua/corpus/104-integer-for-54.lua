-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for i = 1, 3 do write(i, " ") end flush()
for i = 10, 1, -3 do write(i, " ") end flush()
for i = -3, 3, 2 do write(i, " ") end flush()
print(pcall(function() for i = 1, 10, 0 do end end))
local c = 0
for i = 1, 3.5 do c = c + i end
print(c)
c = 0
for i = 3, 1 do c = c + 1 end
print(c)
local t = {}
for i = 1, 3 do t[#t + 1] = function() return i end end
print(t[1]() + t[2]() + t[3]())
