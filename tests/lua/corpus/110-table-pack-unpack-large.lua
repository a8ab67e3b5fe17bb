-- golden: lua5.4
local t = {}
for i = 1, 300 do t[i] = i end
local p = table.pack(table.unpack(t))
print(p.n, p[1], p[300])
local function sum(...) local s = 0 for i = 1, select("#", ...) do s = s + select(i, ...) end return s end
print(sum(table.unpack(t)))
print(select("#", table.unpack(t, 101, 200)))
local packed = table.pack(nil, nil)
print(packed.n, packed[1], packed[2])
print(table.unpack({1, 2, 3}, 0))
