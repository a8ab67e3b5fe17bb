local C = {}
C.__concat = function(a, b)
  local av = type(a) == "table" and a.s or tostring(a)
  local bv = type(b) == "table" and b.s or tostring(b)
  return setmetatable({s = av .. "+" .. bv}, C)
end
local x = setmetatable({s = "x"}, C)
print((x .. "y").s, ("w" .. x).s, (x .. x).s, (1 .. x).s)
print(("a" .. x .. "b").s)
print(("a" .. "b" .. x).s)
print((x .. "b" .. "c").s)
local plain = setmetatable({}, {__concat = function(a, b) return "plain" end})
print(plain .. 1, 2 .. plain, plain .. plain)
