local i = 0
repeat i = i + 1 until i >= 3
print(i)
local n = 0
repeat
  local done = n >= 4
  n = n + 1
until done
print(n)
local runs = 0
repeat runs = runs + 1 until true
print(runs)
local k = 10
repeat
  local k = k - 1
  print("inner k", k)
until k < 100
print("outer k", k)
local fs = {}
local j = 0
repeat
  j = j + 1
  local captured = j
  fs[j] = function() return captured end
until captured == 3
print(fs[1](), fs[2](), fs[3]())
