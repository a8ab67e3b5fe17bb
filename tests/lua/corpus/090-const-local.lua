-- golden: lua5.4
local x <const> = 10
local s <const> = "str"
print(x * 2, s .. "!")
local function f()
  local limit <const> = 3
  local t = {}
  for i = 1, limit do t[i] = i end
  return #t
end
print(f())
local a <const>, b = 1, 2
b = b + a
print(a, b)
