print(1 .. "", 1.5 .. "", -0.25 .. "", 1e10 .. "", 2^24 .. "")
print(10 / 2 .. "", 7 / 2 .. "", 3 * 1.5 .. "")
print(("%d"):format(3), tostring(3) .. tostring(0.5))
local parts = {}
for i = 1, 5 do parts[#parts + 1] = i / 2 end
print(table.concat(parts, " "))
print(table.concat({1, 2.5, "x", 1e3}, ","))
