local function count(...) return select("#", ...) end
print(count(), count(nil), count(nil, nil), count(1, nil, 3, nil))
local function pass(...) return ... end
print(pass(1, 2, 3))
print(pass())
print((pass(1, 2, 3)))
local function tbl(...) local t = {...} return #t, t[1], t[3] end
print(tbl(5, 6, 7))
local function first(a, ...) return a, select("#", ...) end
print(first(1, 2, 3), first())
local function sum(...)
  local s = 0
  for i = 1, select("#", ...) do s = s + (select(i, ...)) end
  return s
end
print(sum(1, 2, 3, 4, 5), sum())
local function trailing(...) local a, b, c = ... return a, b, c end
print(trailing(1))
print(count(pass(nil, nil, nil)))
