print(pcall(pcall, error, "e1"))
print(pcall(function()
  local ok, e = pcall(error, "inner", 0)
  error("outer after " .. e, 0)
end))
local depth = 0
local function nest(n)
  if n == 0 then error("deep", 0) end
  depth = depth + 1
  local ok, e = pcall(nest, n - 1)
  error(e .. "<" .. n, 0)
end
print(pcall(nest, 5))
