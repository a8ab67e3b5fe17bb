print(type(nil), type(true), type(0), type(""), type({}), type(print), type(type))
print(type(function() end), type(coroutine.create(function() end)))
print(type(1.5), type("1"), type(-0), type(math.huge))
print(type(type), type(type(nil)))
print(pcall(function() return type() end))
local function nothing() end
print(pcall(function() return type(nothing()) end))
print(type(string), type(_G), type(math.pi))
