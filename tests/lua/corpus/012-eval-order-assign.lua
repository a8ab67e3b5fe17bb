local t = {}
local i = 1
i, t[i] = i + 1, "first"
print(i, t[1], t[2])
local a = {1, 2, 3}
local j = 1
j, a[j] = a[j], 10
print(j, a[1], a[2], a[3])
local log = {}
local function idx(n) log[#log + 1] = "idx" .. n; return n end
local function val(n) log[#log + 1] = "val" .. n; return n * 10 end
local b = {}
b[idx(1)], b[idx(2)] = val(1), val(2)
print(b[1], b[2])
table.sort(log)
print(table.concat(log, " "))
local x, y = 1, 2
x, y = y, x
print(x, y)
