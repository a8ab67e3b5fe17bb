-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
for i = 1, 10 do
  if i % 3 == 0 then goto continue end
  write(i, " ")
  ::continue::
end
flush()
local i = 0
while i < 10 do
  i = i + 1
  if i % 2 == 0 then goto cont end
  write(i, " ")
  ::cont::
end
flush()
for _, w in ipairs({"a", "skip", "b", "skip", "c"}) do
  if w == "skip" then goto next end
  do
    local up = w:upper()
    write(up)
  end
  ::next::
end
flush()
