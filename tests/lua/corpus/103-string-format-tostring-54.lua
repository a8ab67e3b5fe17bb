-- golden: lua5.4
local obj = setmetatable({}, {__tostring = function() return "OBJ" end})
print(string.format("%s|%s|%s", obj, nil, true))
print(string.format("%10s|%-6s|", obj, "ab"))
print(string.format("%s", 12), string.format("%d", "12"))
print(string.format("%i|%5i", 42, 7))
