local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for i = 1, 10 do
  if i == 3 then break end
  write(i, " ")
end
flush()
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
    write(a, b, " ")
  end
end
flush()
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
