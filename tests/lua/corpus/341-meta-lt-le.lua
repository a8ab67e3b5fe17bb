local V = {}
V.__lt = function(a, b) return a.v < b.v end
V.__le = function(a, b) return a.v <= b.v end
local function new(v) return setmetatable({v = v}, V) end
local a, b, c = new(1), new(2), new(1)
print(a < b, b < a, a <= c, a >= c, a > b, b >= a)
print(a < c, a <= b, b <= a)
local calls = {}
local L = {
  __lt = function(x, y) calls[#calls + 1] = "lt"; return x.v < y.v end,
  __le = function(x, y) calls[#calls + 1] = "le"; return x.v <= y.v end,
}
local x, y = setmetatable({v = 1}, L), setmetatable({v = 2}, L)
local _ = x > y, x >= y, x < y, x <= y
print(table.concat(calls, ","))
