local a = {b = {c = {}}}
function a.b.c.f(x) return "f" .. x end
function a.b.c:m(x) return self == a.b.c, x end
print(a.b.c.f(1), a.b.c:m(2))
local t = {}
function t.plain(...) return select("#", ...) end
function t:meth(...) return select("#", ...) end
print(t.plain(1, 2), t:meth(1, 2), t.meth(t, 1, 2))
function globalfn() return "global fn" end
print(globalfn(), type(_G.globalfn))
local function localfn() return "local fn" end
print(localfn())
local anon = function(...) return ... end
print(anon("anon", "fn"))
local obj = {n = 0}
function obj.inc(self, by) self.n = self.n + by return self.n end
print(obj:inc(5), obj.inc(obj, 1))
