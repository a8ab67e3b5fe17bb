print(next({}))
local t = {10}
print(next(t))
print(next(t, 1))
local u = {a = 1}
local k, v = next(u)
print(k, v, next(u, k))
local cnt = 0
local key = next({x = 1, y = 2, z = 3})
local w = {x = 1, y = 2, z = 3}
local kk = nil
repeat
  kk = next(w, kk)
  if kk then cnt = cnt + 1 end
until kk == nil
print(cnt)
print(next({}, nil))
print(pcall(function() return next() end))
print(type(next))
local empty = {}
print(next(empty) == nil)
