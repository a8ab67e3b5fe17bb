local t = {}
for i = 1, 250 do t[i] = i end
local function count(...) return select("#", ...) end
print(count(unpack(t)))
print(math.max(unpack(t)), math.min(unpack(t)))
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + select(i, ...) end
  return s
end
print(sum(unpack(t)))
print(string.char(unpack({72, 105})))
