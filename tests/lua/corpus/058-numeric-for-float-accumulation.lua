local c = 0
for x = 0.1, 0.5, 0.1 do c = c + 1 end
print(c)
c = 0
for x = 0, 2, 0.2 do c = c + 1 end
print(c)
c = 0
local last
for x = 1, 2, 1 / 3 do c = c + 1 last = x end
print(c, string.format("%.4f", last))
c = 0
for x = 10, 9, -0.125 do c = c + 1 end
print(c)
c = 0
for x = 1e15, 1e15 + 3 do c = c + 1 end
print(c)
c = 0
for x = 0.5, -0.5, -0.5 do c = c + 1 end
print(c)
