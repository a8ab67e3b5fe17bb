local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for _, n in ipairs({0, 1, 4, 9, 16, 144, 10000, 1048576}) do write(math.sqrt(n), " ") end flush()
print(string.format("%.6f %.6f", math.sqrt(2), math.sqrt(3)))
print(math.sqrt(2) ^ 2 == 2, math.abs(math.sqrt(2) ^ 2 - 2) < 1e-12)
print(math.floor(math.sqrt(99)), math.ceil(math.sqrt(99)))
