print("\200" > "a", "\255" > "\128", "a\200" > "a\127")
local t = {"b", "\200x", "A", "\1", "z"}
table.sort(t)
local out = {}
for i, s in ipairs(t) do out[i] = s:byte(1) end
print(table.concat(out, " "))
print(("\0a" < "\0b"), ("a\0" < "a"), ("" < "\0"))
