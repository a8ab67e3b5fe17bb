local C = {}
C.__index = C
local function cx(re, im) return setmetatable({re = re, im = im or 0}, C) end
local function lift(v) return type(v) == "number" and cx(v) or v end
C.__add = function(a, b) a, b = lift(a), lift(b) return cx(a.re + b.re, a.im + b.im) end
C.__sub = function(a, b) a, b = lift(a), lift(b) return cx(a.re - b.re, a.im - b.im) end
C.__mul = function(a, b) a, b = lift(a), lift(b) return cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re) end
C.__unm = function(a) return cx(-a.re, -a.im) end
C.__eq = function(a, b) return a.re == b.re and a.im == b.im end
C.__tostring = function(c)
  if c.im == 0 then return tostring(c.re) end
  if c.re == 0 then return c.im .. "i" end
  return c.re .. (c.im < 0 and "-" or "+") .. math.abs(c.im) .. "i"
end
local i = cx(0, 1)
print(tostring(i * i), tostring(cx(1, 2) + cx(3, -4)), tostring(cx(1, 2) * cx(3, 4)))
print(tostring(2 * i + 1), tostring(-cx(1, -1)), tostring(cx(5) - 5))
print(cx(1, 2) == cx(1, 2), cx(1, 2) == cx(2, 1), i * i == cx(-1))
local z = cx(0)
for k = 1, 4 do z = z * i + 1 end
print(tostring(z))
