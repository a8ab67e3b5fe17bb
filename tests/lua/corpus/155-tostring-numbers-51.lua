local vals = {1, -1, 0.5, -0.5, 100, 1e5, 1e6, 1e10, 123.25, 2^20, -2^20, 1/4, 3/8, 0.1, 1e-3, 5e-4}
local out = {}
for i, v in ipairs(vals) do out[i] = tostring(v) end
print(table.concat(out, " "))
print(tostring(1e100) == tostring(10^100), #tostring(2^31))
