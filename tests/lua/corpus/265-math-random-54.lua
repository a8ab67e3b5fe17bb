-- golden: lua5.4
local ok = true
for i = 1, 1000 do
  local r = math.random(10)
  if r < 1 or r > 10 or r ~= r // 1 then ok = false end
end
print(ok)
print(pcall(function() return math.random(3, 1) end))
print(math.random(7, 7))
