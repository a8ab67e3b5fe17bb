local N = {}
N.__index = N
local function n(v) return setmetatable({v = v}, N) end
local function val(x) return type(x) == "table" and x.v or x end
N.__div = function(a, b) return n(val(a) / val(b)) end
N.__mod = function(a, b) return n(val(a) % val(b)) end
N.__pow = function(a, b) return n(val(a) ^ val(b)) end
N.__unm = function(a) return n(-a.v) end
print((n(7) / 2).v, (n(7) % 3).v, (n(2) ^ 8).v, (-n(5)).v)
print((10 / n(4)).v, (-7 % n(3)).v, (2 ^ n(0.5) == nil))
