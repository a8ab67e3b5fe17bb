local i = 0
while i < 5 do i = i + 1 end
print(i)
local n, steps = 27, 0
while n ~= 1 do
  if n % 2 == 0 then n = n / 2 else n = 3 * n + 1 end
  steps = steps + 1
end
print(steps)
local x = 10
while false do x = 0 end
print(x)
local t = {5, 4, 3, 2, 1}
local k = 1
while t[k] do k = k + 1 end
print(k)
local s = 0
while true do
  s = s + 1
  if s >= 7 then break end
end
print(s)
