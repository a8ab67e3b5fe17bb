local Greeter = setmetatable({}, {__call = function(cls, name) return setmetatable({name = name}, cls) end})
Greeter.__index = Greeter
function Greeter:hello() return "hello " .. self.name end
local g = Greeter("world")
print(g:hello(), getmetatable(g) == Greeter)
local handler = setmetatable({}, {__call = function(self, obj, arg) return "handled " .. tostring(arg) end})
local obj = {handle = handler}
print(obj:handle("event"))
