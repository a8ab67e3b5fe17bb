local t = {}
t[1] = "one"
t[1.0] = "one-float"
t[2.5] = "two-and-half"
print(t[1], t[2.5], #t)
t["1"] = "string-one"
print(t[1], t["1"])
local k = 3 / 3
print(t[k])
local u = {[1] = "a", [2] = "b"}
u[2^0] = "z"
print(u[1], u[2])
local cnt = 0
for _ in pairs(t) do cnt = cnt + 1 end
print(cnt)
