local t = {a = {b = {["c d"] = {e = {1, 2, {f = "deep"}}}}}}
print(t.a.b["c d"].e[3].f, t["a"]["b"]["c d"]["e"][2])
local key = "a"
print(t[key].b ~= nil, #t.a.b["c d"].e)
t.a.b.new = "added"
print(t.a.b.new)
local function get() return t end
print(get().a.b.new, (get()).a.b["c d"].e[1])
local m = {{1, 2}, {3, 4}}
m[2][1] = m[1][2] * 10
print(m[2][1], m[#m][#m[#m]])
local k1, k2 = {}, {}
local w = {[k1] = {[k2] = "table keys"}}
print(w[k1][k2])
