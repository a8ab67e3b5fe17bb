-- golden: lua5.4
local obj = setmetatable({}, {__name = "MyType"})
print((tostring(obj):match("^(%w+): ")))
local obj2 = setmetatable({}, {__name = "Other", __tostring = function() return "custom wins" end})
print(tostring(obj2))
local obj3 = setmetatable({}, {__name = 42})
print((tostring(obj3):match("^(%w+): ")))
