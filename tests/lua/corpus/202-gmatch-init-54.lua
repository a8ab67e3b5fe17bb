-- golden: lua5.4
for w in string.gmatch("one two three", "%a+", 5) do io.write(w, ";") end print()
for w in string.gmatch("one two three", "%a+", -5) do io.write(w, ";") end print()
local it = ("abc"):gmatch(".")
print(it(), it(), it(), it())
