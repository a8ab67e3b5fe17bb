local function count(n, ...)
  if n == 0 then return select("#", ...), ... end
  return count(n - 1, ...)
end
print(count(100000, "a", "b", nil))
local obj = {n = 0}
function obj:loop(k) if k == 0 then return self.n end self.n = self.n + 1 return self:loop(k - 1) end
print(obj:loop(100000))
local function tramp(f, ...) return f(...) end
local function down(n) if n == 0 then return "bottom" end return tramp(down, n - 1) end
print(down(50000))
local t = setmetatable({}, {__call = function(self, n) if n == 0 then return "callable done" end return self(n - 1) end})
print(t(10000))
