local obj = {name = "obj", n = 0}
function obj:inc(by) self.n = self.n + (by or 1); return self end
function obj.static(x) return x * 2 end
obj:inc():inc(5):inc()
print(obj.n)
print(obj.static(21), obj:inc(0) == obj)
local mt = {__index = {greet = function(self, other) return self.name .. " greets " .. other end}}
local o = setmetatable({name = "ann"}, mt)
print(o:greet("bob"))
print(o.greet(o, "carl"))
local calls = 0
local function getobj() calls = calls + 1; return obj end
getobj():inc()
print(calls, obj.n)
local t = {sub = {val = 5, get = function(self) return self.val end}}
print(t.sub:get(), t["sub"]:get())
