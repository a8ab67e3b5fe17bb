local calls = 0
local function lim(v) calls = calls + 1; return v end
for i = lim(1), lim(3), lim(1) do end
print(calls)
local stop = 3
local n = 0
for i = 1, stop do stop = 10; n = n + 1 end
print(n, stop)
local c = 0
for i = 2^52 - 2, 2^52 do c = c + 1 end
print(c)
c = 0
for i = 1, math.huge do c = c + 1; if c == 5 then break end end
print(c)
c = 0
for i = -math.huge, 0 do c = c + 1; if c == 3 then break end end
print(c)
for i = 1, 3 do end
print(i)
c = 0
for i = 1e6, 1e6 + 2 do c = c + i end
print(c)
