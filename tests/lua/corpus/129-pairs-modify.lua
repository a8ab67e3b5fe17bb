local t = {}
for i = 1, 10 do t["k" .. i] = i end
for k, v in pairs(t) do
  if v % 2 == 0 then t[k] = nil end
end
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
for k in pairs(t) do t[k] = t[k] * 100 end
local s = 0
for _, v in pairs(t) do s = s + v end
print(s)
local arr = {1, 2, 3, 4, 5}
for k in pairs(arr) do arr[k] = nil end
print(next(arr))
