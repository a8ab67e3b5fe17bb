-- golden: lua5.4
local s = "aä€😀"
print(utf8.codepoint(s))
print(utf8.codepoint(s, 2))
print(utf8.codepoint(s, 1, -1))
print(utf8.codepoint(s, 4), utf8.codepoint(s, 7))
print(pcall(utf8.codepoint, s, 3))
print(pcall(utf8.codepoint, "\xff"))
print(select("#", utf8.codepoint(s, 2, 1)))
