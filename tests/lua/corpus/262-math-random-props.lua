math.randomseed(42)
local ok = true
for i = 1, 1000 do
  local r = math.random()
  if r < 0 or r >= 1 then ok = false end
end
print("random() in [0,1):", ok)
ok = true
local seen = {}
for i = 1, 2000 do
  local r = math.random(6)
  if r < 1 or r > 6 or r ~= math.floor(r) then ok = false end
  seen[r] = true
end
print("random(6) in 1..6:", ok, #seen)
ok = true
for i = 1, 1000 do
  local r = math.random(-3, 3)
  if r < -3 or r > 3 or r ~= math.floor(r) then ok = false end
end
print("random(-3,3):", ok)
print(math.random(5, 5), math.random(1, 1))
print(type(math.random()), type(math.random(10)))
