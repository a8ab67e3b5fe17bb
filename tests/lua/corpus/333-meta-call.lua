local callable = setmetatable({name = "fn"}, {__call = function(self, a, b) return self.name, a, b end})
print(callable(1, 2))
print(callable())
print(pcall(callable, "x"))
local counter = setmetatable({n = 0}, {__call = function(self) self.n = self.n + 1; return self.n end})
counter() counter()
print(counter(), counter.n)
local t = {f = counter}
print(t.f())
local function apply(f, ...) return f(...) end
print(apply(callable, "via", "apply"))
local multi = setmetatable({}, {__call = function(_, ...) return select("#", ...), ... end})
print(multi(nil, nil))
print(type(callable))
