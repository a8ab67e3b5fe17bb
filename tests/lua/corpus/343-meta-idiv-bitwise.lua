-- golden: lua5.4
local log = {}
local mt = {}
for _, ev in ipairs({"__idiv", "__band", "__bor", "__bxor", "__shl", "__shr", "__bnot"}) do
  mt[ev] = function(a, b)
    log[#log + 1] = ev
    return ev
  end
end
local t = setmetatable({}, mt)
print(t // 1, 1 // t, t & 1, 1 | t, t ~ 2, t << 1, 1 >> t, ~t)
print(table.concat(log, " "))
local B = {}
B.__index = B
local function bits(v) return setmetatable({v = v}, B) end
B.__band = function(a, b) return bits(a.v & b.v) end
B.__bor = function(a, b) return bits(a.v | b.v) end
B.__bnot = function(a) return bits(~a.v & 0xFF) end
B.__shl = function(a, n) return bits(a.v << n) end
B.__idiv = function(a, n) return bits(a.v // n) end
print((bits(12) & bits(10)).v, (bits(12) | bits(3)).v, (~bits(1)).v, (bits(3) << 4).v, (bits(17) // 5).v)
