local mt = getmetatable("")
local orig = mt.__index
mt.__index = function(s, k)
  if type(k) == "number" then return string.sub(s, k, k) end
  return orig[k]
end
local s = "hello"
print(s[1], s[5], s[6] == "", s:upper())
mt.__index = orig
print(("x"):rep(3))
