-- golden: lua5.4
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  io.write(i, " ")
  ::continue::
end
print()
local i = 0
while i < 10 do
  i = i + 1
  if i % 2 == 0 then goto cont end
  io.write(i, " ")
  ::cont::
end
print()
for _, w in ipairs({"a", "skip", "b", "skip", "c"}) do
  if w == "skip" then goto next end
  do
    local up = w:upper()
    io.write(up)
  end
  ::next::
end
print()
