-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local function f(n)
  local out = {}
  for i = 1, n do
    if i == 2 then goto continue end
    out[#out + 1] = i
    ::continue::
  end
  return table.concat(out, ",")
end
print(f(4))
local function g()
  local r = {}
  do
    ::a::
    r[#r + 1] = "a"
    if #r < 2 then goto a end
  end
  do
    local c = 0
    ::a::
    c = c + 1
    if c < 3 then goto a end
    r[#r + 1] = "c" .. c
  end
  return table.concat(r, " ")
end
print(g())
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto next_i end
    write(i, ":", j, " ")
  end
  ::next_i::
end
flush()
