local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local s = "Hello World"
print(s:upper(), s:lower(), s:len(), #s)
print(s:sub(1, 5), s:sub(-5), s:rep(2, ""))
print(("abc"):upper(), ("%d items"):format(3))
print(s:find("World"), s:match("(%a+) (%a+)"))
print(("x"):byte(), ("test"):reverse())
local n = 5
print(("n=%d"):format(n):upper())
local count = select(2, s:gsub("o", "0"))
print(count)
for w in s:gmatch("%a+") do write("[", w, "]") end
flush()
print(#s:rep(3))
