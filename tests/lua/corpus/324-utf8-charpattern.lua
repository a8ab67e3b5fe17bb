-- golden: lua5.4
local s = "aä€😀z"
local chars = {}
for ch in s:gmatch(utf8.charpattern) do chars[#chars + 1] = #ch end
print(table.concat(chars, ","))
print(type(utf8.charpattern), #utf8.charpattern)
local rev = {}
for ch in ("añb"):gmatch(utf8.charpattern) do table.insert(rev, 1, ch) end
print(table.concat(rev))
