for i = 1, 3, 0.5 do io.write(i, " ") end print()
for i = 0.5, 3 do io.write(i, " ") end print()
for i = 1, 3.5 do io.write(i, " ") end print()
for i = 2.5, 0, -1 do io.write(i, " ") end print()
for i = 1, 2, 0.25 do io.write(i, " ") end print()
local c = 0
for x = 0, 1, 0.1 do c = c + 1 end
print("count 0..1 step 0.1:", c)
c = 0
for x = 1, 0, -0.1 do c = c + 1 end
print("count 1..0 step -0.1:", c)
c = 0
for x = 0, 1, 0.25 do c = c + 1 end
print("count 0..1 step 0.25:", c)
c = 0
for x = -1.5, 1.5 do c = c + 1 end
print(c)
