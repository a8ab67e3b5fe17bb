local function class(parent)
  local c = {}
  c.__index = c
  if parent then setmetatable(c, {__index = parent}) end
  c.new = function(...)
    local o = setmetatable({}, c)
    if o.init then o:init(...) end
    return o
  end
  c.super = parent
  return c
end
local Animal = class()
function Animal:init(name, sound) self.name = name; self.sound = sound or "..." end
function Animal:speak() return self.name .. " says " .. self.sound end
function Animal:kind() return "animal" end
local Dog = class(Animal)
function Dog:init(name) Animal.init(self, name, "woof"); self.tricks = {} end
function Dog:learn(t) self.tricks[#self.tricks + 1] = t; return self end
function Dog:kind() return "dog/" .. Dog.super.kind(self) end
local Puppy = class(Dog)
function Puppy:speak() return Dog.speak(self) .. " (squeaky)" end
local a = Animal.new("generic")
local d = Dog.new("Rex"):learn("sit"):learn("roll")
local p = Puppy.new("Bit")
print(a:speak(), a:kind())
print(d:speak(), d:kind(), #d.tricks, table.concat(d.tricks, "+"))
print(p:speak(), p:kind(), #p.tricks)
print(getmetatable(p) == Puppy, Puppy.super == Dog, rawget(Puppy, "kind") == nil)
local function isinstance(o, cls)
  local mt = getmetatable(o)
  while mt do
    if mt == cls then return true end
    mt = mt.super
  end
  return false
end
print(isinstance(p, Animal), isinstance(d, Puppy), isinstance(a, Dog))
