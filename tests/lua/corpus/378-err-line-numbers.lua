-- golden: lua5.4
local function try(f) local ok, e = pcall(f) print(ok, e) end
try(function()
  local a = 1
  local b = nil
  return a + b
end)
try(function()
  local t = {
    x = 1,
  }
  return t.y.z
end)
try(function()
  error("explicit error")
end)
local function multi_line_call(a,
                               b)
  return a .. b
end
try(function() return multi_line_call("x", nil) end)
try(function()
  local s = "a" ..
    "b" ..
    nil_global_value
  return s
end)
