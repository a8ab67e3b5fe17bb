-- golden: lua5.4
local __buf = {} local function write(...) for i = 1, select("#", ...) do __buf[#__buf + 1] = tostring((select(i, ...))) end end local function flush() print(table.concat(__buf)) __buf = {} end
local i = 1
::top::
if i <= 5 then
  write(i, " ")
  i = i + 1
  goto top
end
flush()
local fs = {}
local n = 0
::again::
do
  local captured = n
  fs[#fs + 1] = function() return captured end
end
n = n + 1
if n < 3 then goto again end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local k = 0
do
  ::loop::
  local v = k * 10
  gs[#gs + 1] = function() v = v + 1; return v end
  k = k + 1
  if k < 3 then goto loop end
end
print(gs[1](), gs[1](), gs[2](), gs[3]())
