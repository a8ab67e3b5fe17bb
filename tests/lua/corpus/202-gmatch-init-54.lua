-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for w in string.gmatch("one two three", "%a+", 5) do write(w, ";") end flush()
for w in string.gmatch("one two three", "%a+", -5) do write(w, ";") end flush()
local it = ("abc"):gmatch(".")
print(it(), it(), it(), it())
