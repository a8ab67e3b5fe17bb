local x = 1
do
  local x = 2
  print(x)
  do
    local x = x + 1
    print(x)
  end
  print(x)
end
print(x)
local a, b, c = 1, 2
print(a, b, c)
local d, e = 1, 2, 3
print(d, e)
local y = y
print(y)
g = "global"
local g = g .. "-local"
print(g, _G.g)
local function shadow(x) local x = x * 10 return x end
print(shadow(4), x)
for x = 1, 2 do local x = x * 100 print(x) end
print(x)
