local function multi() return 1, nil, 3, nil end
print(select("#", pcall(multi)))
print(pcall(multi))
local function none() return end
print(select("#", pcall(none)))
local ok, a, b, c = pcall(function(x, y) return x + y, x * y, x - y end, 5, 3)
print(ok, a, b, c)
print(pcall(function(...) return select("#", ...) end, nil, nil, nil))
print((pcall(error, "x")))
