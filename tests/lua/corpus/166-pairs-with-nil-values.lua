local t = {a = 1, b = nil, c = 3}
local keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
table.sort(keys)
print(table.concat(keys, ","))
t.a = nil
keys = {}
for k in pairs(t) do keys[#keys + 1] = k end
print(table.concat(keys, ","))
local arr = {1, nil, 3}
local n = 0
for _ in pairs(arr) do n = n + 1 end
print(n)
