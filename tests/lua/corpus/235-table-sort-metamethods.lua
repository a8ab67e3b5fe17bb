local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local V = {}
V.__index = V
V.__lt = function(a, b) return a.v < b.v end
local function new(v) return setmetatable({v = v}, V) end
local list = {new(5), new(1), new(4), new(2), new(3)}
table.sort(list)
for _, x in ipairs(list) do write(x.v, " ") end flush()
table.sort(list, function(a, b) return b < a end)
for _, x in ipairs(list) do write(x.v, " ") end flush()
