-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for p, c in utf8.codes("aä€😀") do write(p, ":", c, " ") end flush()
for p, c in utf8.codes("") do print("never") end
local n = 0
for _ in utf8.codes("héllo wörld") do n = n + 1 end
print(n)
print(pcall(function() for p, c in utf8.codes("a\xffb") do end end))
