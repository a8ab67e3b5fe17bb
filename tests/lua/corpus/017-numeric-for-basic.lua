local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for i = 1, 3 do write(i, " ") end flush()
for i = 3, 1, -1 do write(i, " ") end flush()
for i = 1, 0 do print("never") end
for i = 0, -3, -1 do write(i, " ") end flush()
for i = 1, 10, 3 do write(i, " ") end flush()
for i = 10, 1, -4 do write(i, " ") end flush()
for i = 5, 5 do write(i, " ") end flush()
for i = 5, 4 do print("never") end
for i = -5, -1, 2 do write(i, " ") end flush()
local n = 0
for i = 1, 1000 do n = n + i end
print(n)
