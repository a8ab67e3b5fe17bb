local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for pos, word in ("the quick brown"):gmatch("()(%a+)") do write(pos, ":", word, " ") end flush()
for a, b in ("aXbYc"):gmatch("()[XY]()") do write(a, "-", b, " ") end flush()
local n = 0
for _ in (""):gmatch("x") do n = n + 1 end
print(n)
for k, v in ("a=1&b=&c=3"):gmatch("(%w+)=(%w*)") do write("[", k, "=", v, "]") end flush()
local t = {}
for num in ("1.5 -2 3e2 .5 x7"):gmatch("%-?%d*%.?%d+e?%d*") do t[#t + 1] = num end
print(table.concat(t, "|"))
