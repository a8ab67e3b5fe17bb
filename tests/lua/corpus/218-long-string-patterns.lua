local s = string.rep("ab", 5000) .. "END"
print(#s, s:find("END"), s:match("(b)E"))
print(select(2, s:gsub("ab", "")))
local t = s:gsub("a", "")
print(#t)
local words = string.rep("word ", 2000)
local c = 0
for _ in words:gmatch("%a+") do c = c + 1 end
print(c)
print(#(string.rep("x", 10000):gsub("x", "yy")))
print(("a"):rep(5000):match("^(a*)$") == ("a"):rep(5000))
