local stack = {}
for i = 1, 100000 do stack[#stack + 1] = i end
local s = 0
while #stack > 0 do s = s + stack[#stack]; stack[#stack] = nil end
print(s, #stack)
local q, head, tail = {}, 1, 0
for i = 1, 50000 do tail = tail + 1; q[tail] = i end
local qs = 0
while head <= tail do qs = qs + q[head]; q[head] = nil; head = head + 1 end
print(qs)
local t = {}
for i = 1, 1000 do table.insert(t, i) end
for i = 1, 500 do table.remove(t) end
print(#t, t[#t])
