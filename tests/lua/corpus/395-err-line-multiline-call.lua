-- golden: lua5.4
local function f(a, b, c) return a end
local ok, e = pcall(function()
  return f(1,
    nil_value.x,
    3)
end)
print(ok, e)
ok, e = pcall(function()
  local t = {
    a = 1,
    b = missing_table.field,
    c = 3,
  }
  return t
end)
print(ok, e)
