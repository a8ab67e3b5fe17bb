local fns = {}
local i = 1
while i <= 3 do
  local captured = i
  fns[i] = function() return captured end
  i = i + 1
end
print(fns[1](), fns[2](), fns[3]())
local shared = {}
local j = 1
while j <= 3 do
  shared[j] = function() return j end
  j = j + 1
end
print(shared[1](), shared[2](), shared[3]())
local r = {}
local k = 0
repeat
  k = k + 1
  local kk = k
  r[k] = function() kk = kk + 100 return kk end
until k == 2
print(r[1](), r[1](), r[2]())
