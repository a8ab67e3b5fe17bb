-- golden: lua5.4
local i = 0
local out = {}
repeat
  i = i + 1
  if i == 3 then goto skip end
  out[#out + 1] = i
  ::skip::
until i >= 5
print(table.concat(out, ","))
local n = 0
while true do
  n = n + 1
  if n < 4 then goto continue end
  break
  ::continue::
end
print(n)
local function collatz(x)
  local steps = 0
  ::again::
  if x == 1 then return steps end
  steps = steps + 1
  if x % 2 == 0 then x = x // 2 else x = 3 * x + 1 end
  goto again
end
print(collatz(27), collatz(1), collatz(6))
