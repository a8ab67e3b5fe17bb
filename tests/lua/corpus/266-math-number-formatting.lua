local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local vals = {0.5, 0.25, 0.125, 1.5, 2.75, 10.5, 100.25, 1000.5, 0.1, 0.2, 0.3, 0.7, 3.14, 2.718, 0.001}
for _, v in ipairs(vals) do write(tostring(v), " ") end flush()
local ints = {0, 1, -1, 10, 100, 1e5, 1e6, 1e7, 1e10, 1e13, 2^30, 2^40, -2^40}
for _, v in ipairs(ints) do write(tostring(v), " ") end flush()
print(3 * 0.5, 1 / 4, 5 / 8, 9 / 16, 0.1 + 0.4)
print(100 / 10, 7 / 7, 2 ^ 3, 1e2 / 4)
