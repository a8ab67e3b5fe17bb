local n = 0
repeat
  local sq = n * n
  n = n + 1
until sq > 50
print(n)
local attempts = 0
local value
repeat
  attempts = attempts + 1
  value = (attempts * 37) % 11
until value == 0 or attempts > 100
print(attempts, value)
local s = ""
repeat s = s .. "x" until #s >= 5
print(s)
local i = 10
repeat
  local i = i - 1
  if i < 0 then break end
until true
print(i)
