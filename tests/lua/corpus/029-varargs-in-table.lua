local function pack2(...) return {n = select("#", ...), ...} end
local p = pack2(1, nil, 3, nil)
print(p.n, p[1], p[2], p[3], p[4])
local function mid(...) return {..., "end"} end
local m = mid(1, 2, 3)
print(#m, m[1], m[2])
local function last(...) return {"start", ...} end
local l = last(1, 2, 3)
print(#l, l[1], l[4])
local function paren(...) return {(...)} end
print(#paren(7, 8, 9), paren(7, 8, 9)[1])
local function nested(...)
  local function inner(...) return select("#", ...) end
  return inner(...), inner(..., "x"), inner("x", ...)
end
print(nested(1, 2))
