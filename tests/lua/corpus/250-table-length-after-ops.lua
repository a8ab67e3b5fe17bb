local t = {}
for i = 1, 10 do t[i] = i end
print(#t)
t[#t] = nil
print(#t)
table.insert(t, 99)
print(#t, t[10])
table.remove(t, 1)
print(#t, t[1])
local u = {n = 0}
for i = 1, 5 do u[#u + 1] = i * 2 end
print(#u, u.n)
