local t = {}
local x = 12345
for i = 1, 5000 do
  x = (x * 16807) % 2147483647
  t[i] = x % 100000
end
table.sort(t)
local sorted = true
for i = 2, #t do if t[i - 1] > t[i] then sorted = false break end end
print(sorted, #t, t[1], t[2500], t[5000])
table.sort(t, function(a, b) return a > b end)
print(t[1], t[5000])
local r = {}
for i = 1, 1000 do r[i] = 1000 - i end
table.sort(r)
print(r[1], r[500], r[1000])
local same = {}
for i = 1, 100 do same[i] = 7 end
table.sort(same)
print(same[1], same[100])
