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
for w in s:gmatch("%a+") do io.write("[", w, "]") end
print()
print(#s:rep(3))
