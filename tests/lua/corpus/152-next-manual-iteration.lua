local t = {10, 20, 30}
local k, v = next(t)
local sum, n = 0, 0
while k do
  sum = sum + v
  n = n + 1
  k, v = next(t, k)
end
print(sum, n)
local h = {a = 1, b = 2, c = 3}
local keys = {}
local key = next(h)
while key ~= nil do keys[#keys + 1] = key; key = next(h, key) end
table.sort(keys)
print(table.concat(keys))
print(next({}, nil), rawequal(next, next))
local mixed = {1, 2, x = "x"}
local count = 0
for _ in next, mixed do count = count + 1 end
print(count)
