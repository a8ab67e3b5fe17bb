-- golden: lua5.4
local parts = {"return ", "10 ", "+ ", "5"}
local i = 0
local f = load(function()
  i = i + 1
  return parts[i]
end)
print(f(), i)
local pieces = {"local t = {} ", "for i = 1, 3 do t[i] = i * i end ", "return table.concat(t, ',')", ""}
local j = 0
print(load(function() j = j + 1 return pieces[j] end)())
local chars = "return 'per char'"
local k = 0
print(load(function() k = k + 1 if k <= #chars then return chars:sub(k, k) end end, "=chars")())
local ok, err = load(function() return nil end)
print(type(ok), err)
