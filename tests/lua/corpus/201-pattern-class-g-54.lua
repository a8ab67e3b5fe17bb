-- golden: lua5.4
print(("a b\tc\n!"):gsub("%g", "G"))
print(("a b\tc\n!"):gsub("%G", "_"))
local all = ""
for i = 1, 127 do all = all .. string.char(i) end
print(select(2, all:gsub("%g", "")))
