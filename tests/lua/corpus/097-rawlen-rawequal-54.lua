-- golden: lua5.4
local t = setmetatable({1, 2, 3}, {__len = function() return 99 end, __eq = function() return true end})
print(#t, rawlen(t), rawlen("hello"), rawlen({}))
local u = setmetatable({}, getmetatable(t))
print(t == u, rawequal(t, u), rawequal(t, t))
print(pcall(rawlen, 5))
print(rawequal("a", "a"), rawequal(1, 1.0), rawequal(nil, nil), rawequal({}, {}))
