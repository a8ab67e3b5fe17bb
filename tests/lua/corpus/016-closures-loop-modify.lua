local fs = {}
for i = 1, 3 do
  fs[#fs + 1] = function() i = i + 1; return i end
end
print(fs[1](), fs[1](), fs[2](), fs[3](), fs[3]())
for i = 1, 3 do
  local before = i
  i = i * 10
  print(before, i)
end
local t = {}
for k, v in ipairs({10, 20}) do
  t[k] = function() v = v + 1; return k, v end
end
print(t[1]())
print(t[1]())
print(t[2]())
