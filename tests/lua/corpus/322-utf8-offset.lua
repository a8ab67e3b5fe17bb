-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local s = "aä€😀z"
for n = 1, 6 do write(tostring(utf8.offset(s, n)), " ") end flush()
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -5), utf8.offset(s, -6))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 5), utf8.offset(s, 0, 1))
print(utf8.offset(s, 2, 2), utf8.offset(s, 1, 4))
print(utf8.offset("", 1), utf8.offset("abc", 5))
