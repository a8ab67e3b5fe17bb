for w in string.gmatch("one two three", "%a+") do io.write("<", w, ">") end print()
for k, v in string.gmatch("a=1, b=2, c=3", "(%w+)=(%w+)") do io.write(k, "->", v, " ") end print()
for n in ("1,22,,333"):gmatch("%d+") do io.write(n, ".") end print()
for f in ("1,22,,333"):gmatch("([^,]+)") do io.write("[", f, "]") end print()
for p in ("abc"):gmatch("()") do io.write(p, " ") end print()
for c in ("héllo"):gmatch(".") do io.write(#c) end print()
local it = ("x y"):gmatch("%a")
print(it(), it(), it())
local count = 0
for _ in ("aaaa"):gmatch("aa") do count = count + 1 end
print(count)
for a, b in ("k1=v1;k2=v2"):gmatch("(%w+)=()") do io.write(a, "@", b, " ") end print()
for line in ("l1\nl2\n\nl4"):gmatch("[^\n]+") do io.write(line, "|") end print()
