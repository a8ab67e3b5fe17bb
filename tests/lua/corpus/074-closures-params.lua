local function bind(f, a) return function(...) return f(a, ...) end end
local function add3(a, b, c) return a + b + c end
print(bind(bind(add3, 1), 2)(3))
local function adders()
  local list = {}
  for _, n in ipairs({1, 10, 100}) do list[#list + 1] = function(x) return x + n end end
  return list
end
local out = {}
for _, f in ipairs(adders()) do out[#out + 1] = f(5) end
print(table.concat(out, " "))
local function param_capture(x)
  local get = function() return x end
  x = x * 2
  return get
end
print(param_capture(21)())
