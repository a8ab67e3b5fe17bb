-- golden: lua5.4
-- __call handlers may themselves be callable objects (Lua 5.4)
local u = table.pack
for i = 1, 5 do
  u = setmetatable({i}, {__call = u})
end
local r = u("a", "b")
print(r.n, r[1][1], r[5][1], r[6], r[7])

local function f(...) return select("#", ...), ... end
local inner = setmetatable({}, {__call = f})
local obj = setmetatable({}, {__call = inner})
local n, a, b, c, d = obj(1, 2)
print(n, a == inner, b == obj, c, d)
print(pcall(setmetatable({}, {__call = {}})))
print(coroutine.wrap(function() return (obj()) end)())
