local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for w in string.gmatch("one two three", "%a+") do write("<", w, ">") end flush()
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do write(k, "->", v, " ") end flush()
for n in ("1,22,,333"):gmatch("%d+") do write(n, ".") end flush()
for f in ("1,22,,333"):gmatch("([^,]+)") do write("[", f, "]") end flush()
for p in ("abc"):gmatch("()") do write(p, " ") end flush()
for c in ("héllo"):gmatch(".") do write(#c) end flush()
local it = ("x y"):gmatch("%a")
print(it(), it(), it())
local count = 0
for _ in ("aaaa"):gmatch("aa") do count = count + 1 end
print(count)
for a, b in ("k1=v1;k2=v2"):gmatch("(%w+)=()") do write(a, "@", b, " ") end flush()
for line in ("l1\nl2\n\nl4"):gmatch("[^\n]+") do write(line, "|") end flush()
