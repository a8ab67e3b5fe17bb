local s = "abcdef"
local chars = {}
for i = 1, #s do chars[#chars + 1] = s:sub(i, i) end
print(table.concat(chars, "-"))
local rev = {}
for i = #s, 1, -1 do rev[#rev + 1] = s:sub(i, i) end
print(table.concat(rev))
print(s:sub(2, 2) .. s:sub(-2, -2), s:byte(1) + s:byte(-1))
local pairs_ = {}
for i = 1, #s - 1, 2 do pairs_[#pairs_ + 1] = s:sub(i, i + 1) end
print(table.concat(pairs_, " "))
