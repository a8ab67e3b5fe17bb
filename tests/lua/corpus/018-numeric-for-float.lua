local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for i = 1, 3, 0.5 do write(i, " ") end flush()
for i = 0.5, 3 do write(i, " ") end flush()
for i = 1, 3.5 do write(i, " ") end flush()
for i = 2.5, 0, -1 do write(i, " ") end flush()
for i = 1, 2, 0.25 do write(i, " ") end flush()
local c = 0
for x = 0, 1, 0.1 do c = c + 1 end
print("count 0..1 step 0.1:", c)
c = 0
for x = 1, 0, -0.1 do c = c + 1 end
print("count 1..0 step -0.1:", c)
c = 0
for x = 0, 1, 0.25 do c = c + 1 end
print("count 0..1 step 0.25:", c)
c = 0
for x = -1.5, 1.5 do c = c + 1 end
print(c)
