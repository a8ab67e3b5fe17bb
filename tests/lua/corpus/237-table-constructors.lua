local t = {1, 2, 3, x = "x", ["y z"] = "yz", [10] = "ten", [1 + 1] = "overridden?"}
print(t[1], t[2], t[3], t.x, t["y z"], t[10])
local u = {[1] = "a", "b"}
print(u[1])
local v = {"a", "b"; "c"; d = 1,}
print(#v, v.d)
local w = {{}, {{}}, {x = {y = {z = "deep"}}}}
print(w[3].x.y.z, #w[2])
local function f() return 1, 2, 3 end
local m = {f(), f()}
print(#m, m[4])
local n = {f(), k = "v", f()}
print(#n)
local e = {}
print(next(e))
local nested = {a = {b = {c = {}}}}
nested.a.b.c.d = "set"
print(nested.a.b.c.d)
local neg = {[-1] = "minus one", [0] = "zero"}
print(neg[-1], neg[0], #neg)
