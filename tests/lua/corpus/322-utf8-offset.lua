-- golden: lua5.4
local s = "aä€😀z"
for n = 1, 6 do io.write(tostring(utf8.offset(s, n)), " ") end print()
print(utf8.offset(s, -1), utf8.offset(s, -2), utf8.offset(s, -5), utf8.offset(s, -6))
print(utf8.offset(s, 0, 3), utf8.offset(s, 0, 5), utf8.offset(s, 0, 1))
print(utf8.offset(s, 2, 2), utf8.offset(s, 1, 4))
print(utf8.offset("", 1), utf8.offset("abc", 5))
