-- golden: lua5.4
local i = 1
::top::
if i <= 5 then
  io.write(i, " ")
  i = i + 1
  goto top
end
print()
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
