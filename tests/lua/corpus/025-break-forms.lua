for i = 1, 10 do
  if i == 3 then break end
  io.write(i, " ")
end
print()
local i = 0
while true do
  i = i + 1
  if i > 4 then break end
end
print(i)
repeat
  i = i + 1
  if i == 7 then break end
until false
print(i)
for a = 1, 3 do
  for b = 1, 3 do
    if b == 2 then break end
    io.write(a, b, " ")
  end
end
print()
for k, v in ipairs({"a", "b", "c"}) do
  if v == "b" then break end
  print(k, v)
end
local function f()
  for i = 1, 10 do
    if i == 2 then return "returned " .. i end
  end
end
print(f())
