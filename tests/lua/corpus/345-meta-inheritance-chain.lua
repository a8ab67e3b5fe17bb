local A = {}
A.__index = A
function A.new(x) return setmetatable({x = x}, A) end
function A:describe() return "A with " .. self.x end
function A:kind() return "A" end
local B = setmetatable({}, {__index = A})
B.__index = B
function B.new(x, y) local o = A.new(x) o.y = y return setmetatable(o, B) end
function B:describe() return "B(" .. A.describe(self) .. ", y=" .. self.y .. ")" end
local C = setmetatable({}, {__index = B})
C.__index = C
function C.new(x, y, z) local o = B.new(x, y) o.z = z return setmetatable(o, C) end
function C:kind() return "C>" .. B.kind(self) end
local a, b, c = A.new(1), B.new(2, 3), C.new(4, 5, 6)
print(a:describe(), a:kind())
print(b:describe(), b:kind())
print(c:describe(), c:kind(), c.z)
print(getmetatable(c) == C, rawget(C, "describe") == nil)
