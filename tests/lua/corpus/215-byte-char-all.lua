local all = {}
for i = 0, 255 do all[#all + 1] = string.char(i) end
local s = table.concat(all)
print(#s)
local ok = true
for i = 1, 256 do if s:byte(i) ~= i - 1 then ok = false end end
print(ok)
print(s:sub(49, 58), s:sub(66, 70), s:sub(98, 100))
local bytes = {s:byte(250, 256)}
print(#bytes, table.concat(bytes, ","))
print(s:upper():sub(98, 100), s:lower():sub(66, 70))
