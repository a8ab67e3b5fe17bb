local function loop(n, acc)
  if n == 0 then return acc end
  return loop(n - 1, acc + 1)
end
print(loop(100000, 0))
local isodd
local function iseven(n) if n == 0 then return true end return isodd(n - 1) end
function isodd(n) if n == 0 then return false end return iseven(n - 1) end
print(iseven(100001), isodd(100001))
local function count(n) if n > 0 then return count(n - 1) else return "done" end end
print(count(200000))
local t = {}
function t.m(self, n) if n == 0 then return "method done" end return self:m(n - 1) end
print(t:m(150000))
