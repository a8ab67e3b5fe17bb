-- golden: lua5.4
local obj = {}
function obj:first() return self end
local ok, e = pcall(function()
  return obj
    :first()
    :first()
    :missing()
end)
print(ok, e)
ok, e = pcall(function()
  local s = "text"
  return s:upper()
          :nosuch()
end)
print(ok, e)
