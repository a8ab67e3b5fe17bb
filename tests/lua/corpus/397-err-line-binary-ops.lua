-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
local function val(v) return v end
try(function()
  local a = 1
  local r = a +
    val(nil)
  return r
end)
try(function()
  local r = val(1)
    < val(nil)
  return r
end)
try(function()
  local t = {}
  return t
    .missing
    .field
end)
