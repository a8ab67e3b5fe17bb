-- golden: lua5.4
local t = setmetatable({1, 2, 3}, {__len = function(self) return 42 end})
print(#t, rawlen(t))
local s = setmetatable({}, {__len = function() return "not a number" end})
print(#s)
local count = setmetatable({n = 7}, {__len = function(self) return self.n end})
for i = 1, #count do io.write(i, " ") end print()
print(pcall(function() return #nil end))
